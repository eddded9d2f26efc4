/**
 * Layer 2: neighbour resolution, device transmission (veth, bridge, VXLAN, ethernet segment, loopback) and the
 * bridge's input path with br_netfilter (net/bridge/br_input.c, br_forward.c, br_netfilter_hooks.c).
 *
 * br_netfilter, when net.bridge.bridge-nf-call-iptables=1, runs the IPv4 PREROUTING hook on a bridged frame
 * inside the bridge, with the bridge as the input device (setup_pre_routing). If DNAT changed the destination,
 * br_nf_pre_routing_finish routes the new address: when the route leads back out of the same bridge the
 * frame is re-addressed to the new destination's MAC and bridged (not routed); otherwise it is handed up to
 * the IP stack, which skips PREROUTING (ip_sabotage_in). Bridged frames then pass FORWARD and POSTROUTING with
 * the bridge as both devices. A frame the bridge would send back out of its ingress port is dropped unless the
 * port is in hairpin mode (br_forward.c should_deliver) — before FORWARD, so nothing is confirmed in conntrack.
 *
 * Not modelled: ARP frames themselves (resolution asks the L2 domain directly, with arp_ignore=0: any local
 * address answers), STP, VLAN filtering, multicast, ebtables, VXLAN learning and flooding to the all-zeros
 * FDB entries beyond the first match.
 */
import { BROADCAST_MAC, type Mac } from '../addr/mac';
import { formatIpv4, type Ipv4 } from '../addr/ipv4';
import type { BridgeDevice, Device, VxlanDevice } from '../link/devices';
import type { Netns } from '../netns/netns';
import type { PacketOutcome } from '../trace/types';
import { nfHook } from './hooks';
import { ipLocalOut, ipRcv } from './ip';
import { clonePacket, type Packet } from './packet';
import { fibLookup } from './route';
import type { Walker } from './walker';

interface L2Owner {
  ns: Netns;
  dev: Device;
  mac: Mac;
  /** Bridges crossed on the way, with the port towards the owner (they learn the owner's MAC there). */
  path: { ns: Netns; bridge: BridgeDevice; towardOwner: string; towardSender: string }[];
}

