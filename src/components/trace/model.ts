/**
 * The trace table's rows, as plain data: for each leg (request, reply, ACK) one row per hop with where the
 * packet was, the device it arrived on, the packet as it looked there, and one short decision row per step of
 * the kernel's path (route, ARP, bridge FDB, conntrack, iptables hooks with the rule that decided, NAT, VXLAN,
 * socket …). Each decision keeps the exact route or rule text for the expandable detail. Pure: the build-time
 * figure and the browser view both render from this.
 *
 * A hop's place (`devices`) lists the devices it touched as "NAMESPACE DEVICE", the same words as
 * src/sim/trace/path.ts, so the topology view can light up the same boxes.
 *
 * Not modelled: explore() branches (a view shows one trace), the ACK leg in the step-through.
 */
import { explain } from '../../sim/trace/explain';
import { DROP_REASONS, type Hop, type PacketTrace, type PacketView, type Step, type Trace } from '../../sim/trace/types';
import type { ViewLang } from '../figures/lang';
import { traceStrings, type StepLabel, type TraceStrings } from './strings';

/** What the views accept: a bare Trace, or one entry of LabCluster.toJSON().traces (which carries its trace). */
export type TraceInput = Trace | { readonly trace: Trace; readonly explain?: Partial<Record<ViewLang, string>>; readonly path?: readonly string[] };

export type Tone = 'plain' | 'muted' | 'nat' | 'ok' | 'bad';

export interface DecisionRow {
  readonly kind: Step['kind'];
  readonly label: string;
  readonly tone: Tone;
  /** The short sentence shown in the row. */
  readonly text: string;
  /** Route or rule text shown in monospace next to the sentence (the rule that decided, the route used). */
  readonly code?: string;
  /** Exact lines shown when the row is expanded; absent when the row already says everything. */
  readonly detail?: { readonly title: string; readonly lines: readonly string[] };
}

export interface HopRow {
  readonly leg: PacketTrace['leg'];
  /** The hop's index in its leg (0-based, as in the trace). */
  readonly index: number;
  readonly ns: string;
  readonly kind: Hop['kind'];
  readonly where: string;
  readonly arrivedOn: string;
  readonly packet: { readonly from: string; readonly to: string; readonly proto: string; readonly ttl: number; readonly extra: string };
  readonly decisions: readonly DecisionRow[];
  /** Devices this hop touched, "NAMESPACE DEVICE", first the one it arrived on (or left by, when sent here). */
  readonly devices: readonly string[];
  /** Set on the hop where the leg ended. */
  readonly outcome?: string;
}

export interface LegView {
  readonly leg: PacketTrace['leg'];
  readonly name: string;
  readonly caption: string;
  readonly hops: readonly HopRow[];
  readonly rulesEvaluated: number;
}

export interface TraceViewModel {
  readonly lang: ViewLang;
  readonly title: string;
  readonly verdict: Trace['verdict'];
  readonly verdictLabel: string;
  /** One line: verdict, reason and the facts that matter (DNAT, source seen, reply TTL). */
  readonly summary: string;
  readonly facts: readonly string[];
  readonly legs: readonly LegView[];
  /** The explanation in words, one line per hop (src/sim/trace/explain.ts): the text alternative. */
  readonly explanation: readonly string[];
}

export function traceOf(input: TraceInput): Trace {
  return 'legs' in input ? input : input.trace;
}

function addr(ip: string, port: number | undefined): string {
  return port === undefined ? ip : `${ip}:${port}`;
}

function packetOf(p: PacketView): HopRow['packet'] {
  const extra = [p.flags ? `[${p.flags}]` : '', p.icmp ?? '', p.mark ? `mark ${p.mark}` : ''].filter(Boolean).join(' ');
  return { from: addr(p.src, p.sport), to: addr(p.dst, p.dport), proto: p.proto, ttl: p.ttl, extra };
}

/** "NAMESPACE DEVICE" strings a hop touched, in order, without repeats. */
export function hopDevices(h: Hop): string[] {
  const out: string[] = [];
  const add = (dev: string | undefined) => {
    if (!dev || dev === 'lo') return;
    const s = `${h.ns} ${dev}`;
    if (!out.includes(s)) out.push(s);
  };
  if (h.kind === 'bridge') {
    add(h.inDev);
    add(h.bridge);
  } else add(h.inDev);
  for (const s of h.steps) {
    if (s.kind === 'route' && s.result && (s.decision === 'forward' || s.decision === 'output')) add(s.result.dev);
    else if (s.kind === 'fdb' && s.port) add(s.port);
    else if (s.kind === 'xmit') add(s.dev);
  }
  return out;
}

function ruleLine(r: { chain: string; index: number; text: string }): string {
  return `${r.chain} #${r.index}: ${r.text}`;
}

