/**
 * `ip neigh show`, `bridge fdb show`, `conntrack -L` and `sysctl` renderers. Expected text is written by hand from
 * the tools' print functions (iproute2 ip/ipneigh.c print_neigh, bridge/fdb.c print_fdb; libnetfilter_conntrack
 * snprintf_default.c; procps sysctl) and the kernel's dump code, with the reasoning next to each expectation.
 * Sample lines of the same shape appear in FIDELITY.md §3.3 (flannel's PERMANENT neighbour and `dst` FDB entry)
 * and in many public captures, e.g. `tcp 6 431999 ESTABLISHED … [ASSURED] mark=0 use=1`.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr/ipv4';
import { SimError } from '../../src/sim/core/errors';
import type { BridgeDevice } from '../../src/sim/link/devices';
import { createWorld, type World } from '../../src/sim/world/world';
import { bridgeFdbShow, conntrackList, ipNeighShow, sysctlShow } from '../../src/sim/render';

const POD_MAC = '0a:58:0a:f4:01:05';

/** Node with eth0 (2), flannel.1 (3), cni0 (4) and one Pod veth (5), as in render-ip.test.ts. */
function node(): World {
  const w = createWorld({ seed: 1 });
  const n = 'node-1';
  w.addNetns(n, 'node');
  w.linkSet(n, 'lo', { up: true });
  w.addEther(n, 'eth0', { segment: 'underlay', mac: '52:54:00:12:34:56' });
  w.linkSet(n, 'eth0', { up: true });
  w.addAddress(n, 'eth0', '192.168.56.11/24', { brd: true });
  w.addVxlan(n, 'flannel.1', { vni: 1, local: '192.168.56.11', underlay: 'eth0', mac: 'de:a4:50:24:9d:11' });
  w.addAddress(n, 'flannel.1', '10.244.1.0/32');
  w.linkSet(n, 'flannel.1', { up: true });
  w.addBridge(n, 'cni0', { mac: '0a:c6:62:21:46:03', mtu: 1450 });
  w.linkSet(n, 'cni0', { up: true });
  w.addAddress(n, 'cni0', '10.244.1.1/24', { brd: true });
  w.addNetns('pod', 'pod');
  w.addVeth({ ns: n, name: 'vethccb6c1a4', mac: 'a6:f4:a2:e6:dc:9f', mtu: 1450 }, { ns: 'pod', name: 'eth0', mac: POD_MAC, mtu: 1450 });
  w.setMaster(n, 'vethccb6c1a4', 'cni0');
  w.linkSet(n, 'vethccb6c1a4', { up: true });
  w.linkSet('pod', 'eth0', { up: true });
  w.addNeigh(n, '10.244.2.0', '8e:1f:22:33:44:55', 'flannel.1');
  w.addNeigh(n, '10.244.3.0', '8e:1f:22:33:44:66', 'flannel.1');
  w.addVxlanFdb(n, 'flannel.1', '8e:1f:22:33:44:55', '192.168.56.12');
  w.addVxlanFdb(n, 'flannel.1', '8e:1f:22:33:44:66', '192.168.56.13');
  return w;
}

describe('ip neigh show', () => {
  it("prints flannel's permanent entries, learned entries that go STALE, and FAILED ones without lladdr", () => {
    const w = node();
    const ns = w.netns('node-1');
    const now = w.clock.now();
    ns.neigh.set({ ip: parseIpv4('192.168.56.12'), dev: 'eth0', mac: '52:54:00:12:34:57', state: 'REACHABLE', updated: now });
    ns.neigh.set({ ip: parseIpv4('192.168.56.99'), dev: 'eth0', state: 'FAILED', updated: now });
    // print_neigh (iproute2 ≥ 5.16): "%s " per field, "lladdr " + MAC only when known, the NUD state, newline.
    expect(ipNeighShow(w, 'node-1')).toBe(
      '10.244.2.0 dev flannel.1 lladdr 8e:1f:22:33:44:55 PERMANENT \n' +
        '10.244.3.0 dev flannel.1 lladdr 8e:1f:22:33:44:66 PERMANENT \n' +
        '192.168.56.12 dev eth0 lladdr 52:54:00:12:34:57 REACHABLE \n' +
        '192.168.56.99 dev eth0 FAILED \n',
    );
    // base_reachable_time is 30 s: after that without confirmation the entry reads STALE.
    w.clock.advance(30_001);
    expect(ipNeighShow(w, 'node-1')).toContain('192.168.56.12 dev eth0 lladdr 52:54:00:12:34:57 STALE \n');
  });

  it('with a device filter the dev field is left out; an unknown device is an error', () => {
    const w = node();
    expect(ipNeighShow(w, 'node-1', 'flannel.1')).toBe('10.244.2.0 lladdr 8e:1f:22:33:44:55 PERMANENT \n10.244.3.0 lladdr 8e:1f:22:33:44:66 PERMANENT \n');
    expect(ipNeighShow(w, 'node-1', 'eth0')).toBe('');
    expect(() => ipNeighShow(w, 'node-1', 'eth7')).toThrow('Cannot find device "eth7"');
  });
});