/** Who answers ARP for `ip` on the link behind `dev` (a depth-first walk of the L2 domain). */
function arpOwner(w: Walker, ns: Netns, dev: Device, ip: Ipv4): L2Owner | undefined {
  const seen = new Set<string>();
  const path: L2Owner['path'] = [];

  const answers = (n: Netns, d: Device): boolean => d.up && n.isLocalAddress(ip) && !(ip >>> 24 === 127);

  // A frame arrives on device d of namespace n.
  const arrive = (n: Netns, d: Device): L2Owner | undefined => {
    const key = `${n.name}|${d.name}`;
    if (seen.has(key) || !d.up) return undefined;
    seen.add(key);
    if (d.master) {
      const br = n.devices.get(d.master);
      if (!br || br.kind !== 'bridge' || !br.up) return undefined;
      if (answers(n, br)) {
        return { ns: n, dev: br, mac: br.mac, path: [...path, { ns: n, bridge: br, towardOwner: br.name, towardSender: d.name }] };
      }
      for (const port of n.devices.values()) {
        if (port.master !== br.name || port.name === d.name) continue;
        path.push({ ns: n, bridge: br, towardOwner: port.name, towardSender: d.name });
        const found = leave(n, port);
        path.pop();
        if (found) return found;
      }
      return undefined;
    }
    return answers(n, d) ? { ns: n, dev: d, mac: d.mac, path: [...path] } : undefined;
  };

  // A frame leaves through device d of namespace n.
  const leave = (n: Netns, d: Device): L2Owner | undefined => {
    switch (d.kind) {
      case 'veth': {
        const peer = w.world.peerOf(n.name, d.name);
        return peer ? arrive(peer.ns, peer.dev) : undefined;
      }
      case 'ether': {
        if (d.segment) w.world.materializeOwner(d.segment, ip);
        const seg = d.segment ? w.world.segments.get(d.segment) : undefined;
        for (const port of seg?.ports ?? []) {
          if (port.ns === n.name && port.dev === d.name) continue;
          const pn = w.world.namespaces.get(port.ns);
          const pd = pn?.devices.get(port.dev);
          const found = pn && pd ? arrive(pn, pd) : undefined;
          if (found) return found;
        }
        return undefined;
      }
      case 'bridge': {
        seen.add(`${n.name}|${d.name}`);
        for (const port of n.devices.values()) {
          if (port.master !== d.name) continue;
          path.push({ ns: n, bridge: d, towardOwner: port.name, towardSender: d.name });
          const found = leave(n, port);
          path.pop();
          if (found) return found;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };
  return leave(ns, dev);
}

/** neigh_output: the MAC for `nexthop` on `dev`, resolving it with ARP when needed. undefined = FAILED. */
export function neighOutput(w: Walker, ns: Netns, dev: Device, nexthop: Ipv4, _p: Packet): Mac | undefined {
  const ip = formatIpv4(nexthop);
  const e = ns.neigh.get(nexthop, dev.name);
  if (e && e.mac && e.state !== 'FAILED') {
    const state = ns.neigh.stateAt(e, w.now);
    w.step({ kind: 'neigh', ip, dev: dev.name, result: state === 'PERMANENT' ? 'permanent' : 'hit', mac: e.mac });
    return e.mac;
  }
  if (dev.kind === 'vxlan') {
    // flannel installs permanent neighbour entries for remote VTEPs; without one nothing answers over the tunnel.
    w.step({ kind: 'neigh', ip, dev: dev.name, result: 'failed' });
    return undefined;
  }
  const owner = arpOwner(w, ns, dev, nexthop);
  if (!owner) {
    ns.neigh.set({ ip: nexthop, dev: dev.name, state: 'FAILED', updated: w.now });
    w.step({ kind: 'neigh', ip, dev: dev.name, result: 'failed' });
    return undefined;
  }
  ns.neigh.set({ ip: nexthop, dev: dev.name, mac: owner.mac, state: 'REACHABLE', updated: w.now });
  // The ARP request and reply teach every bridge on the way both MAC addresses (br_fdb_update).
  for (const step of owner.path) {
    learn(step.bridge, owner.mac, step.towardOwner, w.now);
    learn(step.bridge, dev.mac, step.towardSender, w.now);
  }
  w.step({ kind: 'neigh', ip, dev: dev.name, result: 'resolved', mac: owner.mac, owner: `${owner.ns.name} ${owner.dev.name}` });
  return owner.mac;
}

function learn(br: BridgeDevice, mac: Mac, port: string, now: number): boolean {
  if (port === br.name) return false;
  const cur = br.fdb.get(mac);
  if (cur?.permanent) return false;
  const fresh = !cur || cur.port !== port;
  br.fdb.set(mac, { mac, port, permanent: false, updated: now });
  return fresh;
}

/** Moving a packet into another namespace scrubs it (skb_scrub_packet): mark and conntrack do not cross. */
function scrub(p: Packet): Packet {
  const q = clonePacket(p);
  q.mark = 0;
  q.ct = undefined;
  return q;
}

/** dev_queue_xmit on `dev`. */
export function devXmit(w: Walker, ns: Netns, dev: Device, p: Packet): PacketOutcome {
  if (!dev.up) return w.drop(ns, 'DEV_DOWN', dev.name);
  switch (dev.kind) {
    case 'loopback':
      w.step({ kind: 'xmit', dev: dev.name });
      return ipRcv(w, ns, dev, p);
    case 'veth':
      return vethXmit(w, ns, dev, p);
    case 'bridge':
      return bridgeLocalXmit(w, ns, dev, p);
    case 'vxlan':
      return vxlanXmit(w, ns, dev, p);
    case 'ether':
      return etherXmit(w, ns, dev, p);
    case 'dummy':
      w.step({ kind: 'xmit', dev: dev.name });
      return w.drop(ns, 'NOT_CONNECTED', `${dev.name} is a dummy device`);
  }
}

function vethXmit(w: Walker, ns: Netns, dev: Device & { kind: 'veth' }, p: Packet): PacketOutcome {
  const peer = w.world.peerOf(ns.name, dev.name);
  w.step({ kind: 'xmit', dev: dev.name, ...(peer ? { to: `${peer.ns.name} ${peer.dev.name}` } : {}) });
  if (!peer) return w.drop(ns, 'NOT_CONNECTED', dev.name);
  if (!peer.dev.up) return w.drop(ns, 'DEV_DOWN', `${peer.ns.name} ${peer.dev.name}`);
  return receiveFrame(w, peer.ns, peer.dev, scrub(p));
}

/** netif_receive_skb on `dev`: a bridge port hands the frame to its bridge; others check the MAC. */
function receiveFrame(w: Walker, ns: Netns, dev: Device, p: Packet): PacketOutcome {
  if (dev.master) {
    const br = ns.devices.get(dev.master);
    if (br && br.kind === 'bridge') return bridgeInput(w, ns, br, dev, p);
  }
  if (p.dstMac !== dev.mac && p.dstMac !== BROADCAST_MAC) {
    if (!w.hop(ns, p, 'netns', dev.name)) return w.loop(ns);
    return w.drop(ns, 'OTHERHOST', `frame for ${p.dstMac}, ${dev.name} is ${dev.mac}`);
  }
  return ipRcv(w, ns, dev, p);
}

function fdbLookup(w: Walker, br: BridgeDevice, mac: Mac): string | undefined {
  const e = br.fdb.get(mac);
  if (!e) return undefined;
  if (!e.permanent && w.now - e.updated > br.ageingMs) {
    br.fdb.delete(mac);
    return undefined;
  }
  return e.port;
}

/** Flooding: the port behind which `mac` lives, found by walking the domain (the copy that gets accepted). */
function floodTarget(w: Walker, ns: Netns, br: BridgeDevice, mac: Mac, exclude: string | undefined): Device | undefined {
  for (const port of ns.devices.values()) {
    if (port.master !== br.name || port.name === exclude || !port.up) continue;
    if (port.mac === mac) return port;
    if (port.kind === 'veth') {
      const peer = w.world.peerOf(ns.name, port.name);
      if (peer?.dev.mac === mac) return port;
    }
  }
  return undefined;
}

/** br_handle_frame → (br_netfilter PREROUTING) → local delivery or br_forward. */
function bridgeInput(w: Walker, ns: Netns, br: BridgeDevice, port: Device, p: Packet): PacketOutcome {
  if (!w.hop(ns, p, 'bridge', port.name, br.name)) return w.loop(ns);
  if (!br.up) return w.drop(ns, 'DEV_DOWN', br.name);
  const learned = p.srcMac && learn(br, p.srcMac, port.name, w.now) ? port.name : undefined;
  const brnf = ns.sysctl['net.bridge.bridge-nf-call-iptables'] === 1;
  w.step({ kind: 'br-netfilter', bridge: br.name, enabled: brnf, note: brnf ? 'hooks' : 'skipped' });
  if (brnf) {
    const dstBefore = p.dst;
    const v = nfHook(w, ns, 'PREROUTING', p, { in: br.name });
    if (v.kind === 'drop') return w.drop(ns, v.reason, v.detail);
    if (v.kind === 'reject') return { kind: 'rejected', with: v.with, hop: w.hopIndex, ns: ns.name };
    if (p.dst !== dstBefore) {
      // br_nf_pre_routing_finish: route the new destination; back out of this bridge means "bridge it".
      const r = fibLookup(ns, p.dst);
      if (r && r.type === 'unicast' && r.dev === br.name && r.via === undefined) {
        const mac = neighOutput(w, ns, br, p.dst, p);
        if (mac === undefined) return w.drop(ns, 'NEIGH_FAILED', formatIpv4(p.dst));
        p.dstMac = mac;
        w.step({ kind: 'br-netfilter', bridge: br.name, enabled: true, note: 'bridged-dnat' });
      } else {
        p.dstMac = br.mac;
        w.step({ kind: 'br-netfilter', bridge: br.name, enabled: true, note: 'routed-dnat' });
      }
    }
  }
  const dstMac = p.dstMac ?? BROADCAST_MAC;
  const known = fdbLookup(w, br, dstMac);
  const local = dstMac === br.mac || (known !== undefined && br.fdb.get(dstMac)?.permanent === true);
  if (local) {
    w.step({ kind: 'fdb', bridge: br.name, mac: dstMac, result: 'local', ...(learned ? { learned } : {}) });
    return ipRcv(w, ns, br, p, { skipPrerouting: brnf });
  }
  let out: Device | undefined;
  if (known !== undefined) {
    out = ns.devices.get(known);
    w.step({ kind: 'fdb', bridge: br.name, mac: dstMac, result: 'hit', port: known, ...(learned ? { learned } : {}) });
  } else {
    out = floodTarget(w, ns, br, dstMac, port.hairpin ? undefined : port.name);
    w.step({ kind: 'fdb', bridge: br.name, mac: dstMac, result: 'flood', ...(out ? { port: out.name } : {}), ...(learned ? { learned } : {}) });
    if (!out) return w.drop(ns, 'OTHERHOST', `no port of ${br.name} leads to ${dstMac}`);
  }
  if (!out) return w.drop(ns, 'NOT_CONNECTED', known);
  if (out.name === port.name && !port.hairpin) return w.drop(ns, 'BRIDGE_HAIRPIN', port.name);
  if (brnf) {
    for (const hook of ['FORWARD', 'POSTROUTING'] as const) {
      const io = hook === 'FORWARD' ? { in: br.name, out: br.name } : { out: br.name };
      const v = nfHook(w, ns, hook, p, io);
      if (v.kind === 'drop') return w.drop(ns, v.reason, v.detail);
      if (v.kind === 'reject') return { kind: 'rejected', with: v.with, hop: w.hopIndex, ns: ns.name };
    }
  }
  return portXmit(w, ns, out, p);
}

/** br_dev_xmit: the node routed a packet out of the bridge device itself; no iptables at bridge level. */
function bridgeLocalXmit(w: Walker, ns: Netns, br: BridgeDevice, p: Packet): PacketOutcome {
  const mac = p.dstMac ?? BROADCAST_MAC;
  const known = fdbLookup(w, br, mac);
  const out = known !== undefined ? ns.devices.get(known) : floodTarget(w, ns, br, mac, undefined);
  w.step({ kind: 'fdb', bridge: br.name, mac, result: known !== undefined ? 'hit' : 'flood', ...(out ? { port: out.name } : {}) });
  if (!out) return w.drop(ns, 'OTHERHOST', `no port of ${br.name} leads to ${mac}`);
  return portXmit(w, ns, out, p);
}

function portXmit(w: Walker, ns: Netns, port: Device, p: Packet): PacketOutcome {
  if (!port.up) return w.drop(ns, 'DEV_DOWN', port.name);
  if (port.kind === 'veth') return vethXmit(w, ns, port, p);
  if (port.kind === 'ether') return etherXmit(w, ns, port, p);
  if (port.kind === 'vxlan') return vxlanXmit(w, ns, port, p);
  return w.drop(ns, 'NOT_CONNECTED', port.name);
}

function etherXmit(w: Walker, ns: Netns, dev: Device & { kind: 'ether' }, p: Packet): PacketOutcome {
  const seg = dev.segment ? w.world.segments.get(dev.segment) : undefined;
  for (const port of seg?.ports ?? []) {
    if (port.ns === ns.name && port.dev === dev.name) continue;
    const pn = w.world.namespaces.get(port.ns);
    const pd = pn?.devices.get(port.dev);
    if (!pn || !pd || !pd.up) continue;
    if (pd.mac === p.dstMac || (pd.master && floodTarget(w, pn, pn.devices.get(pd.master) as BridgeDevice, p.dstMac ?? '', pd.name))) {
      w.step({ kind: 'xmit', dev: dev.name, to: `${pn.name} ${pd.name}` });
      return receiveFrame(w, pn, pd, scrub(p));
    }
  }
  w.step({ kind: 'xmit', dev: dev.name });
  if (!seg || seg.ports.length < 2) return w.drop(ns, 'NOT_CONNECTED', dev.name);
  return { kind: 'left', dev: dev.name, ns: ns.name, hop: w.hopIndex };
}

/** vxlan_xmit: look up the remote VTEP for the inner destination MAC and send a UDP packet over the underlay. */
function vxlanXmit(w: Walker, ns: Netns, dev: VxlanDevice, p: Packet): PacketOutcome {
  const entry = dev.fdb.find((e) => e.mac === p.dstMac) ?? dev.fdb.find((e) => e.mac === '00:00:00:00:00:00');
  if (!entry) return w.drop(ns, 'VXLAN_NO_FDB', `${dev.name} has no fdb entry for ${p.dstMac}`);
  // udp_flow_src_port: the outer source port is a hash of the inner flow, in the local port range.
  const hash = ((p.src ^ p.dst ^ (p.sport << 16) ^ p.dport) >>> 0) % 28232;
  const outer: Packet = {
    src: dev.local ?? 0,
    dst: entry.dst,
    proto: 'udp',
    sport: 32768 + hash,
    dport: dev.dstPort,
    ttl: 64,
    len: p.len + 50,
    df: false,
    mark: 0,
    encap: { vni: dev.vni, inner: scrub(p) },
  };
  w.step({ kind: 'vxlan', action: 'encap', vni: dev.vni, outerSrc: dev.local !== undefined ? formatIpv4(dev.local) : 'auto', outerDst: formatIpv4(entry.dst), port: dev.dstPort });
  // The encapsulated packet is locally generated: OUTPUT and POSTROUTING see it (iptunnel_xmit → ip_local_out).
  return ipLocalOut(w, ns, outer, { continueHop: true });
}

/** vxlan_rcv: UDP to a VXLAN port with a matching VNI is decapsulated and received on the VXLAN device. */
export function vxlanReceive(w: Walker, ns: Netns, p: Packet): PacketOutcome | undefined {
  const enc = p.encap;
  if (!enc || p.proto !== 'udp') return undefined;
  const dev = [...ns.devices.values()].find((d): d is VxlanDevice => d.kind === 'vxlan' && d.dstPort === p.dport && d.vni === enc.vni);
  if (!dev) return undefined;
  w.step({ kind: 'vxlan', action: 'decap', vni: enc.vni, outerSrc: formatIpv4(p.src), outerDst: formatIpv4(p.dst), port: p.dport });
  if (!dev.up) return w.drop(ns, 'DEV_DOWN', dev.name);
  return receiveFrame(w, ns, dev, scrub(enc.inner));
}
