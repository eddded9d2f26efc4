/**
 * The trace view's own words in English and Traditional Chinese: column heads, step labels and the short
 * sentences of each decision row. Kernel and iptables words (PREROUTING, DNAT, conntrack, FDB) stay as they are
 * in both languages, as the tools print them.
 *
 * Not modelled: plural forms (counts read as "N rules" in both languages).
 */
import type { ViewLang } from '../figures/lang';

export interface TraceStrings {
  caption: (leg: string, hops: number) => string;
  legName: Record<'request' | 'reply' | 'ack', string>;
  cols: { hop: string; where: string; arrived: string; packet: string; decisions: string };
  bridgeIn: (bridge: string, ns: string) => string;
  sentLocally: string;
  ttl: string;
  verdict: Record<'delivered' | 'refused' | 'dropped' | 'timeout' | 'unreachable', string>;
  dnatTo: (to: string) => string;
  sourceSeen: (src: string, nat: boolean) => string;
  replyTtl: (ttl: number) => string;
  rulesEvaluated: (n: number) => string;
  inWords: string;
  ackLeg: (hops: number) => string;
  prev: string;
  next: string;
  stepper: string;
  status: (leg: string, n: number, total: number, where: string) => string;
  noSelection: string;
  outcome: (what: string, n: number) => string;
  label: Record<StepLabel, string>;
  s: StepWords;
}

export type StepLabel = 'route' | 'arp' | 'fdb' | 'brnf' | 'ct' | 'iptables' | 'lb' | 'nat' | 'ipvs' | 'ttl' | 'vxlan' | 'socket' | 'xmit' | 'drop' | 'reject';

export interface StepWords {
  route: (purpose: string, dst: string, decision?: string) => string;
  noRoute: (dst: string) => string;
  neigh: (ip: string, result: string, mac?: string, owner?: string) => string;
  fdbLocal: (mac: string) => string;
  fdbHit: (mac: string, port: string) => string;
  fdbFlood: (mac: string) => string;
  brnf: (bridge: string, on: boolean, note: string) => string;
  ct: (state: string, id: number, dir: string, created: boolean) => string;
  ctConfirm: (id: number) => string;
  hook: (hook: string, table: string, verdict: string) => string;
  hookPolicy: (policy: string) => string;
  hookNone: string;
  lb: (p: string, taken: boolean) => string;
  nat: (manip: string, before: string, after: string) => string;
  natByCt: (id: number) => string;
  ipvs: (vip: string, service: string, dest: string | null, scheduler: string) => string;
  ttl: (a: number, b: number) => string;
  encap: (vni: number, src: string, dst: string, port: number) => string;
  decap: (vni: number, src: string, dst: string) => string;
  socket: (result: string, socket?: string, owner?: string) => string;
  xmit: (dev: string, to?: string) => string;
  drop: (reason: string, text: string) => string;
  reject: (w: string) => string;
  matched: string;
  routeDetail: (table: string, type: string) => string;
}

