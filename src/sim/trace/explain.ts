/**
 * explain(trace): the trace in plain words, one line per hop, in English or Traditional Chinese. Pure and
 * derived only from the trace's facts, so the UI, the CLI and the docs say the same thing.
 */
import { DROP_REASONS, type Hop, type PacketTrace, type Step, type Trace } from './types';

export type Lang = 'en' | 'zh-tw';

const T = {
  en: {
    from: (ns: string) => `in ${ns}`,
    bridge: (br: string, ns: string) => `on bridge ${br} (${ns})`,
    route: (dst: string, text: string) => `route to ${dst} uses "${text}"`,
    noRoute: (dst: string) => `no route to ${dst}`,
    local: 'the address is local: deliver here',
    neigh: (ip: string, mac: string) => `ARP: ${ip} is at ${mac}`,
    neighFail: (ip: string) => `ARP: nobody answers for ${ip}`,
    fdb: (port: string) => `the bridge forwards it to ${port}`,
    fdbUp: 'the frame is for the bridge itself: up to the IP stack',
    dnat: (a: string, b: string) => `DNAT ${a} → ${b}`,
    snat: (a: string, b: string) => `source NAT ${a} → ${b}`,
    undo: (a: string, b: string) => `conntrack rewrites the reply ${a} → ${b}`,
    rule: (hook: string, table: string, chain: string, n: number) => `${hook}/${table}: ${chain} rule ${n}`,
    lb: (p: number, taken: boolean) => `random choice p=${p.toFixed(3)}: ${taken ? 'taken' : 'skipped'}`,
    encap: (dst: string, vni: number) => `VXLAN: wrapped in UDP to ${dst} (VNI ${vni})`,
    ipvs: (vip: string, dest: string | null) => (dest ? `IPVS: virtual server ${vip} sends it to ${dest}` : `IPVS: virtual server ${vip} has no real server`),
    decap: 'VXLAN: unwrapped',
    ttl: (a: number, b: number) => `TTL ${a} → ${b}`,
    xmit: (dev: string, to?: string) => `sent out of ${dev}${to ? ` to ${to}` : ''}`,
    socket: (s: string) => `received by ${s}`,
    noSocket: 'nothing listens on that port',
    drop: (why: string) => `dropped: ${why}`,
    reject: (w: string) => `rejected with ${w}`,
    verdict: (v: string, why: string) => `Result: ${v} (${why})`,
  },
  'zh-tw': {
    from: (ns: string) => `在 ${ns}`,
    bridge: (br: string, ns: string) => `經過 bridge ${br}（${ns}）`,
    route: (dst: string, text: string) => `到 ${dst} 的路由是「${text}」`,
    noRoute: (dst: string) => `沒有到 ${dst} 的路由`,
    local: '目的位址是本機的：在這裡交付',
    neigh: (ip: string, mac: string) => `ARP：${ip} 在 ${mac}`,
    neighFail: (ip: string) => `ARP：沒有人回應 ${ip}`,
    fdb: (port: string) => `bridge 把它轉送到 ${port}`,
    fdbUp: '這個訊框是給 bridge 自己的：交給 IP 層',
    dnat: (a: string, b: string) => `DNAT ${a} → ${b}`,
    snat: (a: string, b: string) => `來源 NAT ${a} → ${b}`,
    undo: (a: string, b: string) => `conntrack 改寫回應 ${a} → ${b}`,
    rule: (hook: string, table: string, chain: string, n: number) => `${hook}/${table}：${chain} 第 ${n} 條規則`,
    lb: (p: number, taken: boolean) => `隨機選擇 p=${p.toFixed(3)}：${taken ? '選中' : '略過'}`,
    encap: (dst: string, vni: number) => `VXLAN：封裝成送往 ${dst} 的 UDP（VNI ${vni}）`,
    ipvs: (vip: string, dest: string | null) => (dest ? `IPVS：虛擬伺服器 ${vip} 把它送往 ${dest}` : `IPVS：虛擬伺服器 ${vip} 沒有真實伺服器`),
    decap: 'VXLAN：解封裝',
    ttl: (a: number, b: number) => `TTL ${a} → ${b}`,
    xmit: (dev: string, to?: string) => `從 ${dev} 送出${to ? `，到 ${to}` : ''}`,
    socket: (s: string) => `由 ${s} 接收`,
    noSocket: '沒有程式在該埠聆聽',
    drop: (why: string) => `丟棄：${why}`,
    reject: (w: string) => `以 ${w} 拒絕`,
    verdict: (v: string, why: string) => `結果：${v}（${why}）`,
  },
} as const;

function stepWords(s: Step, t: (typeof T)[Lang]): string | undefined {
  switch (s.kind) {
    case 'route':
      if (!s.result) return t.noRoute(s.dst);
      return s.decision === 'local' ? t.local : t.route(s.dst, s.result.text);
    case 'neigh':
      return s.result === 'failed' ? t.neighFail(s.ip) : s.mac ? t.neigh(s.ip, s.mac) : undefined;
    case 'fdb':
      return s.result === 'local' ? t.fdbUp : s.port ? t.fdb(s.port) : undefined;
    case 'hook': {
      // Only a hook that stopped the packet is worth a sentence; NAT has its own step.
      if (s.verdict === 'ACCEPT') return undefined;
      const last = s.matched[s.matched.length - 1];
      return last ? t.rule(s.hook, s.table, last.chain, last.index) : s.policy;
    }
    case 'lb':
      return t.lb(s.probability, s.taken);
    case 'nat':
      return s.manip === 'dnat' ? t.dnat(s.before, s.after) : s.manip === 'snat' || s.manip === 'masquerade' ? t.snat(s.before, s.after) : t.undo(s.before, s.after);
    case 'ipvs':
      return t.ipvs(s.vip, s.dest);
    case 'vxlan':
      return s.action === 'encap' ? t.encap(s.outerDst, s.vni) : t.decap;
    case 'ttl':
      return t.ttl(s.before, s.after);
    case 'xmit':
      return t.xmit(s.dev, s.to);
    case 'socket':
      return s.result === 'none' ? t.noSocket : t.socket(s.owner ? `${s.socket} (${s.owner})` : s.socket ?? 'the kernel');
    case 'drop':
      return t.drop(DROP_REASONS[s.reason]);
    case 'reject':
      return t.reject(s.with);
    default:
      return undefined;
  }
}

function hopWords(h: Hop, t: (typeof T)[Lang]): string {
  const where = h.kind === 'bridge' ? t.bridge(h.bridge ?? '', h.ns) : t.from(h.ns);
  const words = h.steps.map((s) => stepWords(s, t)).filter((x): x is string => Boolean(x));
  return `${h.index + 1}. ${where}: ${words.join('; ')}`;
}

export function explainLeg(l: PacketTrace, lang: Lang = 'en'): string[] {
  return l.hops.map((h) => hopWords(h, T[lang]));
}

export function explain(trace: Trace, lang: Lang = 'en'): string {
  const t = T[lang];
  const lines: string[] = [];
  for (const leg of trace.legs) {
    if (leg.leg === 'ack') continue;
    if (trace.legs.length > 1) lines.push(leg.leg === 'request' ? (lang === 'en' ? 'Request:' : '請求：') : lang === 'en' ? 'Reply:' : '回應：');
    lines.push(...explainLeg(leg, lang));
  }
  lines.push(t.verdict(trace.verdict, trace.reasonText));
  return lines.join('\n');
}