describe('bridge fdb show', () => {
  it('lists address lists, the VXLAN remotes, the bridge and its ports in ifindex order', () => {
    const w = node();
    const br = w.netns('node-1').device('cni0') as BridgeDevice;
    // A frame from the Pod taught the bridge its MAC on the veth port.
    br.fdb.set(POD_MAC, { mac: POD_MAC, port: 'vethccb6c1a4', permanent: false, updated: w.clock.now() });
    expect(bridgeFdbShow(w, 'node-1')).toBe(
      [
        // eth0 (ifindex 2), ndo_dflt_fdb_dump of its multicast list: ff02::1 (joined at registration), 224.0.0.1
        // (ip_mc_up), then the solicited-node group of fe80::5054:ff:fe12:3456 (33:33:ff + its last 24 bits).
        '33:33:00:00:00:01 dev eth0 self permanent',
        '01:00:5e:00:00:01 dev eth0 self permanent',
        '33:33:ff:12:34:56 dev eth0 self permanent',
        // flannel.1 (3): vxlan_fdb_dump, NTF_SELF and NUD_PERMANENT; dst is the remote VTEP.
        '8e:1f:22:33:44:55 dev flannel.1 dst 192.168.56.12 self permanent',
        '8e:1f:22:33:44:66 dev flannel.1 dst 192.168.56.13 self permanent',
        // cni0 (4): br_fdb_dump first dumps the bridge's own address lists, with the all-snoopers groups
        // 224.0.0.106 / ff02::6a joined in br_dev_open before the NETDEV_UP notifier joins 224.0.0.1 …
        '33:33:00:00:00:01 dev cni0 self permanent',
        '01:00:5e:00:00:6a dev cni0 self permanent',
        '33:33:00:00:00:6a dev cni0 self permanent',
        '01:00:5e:00:00:01 dev cni0 self permanent',
        '33:33:ff:21:46:03 dev cni0 self permanent',
        // … then the entries with no port (the bridge's own MAC), newest first: VLAN 1 (br_vlan_init), VLAN 0.
        '0a:c6:62:21:46:03 dev cni0 vlan 1 master cni0 permanent',
        '0a:c6:62:21:46:03 dev cni0 master cni0 permanent',
        // vethccb6c1a4 (5): the bridge's entries on this port, newest first (the learned Pod MAC, whose state
        // NUD_REACHABLE prints as "", then the port's local entries for PVID 1 and VLAN 0), then its own list.
        `${POD_MAC} dev vethccb6c1a4 master cni0 `,
        'a6:f4:a2:e6:dc:9f dev vethccb6c1a4 vlan 1 master cni0 permanent',
        'a6:f4:a2:e6:dc:9f dev vethccb6c1a4 master cni0 permanent',
        '33:33:00:00:00:01 dev vethccb6c1a4 self permanent',
        '01:00:5e:00:00:01 dev vethccb6c1a4 self permanent',
        '33:33:ff:e6:dc:9f dev vethccb6c1a4 self permanent',
        '',
      ].join('\n'),
    );
  });

  it('learned entries disappear after the ageing time (300 s); multicast lines can be left out', () => {
    const w = node();
    const br = w.netns('node-1').device('cni0') as BridgeDevice;
    br.fdb.set(POD_MAC, { mac: POD_MAC, port: 'vethccb6c1a4', permanent: false, updated: w.clock.now() });
    w.clock.advance(300_001);
    expect(bridgeFdbShow(w, 'node-1', { multicast: false })).toBe(
      '8e:1f:22:33:44:55 dev flannel.1 dst 192.168.56.12 self permanent\n' +
        '8e:1f:22:33:44:66 dev flannel.1 dst 192.168.56.13 self permanent\n' +
        '0a:c6:62:21:46:03 dev cni0 vlan 1 master cni0 permanent\n' +
        '0a:c6:62:21:46:03 dev cni0 master cni0 permanent\n' +
        'a6:f4:a2:e6:dc:9f dev vethccb6c1a4 vlan 1 master cni0 permanent\n' +
        'a6:f4:a2:e6:dc:9f dev vethccb6c1a4 master cni0 permanent\n',
    );
  });

  it('a device that was never up has only the group joined at registration; a Pod has its eth0 list', () => {
    const w = createWorld();
    w.addNetns('n', 'node');
    w.addEther('n', 'eth0', { mac: '52:54:00:00:00:01' });
    w.addBridge('n', 'br0', { mac: '0a:00:00:00:00:01' });
    expect(bridgeFdbShow(w, 'n')).toBe(
      '33:33:00:00:00:01 dev eth0 self permanent\n' +
        '33:33:00:00:00:01 dev br0 self permanent\n' +
        '0a:00:00:00:00:01 dev br0 vlan 1 master br0 permanent\n' +
        '0a:00:00:00:00:01 dev br0 master br0 permanent\n',
    );
    const n = node();
    // lo is not an ARPHRD_ETHER device and is skipped; eth0 is up with carrier.
    expect(bridgeFdbShow(n, 'pod')).toBe(
      '33:33:00:00:00:01 dev eth0 self permanent\n01:00:5e:00:00:01 dev eth0 self permanent\n33:33:ff:f4:01:05 dev eth0 self permanent\n',
    );
  });
});