const en: TraceStrings = {
  caption: (leg, hops) => `${leg}: ${hops} ${hops === 1 ? 'hop' : 'hops'}`,
  legName: { request: 'Request', reply: 'Reply', ack: 'ACK' },
  cols: { hop: 'Hop', where: 'Where', arrived: 'Arrived on', packet: 'Packet', decisions: 'Decisions' },
  bridgeIn: (bridge, ns) => `bridge ${bridge} in ${ns}`,
  sentLocally: 'sent from here',
  ttl: 'TTL',
  verdict: { delivered: 'Delivered', refused: 'Refused', dropped: 'Dropped', timeout: 'Timed out', unreachable: 'Unreachable' },
  dnatTo: (to) => `DNAT to ${to}`,
  sourceSeen: (src, nat) => `the receiver saw the source ${src}${nat ? ' (source NAT)' : ''}`,
  replyTtl: (ttl) => `reply TTL ${ttl}`,
  rulesEvaluated: (n) => `${n} iptables rules evaluated`,
  inWords: 'The trace in words',
  ackLeg: (hops) => `The final ACK (${hops} hops)`,
  prev: 'Previous hop',
  next: 'Next hop',
  stepper: 'Step through the hops',
  status: (leg, n, total, where) => `${leg}, hop ${n} of ${total}: ${where}`,
  noSelection: 'Press Next hop to follow the packet.',
  outcome: (what, n) => `Ends at hop ${n}: ${what}`,
  label: {
    route: 'route', arp: 'ARP', fdb: 'bridge FDB', brnf: 'br_netfilter', ct: 'conntrack', iptables: 'iptables', lb: 'random',
    nat: 'NAT', ipvs: 'IPVS', ttl: 'TTL', vxlan: 'VXLAN', socket: 'socket', xmit: 'send', drop: 'drop', reject: 'reject',
  },
  s: {
    route: (purpose, dst, decision) => `${purpose} lookup for ${dst}${decision ? ` → ${decision}` : ''}`,
    noRoute: (dst) => `no route to ${dst}`,
    neigh: (ip, result, mac, owner) => `${ip} ${result}${mac ? ` at ${mac}` : ''}${owner ? ` (${owner})` : ''}`,
    fdbLocal: (mac) => `${mac} is the bridge's own address: up to the IP stack`,
    fdbHit: (mac, port) => `${mac} is on port ${port}`,
    fdbFlood: (mac) => `${mac} unknown: flooded to every port`,
    brnf: (bridge, on, note) => `${bridge}: ${on ? 'on' : 'off'} (${note})`,
    ct: (state, id, dir, created) => `${state}${id ? ` #${id}` : ''}, ${dir === 'orig' ? 'original direction' : 'reply direction'}${created ? ', new entry' : ''}`,
    ctConfirm: (id) => `entry #${id} confirmed`,
    hook: (hook, table, verdict) => `${hook} · ${table} → ${verdict}`,
    hookPolicy: (policy) => `chain policy: ${policy}`,
    hookNone: 'no rule matched',
    lb: (p, taken) => `probability ${p}: ${taken ? 'taken' : 'not taken'}`,
    nat: (manip, before, after) => `${manip} ${before} → ${after}`,
    natByCt: (id) => `by conntrack entry #${id}`,
    ipvs: (vip, service, dest, scheduler) => `${vip} (${service}, ${scheduler}) → ${dest ?? 'no real server'}`,
    ttl: (a, b) => `${a} → ${b}`,
    encap: (vni, src, dst, port) => `encapsulate, VNI ${vni}: outer ${src} → ${dst} udp/${port}`,
    decap: (vni, src, dst) => `decapsulate, VNI ${vni} (outer ${src} → ${dst})`,
    socket: (result, socket, owner) => `${result}${socket ? `: ${socket}` : ''}${owner ? ` (${owner})` : ''}`,
    xmit: (dev, to) => `out of ${dev}${to ? ` to ${to}` : ''}`,
    drop: (reason, text) => `${reason}: ${text}`,
    reject: (w) => `with ${w}`,
    matched: 'Rules that matched, in order',
    routeDetail: (table, type) => `table ${table}, type ${type}`,
  },
};

const NEIGH_ZH: Record<string, string> = { hit: '已在快取', resolved: '已解析', failed: '解析失敗', permanent: '永久項目' };