function decision(s: Step, t: TraceStrings): DecisionRow {
  const w = t.s;
  const row = (label: StepLabel, tone: Tone, text: string, extra: Partial<DecisionRow> = {}): DecisionRow => ({ kind: s.kind, label: t.label[label], tone, text, ...extra });
  switch (s.kind) {
    case 'route':
      if (!s.result) return row('route', 'bad', w.noRoute(s.dst));
      return row('route', 'plain', w.route(s.purpose, s.dst, s.decision), {
        code: s.result.text,
        detail: { title: w.routeDetail(s.result.table, s.result.type), lines: [`ip route show table ${s.result.table}`, s.result.text] },
      });
    case 'neigh':
      return row('arp', s.result === 'failed' ? 'bad' : 'plain', w.neigh(s.ip, s.result, s.mac, s.owner));
    case 'fdb':
      return row('fdb', 'plain', s.result === 'local' ? w.fdbLocal(s.mac) : s.result === 'flood' ? w.fdbFlood(s.mac) : w.fdbHit(s.mac, s.port ?? '?'));
    case 'br-netfilter':
      return row('brnf', 'muted', w.brnf(s.bridge, s.enabled, s.note));
    case 'conntrack':
      return row('ct', s.state === 'INVALID' ? 'bad' : 'plain', w.ct(s.state, s.id, s.dir, s.created));
    case 'ct-confirm':
      return row('ct', 'muted', w.ctConfirm(s.id));
    case 'hook': {
      const last = s.matched[s.matched.length - 1];
      const tone: Tone = s.verdict === 'ACCEPT' ? 'ok' : 'bad';
      const lines = s.matched.map(ruleLine);
      if (s.policy) lines.push(w.hookPolicy(s.policy));
      lines.push(t.rulesEvaluated(s.evaluated));
      return row('iptables', tone, w.hook(s.hook, s.table, s.verdict), {
        code: s.policy ?? (last ? last.text : w.hookNone),
        detail: { title: w.matched, lines },
      });
    }
    case 'lb':
      return row('lb', 'muted', w.lb(s.probability.toFixed(4), s.taken), { code: s.rule.text, detail: { title: w.matched, lines: [ruleLine(s.rule)] } });
    case 'nat':
      return row('nat', 'nat', w.nat(s.manip, s.before, s.after), s.by ? { code: s.by.text, detail: { title: w.matched, lines: [ruleLine(s.by)] } } : { code: w.natByCt(s.ct) });
    case 'ipvs':
      return row('ipvs', s.dest ? 'nat' : 'bad', w.ipvs(s.vip, s.service, s.dest, s.scheduler));
    case 'ttl':
      return row('ttl', 'muted', w.ttl(s.before, s.after));
    case 'vxlan':
      return row('vxlan', 'plain', s.action === 'encap' ? w.encap(s.vni, s.outerSrc, s.outerDst, s.port) : w.decap(s.vni, s.outerSrc, s.outerDst));
    case 'socket':
      return row('socket', s.result === 'none' ? 'bad' : 'ok', w.socket(s.result, s.socket, s.owner));
    case 'xmit':
      return row('xmit', 'plain', w.xmit(s.dev, s.to));
    case 'drop':
      return row('drop', 'bad', w.drop(s.reason, DROP_REASONS[s.reason]), s.detail ? { code: s.detail } : {});
    case 'reject':
      return row('reject', 'bad', w.reject(s.with));
  }
}

function outcomeText(l: PacketTrace): string {
  const o = l.outcome;
  switch (o.kind) {
    case 'delivered':
      return `delivered${o.socket ? `: ${o.socket}` : ''}${o.owner ? ` (${o.owner})` : ''}`;
    case 'no-socket':
      return 'no socket';
    case 'echo':
      return 'echo reply';
    case 'dropped':
      return `dropped: ${o.reason} (${DROP_REASONS[o.reason]})`;
    case 'rejected':
      return `rejected with ${o.with}`;
    case 'unreachable':
      return `unreachable (${o.code}): ${o.reason}`;
    case 'left':
      return `left through ${o.dev}`;
  }
}

function hopRow(l: PacketTrace, h: Hop, t: TraceStrings): HopRow {
  return {
    leg: l.leg,
    index: h.index,
    ns: h.ns,
    kind: h.kind,
    where: h.kind === 'bridge' ? t.bridgeIn(h.bridge ?? '?', h.ns) : h.ns,
    arrivedOn: h.inDev ?? t.sentLocally,
    packet: packetOf(h.packet),
    decisions: h.steps.map((s) => decision(s, t)),
    devices: hopDevices(h),
    ...(l.outcome.hop === h.index ? { outcome: t.outcome(outcomeText(l), h.index + 1) } : {}),
  };
}

export function traceViewModel(input: TraceInput, lang: ViewLang = 'en'): TraceViewModel {
  const trace = traceOf(input);
  const t = traceStrings(lang);
  const given = 'legs' in input ? undefined : input.explain?.[lang];
  const facts = [
    trace.dnat ? t.dnatTo(trace.dnat) : '',
    trace.sourceSeen ? t.sourceSeen(trace.sourceSeen, trace.masquerade) : '',
    trace.replyTtl !== null ? t.replyTtl(trace.replyTtl) : '',
    t.rulesEvaluated(trace.rulesEvaluated),
  ].filter(Boolean);
  const verdictLabel = t.verdict[trace.verdict];
  return {
    lang,
    title: `${trace.from} → ${trace.to} (${trace.proto})`,
    verdict: trace.verdict,
    verdictLabel,
    summary: trace.reason === 'OK' ? verdictLabel : `${verdictLabel}: ${trace.reason} (${trace.reasonText})`,
    facts,
    legs: trace.legs.map((l) => ({
      leg: l.leg,
      name: t.legName[l.leg],
      caption: t.caption(t.legName[l.leg], l.hops.length),
      hops: l.hops.map((h) => hopRow(l, h, t)),
      rulesEvaluated: l.rulesEvaluated,
    })),
    explanation: (given ?? explain(trace, lang)).split('\n'),
  };
}

/** The hops the step-through visits, in order: request then reply (the ACK repeats the request's path). */
export function stepHops(m: TraceViewModel): HopRow[] {
  return m.legs.filter((l) => l.leg !== 'ack').flatMap((l) => l.hops);
}
