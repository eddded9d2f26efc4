/**
 * The canonical text form of a trace: one header line, then each leg's hops with one line per step. Golden
 * files and the trace table's text alternative use it. Pure: the same trace always prints the same text.
 */
import type { Hop, PacketTrace, PacketView, Step, Trace } from './types';

export function packetLine(p: PacketView): string {
  const from = p.sport !== undefined ? `${p.src}:${p.sport}` : p.src;
  const to = p.dport !== undefined ? `${p.dst}:${p.dport}` : p.dst;
  const extra = [p.flags ? `[${p.flags}]` : '', p.icmp ?? '', `ttl ${p.ttl}`, p.mark ? `mark ${p.mark}` : ''].filter(Boolean).join(' ');
  return `${from} → ${to} ${p.proto} ${extra}`;
}

export function stepLine(s: Step): string {
  switch (s.kind) {
    case 'route':
      return `route     ${s.purpose} ${s.dst}: ${s.result ? s.result.text : 'no route'}${s.decision ? ` → ${s.decision}` : ''}`;
    case 'neigh':
      return `neigh     ${s.ip} dev ${s.dev} ${s.result}${s.mac ? ` ${s.mac}` : ''}${s.owner ? ` (${s.owner})` : ''}`;
    case 'fdb':
      return `fdb       ${s.bridge} ${s.mac} ${s.result}${s.port ? ` → ${s.port}` : ''}${s.learned ? ` (learned on ${s.learned})` : ''}`;
    case 'br-netfilter':
      return `br_netfilter ${s.bridge} ${s.enabled ? 'on' : 'off'}: ${s.note}`;
    case 'conntrack':
      return `conntrack ${s.state}${s.id ? ` #${s.id}` : ''} ${s.dir}${s.created ? ' (new entry)' : ''}`;
    case 'hook': {
      const rules = s.matched.map((m) => `${m.chain}#${m.index}`).join(' → ');
      return `hook      ${s.hook} ${s.table}${s.in ? ` in=${s.in}` : ''}${s.out ? ` out=${s.out}` : ''}: ${rules || 'no rule matched'} ${s.verdict}${s.policy ? ` (${s.policy})` : ''} [${s.evaluated} rules]`;
    }
    case 'lb':
      return `lb        ${s.rule.chain}#${s.rule.index} p=${s.probability.toFixed(4)} ${s.taken ? 'taken' : 'not taken'}`;
    case 'nat':
      return `nat       ${s.manip} ${s.before} → ${s.after}${s.by ? ` by ${s.by.chain}#${s.by.index}` : ` (conntrack #${s.ct})`}`;
    case 'ipvs':
      return `ipvs      ${s.vip} (${s.service}) ${s.scheduler}${s.persisted ? ' persistent' : ''} → ${s.dest ?? 'no real server'} [${s.dests} real server(s)]`;
    case 'ct-confirm':
      return `conntrack confirm #${s.id}`;
    case 'ttl':
      return `ttl       ${s.before} → ${s.after}`;
    case 'vxlan':
      return `vxlan     ${s.action} vni ${s.vni} ${s.outerSrc} → ${s.outerDst} udp/${s.port}`;
    case 'socket':
      return `socket    ${s.result}${s.socket ? ` ${s.socket}` : ''}${s.owner ? ` (${s.owner})` : ''}`;
    case 'xmit':
      return `xmit      ${s.dev}${s.to ? ` → ${s.to}` : ''}`;
    case 'drop':
      return `drop      ${s.reason}${s.detail ? ` (${s.detail})` : ''}`;
    case 'reject':
      return `reject    ${s.with}`;
  }
}

export function hopHeader(h: Hop): string {
  const where = h.kind === 'bridge' ? `bridge ${h.bridge} (${h.ns})` : h.ns;
  return `[${h.index}] ${where}${h.inDev ? ` from ${h.inDev}` : ' local'}  ${packetLine(h.packet)}`;
}

export function renderLeg(l: PacketTrace): string {
  const lines = [`-- ${l.leg}`];
  for (const h of l.hops) {
    lines.push(hopHeader(h));
    for (const s of h.steps) lines.push(`    ${stepLine(s)}`);
  }
  const o = l.outcome;
  lines.push(`=> ${o.kind}${'reason' in o ? ` ${o.reason}` : ''}${'with' in o ? ` ${o.with}` : ''} at hop ${o.hop} (${o.ns})`);
  return lines.join('\n');
}

export function renderText(t: Trace): string {
  const head = `trace #${t.id}  ${t.from} → ${t.to} ${t.proto}`;
  const tail = [
    `verdict   ${t.verdict} (${t.reason}: ${t.reasonText})`,
    t.dnat ? `dnat      ${t.dnat}` : '',
    t.sourceSeen ? `source seen ${t.sourceSeen}${t.masquerade ? ' (source NAT)' : ''}` : '',
    t.replyTtl !== null ? `reply ttl ${t.replyTtl}` : '',
  ].filter(Boolean);
  return [head, ...t.legs.map(renderLeg), ...tail].join('\n') + '\n';
}