const zh: TraceStrings = {
  caption: (leg, hops) => `${leg}：${hops} 站`,
  legName: { request: '請求', reply: '回應', ack: 'ACK' },
  cols: { hop: '站', where: '位置', arrived: '進入介面', packet: '封包', decisions: '決策' },
  bridgeIn: (bridge, ns) => `${ns} 的 bridge ${bridge}`,
  sentLocally: '由此送出',
  ttl: 'TTL',
  verdict: { delivered: '已送達', refused: '被拒絕', dropped: '被丟棄', timeout: '逾時', unreachable: '無法到達' },
  dnatTo: (to) => `DNAT 到 ${to}`,
  sourceSeen: (src, nat) => `接收端看到的來源是 ${src}${nat ? '（來源 NAT）' : ''}`,
  replyTtl: (ttl) => `回應的 TTL ${ttl}`,
  rulesEvaluated: (n) => `共比對 ${n} 條 iptables 規則`,
  inWords: '用文字描述這次追蹤',
  ackLeg: (hops) => `最後的 ACK（${hops} 站）`,
  prev: '上一站',
  next: '下一站',
  stepper: '逐站查看',
  status: (leg, n, total, where) => `${leg}，第 ${n} 站（共 ${total} 站）：${where}`,
  noSelection: '按「下一站」跟著封包走。',
  outcome: (what, n) => `在第 ${n} 站結束：${what}`,
  label: {
    route: '路由', arp: 'ARP', fdb: 'bridge FDB', brnf: 'br_netfilter', ct: 'conntrack', iptables: 'iptables', lb: '隨機',
    nat: 'NAT', ipvs: 'IPVS', ttl: 'TTL', vxlan: 'VXLAN', socket: 'socket', xmit: '送出', drop: '丟棄', reject: '拒絕',
  },
  s: {
    route: (purpose, dst, decision) => `${purpose} 查詢 ${dst}${decision ? ` → ${decision}` : ''}`,
    noRoute: (dst) => `沒有到 ${dst} 的路由`,
    neigh: (ip, result, mac, owner) => `${ip} ${NEIGH_ZH[result] ?? result}${mac ? `，位於 ${mac}` : ''}${owner ? `（${owner}）` : ''}`,
    fdbLocal: (mac) => `${mac} 是 bridge 自己的位址：交給 IP 層`,
    fdbHit: (mac, port) => `${mac} 在連接埠 ${port}`,
    fdbFlood: (mac) => `不認得 ${mac}：送往所有連接埠`,
    brnf: (bridge, on, note) => `${bridge}：${on ? '開啟' : '關閉'}（${note}）`,
    ct: (state, id, dir, created) => `${state}${id ? ` #${id}` : ''}，${dir === 'orig' ? '原方向' : '回應方向'}${created ? '，新項目' : ''}`,
    ctConfirm: (id) => `項目 #${id} 已確認`,
    hook: (hook, table, verdict) => `${hook} · ${table} → ${verdict}`,
    hookPolicy: (policy) => `chain 預設政策：${policy}`,
    hookNone: '沒有規則符合',
    lb: (p, taken) => `機率 ${p}：${taken ? '選中' : '略過'}`,
    nat: (manip, before, after) => `${manip} ${before} → ${after}`,
    natByCt: (id) => `依 conntrack 項目 #${id}`,
    ipvs: (vip, service, dest, scheduler) => `${vip}（${service}，${scheduler}）→ ${dest ?? '沒有真實伺服器'}`,
    ttl: (a, b) => `${a} → ${b}`,
    encap: (vni, src, dst, port) => `封裝，VNI ${vni}：外層 ${src} → ${dst} udp/${port}`,
    decap: (vni, src, dst) => `解封裝，VNI ${vni}（外層 ${src} → ${dst}）`,
    socket: (result, socket, owner) => `${result}${socket ? `：${socket}` : ''}${owner ? `（${owner}）` : ''}`,
    xmit: (dev, to) => `從 ${dev} 送出${to ? `，到 ${to}` : ''}`,
    drop: (reason, text) => `${reason}：${text}`,
    reject: (w) => `以 ${w} 拒絕`,
    matched: '依序符合的規則',
    routeDetail: (table, type) => `路由表 ${table}，類型 ${type}`,
  },
};

export function traceStrings(lang: ViewLang): TraceStrings {
  return lang === 'zh-tw' ? zh : en;
}