describe('conntrack -L', () => {
  function withEntries(): World {
    const w = createWorld();
    const ns = w.addNetns('node-1', 'node');
    const now = w.clock.now();
    const ip = parseIpv4;
    // A Service connection, DNATed to a remote endpoint, fully established.
    const a = ns.conntrack.create({ proto: 'tcp', src: ip('10.244.1.3'), dst: ip('10.96.0.101'), sport: 40000, dport: 80 }, now, 0);
    a.reply = { proto: 'tcp', src: ip('10.244.2.2'), dst: ip('10.244.1.3'), sport: 8080, dport: 40000 };
    a.dnat = true;
    a.tcpState = 'ESTABLISHED';
    a.seenReply = true;
    a.assured = true;
    // 432000 s minus half a second already gone: nf_ct_expires / HZ truncates to 431999.
    a.expires = now + 432_000_000 - 500;
    ns.conntrack.confirm(a);
    // A UDP query never answered, marked 0x4000 by KUBE-MARK-MASQ.
    const b = ns.conntrack.create({ proto: 'udp', src: ip('10.244.1.3'), dst: ip('10.96.0.10'), sport: 53001, dport: 53 }, now, 0x4000);
    ns.conntrack.confirm(b);
    // A ping that got its reply.
    const c = ns.conntrack.create({ proto: 'icmp', src: ip('10.244.1.3'), dst: ip('10.244.2.2'), sport: 7, dport: 0 }, now, 0);
    c.seenReply = true;
    ns.conntrack.confirm(c);
    return w;
  }

  it('prints each entry in the libnetfilter_conntrack default format and the summary on stderr', () => {
    const w = withEntries();
    w.clock.advance(1000);
    const out = conntrackList(w, 'node-1');
    // "%-8s %u " protocol, seconds left, TCP state, orig tuple, [UNREPLIED] before the reply tuple when no reply
    // was seen, [ASSURED], mark= (always dumped), use=; the last blank is removed. ICMP tuples print
    // type/code/id: an echo request (8) one way, an echo reply (0) the other.
    expect(out.stdout).toBe(
      'tcp      6 431998 ESTABLISHED src=10.244.1.3 dst=10.96.0.101 sport=40000 dport=80 src=10.244.2.2 dst=10.244.1.3 sport=8080 dport=40000 [ASSURED] mark=0 use=1\n' +
        'udp      17 29 src=10.244.1.3 dst=10.96.0.10 sport=53001 dport=53 [UNREPLIED] src=10.96.0.10 dst=10.244.1.3 sport=53 dport=53001 mark=16384 use=1\n' +
        'icmp     1 29 src=10.244.1.3 dst=10.244.2.2 type=8 code=0 id=7 src=10.244.2.2 dst=10.244.1.3 type=0 code=0 id=7 mark=0 use=1\n',
    );
    expect(out.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.\n');
  });

  it('expired entries are not shown, and rendering does not change the table', () => {
    const w = withEntries();
    w.clock.advance(31_000);
    expect(conntrackList(w, 'node-1').stderr).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(w.netns('node-1').conntrack.snapshot()).toHaveLength(3);
    const empty = createWorld();
    empty.addNetns('x');
    expect(conntrackList(empty, 'x')).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n' });
  });
});

describe('sysctl', () => {
  it('prints "name = value" for one sysctl, with dots or slashes, and all of them sorted', () => {
    const w = createWorld();
    const ns = w.addNetns('n', 'node');
    ns.setSysctl('net.ipv4.ip_forward', 1);
    expect(sysctlShow(w, 'n', 'net.ipv4.ip_forward')).toBe('net.ipv4.ip_forward = 1\n');
    expect(sysctlShow(w, 'n', 'net/ipv4/conf/all/rp_filter')).toBe('net.ipv4.conf.all.rp_filter = 0\n');
    expect(sysctlShow(w, 'n')).toBe(
      'net.bridge.bridge-nf-call-iptables = 1\n' +
        'net.ipv4.conf.all.route_localnet = 0\n' +
        'net.ipv4.conf.all.rp_filter = 0\n' +
        'net.ipv4.icmp_echo_ignore_all = 0\n' +
        'net.ipv4.ip_forward = 1\n',
    );
  });

  it('an unmodelled name fails with the tool message', () => {
    const w = createWorld();
    w.addNetns('n');
    expect(() => sysctlShow(w, 'n', 'net.ipv4.tcp_syncookies')).toThrow(SimError);
    expect(() => sysctlShow(w, 'n', 'net.ipv4.tcp_syncookies')).toThrow('sysctl: cannot stat /proc/sys/net/ipv4/tcp_syncookies: No such file or directory');
  });
});
