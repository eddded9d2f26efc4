/**
 * The check engine's own words, in every language: labels for what was expected and found, and the sentences
 * for the cases every lab shares (no cluster exported, a missing Pod). The lab's messages come from lab.yaml;
 * these fill its {expected} and {found}.
 *
 * Not modelled: plural rules beyond "1 / many" (Chinese has none; English needs only that).
 */
import type { Lang, Text } from './schema';

/** A text in one language, with {placeholders} filled from `values`. */
export function fill(template: string, values: Record<string, string | number | undefined>, missing?: string): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (all, name: string) => {
    const v = values[name];
    return v === undefined ? (missing ?? all) : String(v);
  });
}

export const W = {
  expected: { en: 'expected', 'zh-tw': '預期' },
  found: { en: 'found', 'zh-tw': '實際' },
  and: { en: '; ', 'zh-tw': '；' },
  yes: { en: 'yes', 'zh-tw': '有' },
  no: { en: 'no', 'zh-tw': '沒有' },
  nothing: { en: 'nothing', 'zh-tw': '沒有' },

  noCluster: {
    en: 'your code exports no cluster: end it with `export default c` (c is the cluster you built)',
    'zh-tw': '你的程式沒有匯出叢集：請在最後加上 `export default c`（c 是你建立的叢集）',
  },
  threw: { en: 'the check could not run: {error}', 'zh-tw': '無法執行這項檢查：{error}' },

  // trace
  verdict: { en: 'verdict {v}', 'zh-tw': '結果 {v}' },
  verdictAt: { en: 'verdict {v} at hop {hop} ({where}): {reason}', 'zh-tw': '結果 {v}，在第 {hop} 跳（{where}）：{reason}' },
  reason: { en: 'reason {v}', 'zh-tw': '原因 {v}' },
  sourceSeen: { en: 'source seen by the receiver {v}', 'zh-tw': '接收端看到的來源 {v}' },
  notDelivered: { en: 'nothing (the packet was not delivered: {verdict})', 'zh-tw': '沒有（封包沒有送達：{verdict}）' },
  dnat: { en: 'destination NAT to {v}', 'zh-tw': '目的地 NAT 成 {v}' },
  noDnat: { en: 'no destination NAT', 'zh-tw': '沒有目的地 NAT' },
  anyEndpointOf: { en: 'any endpoint of Service {svc} ({list})', 'zh-tw': 'Service {svc} 的任一個 endpoint（{list}）' },
  masquerade: { en: 'source NAT (masquerade): {v}', 'zh-tw': '來源 NAT（masquerade）：{v}' },
  deliveredTo: { en: 'delivered to {v}', 'zh-tw': '送達 {v}' },
  pod: { en: 'Pod {v}', 'zh-tw': 'Pod {v}' },
  podsMatching: { en: 'a Pod with labels {v}', 'zh-tw': '標籤為 {v} 的 Pod' },
  onNode: { en: 'node {v}', 'zh-tw': '節點 {v}' },
  container: { en: 'container {v}', 'zh-tw': '容器 {v}' },
  host: { en: 'host {v}', 'zh-tw': '主機 {v}' },
  port: { en: 'port {v}', 'zh-tw': '埠 {v}' },
  passes: { en: 'a path through {v}', 'zh-tw': '路徑依序經過 {v}' },
  pathWas: { en: 'the path {path}; {missing} is missing', 'zh-tw': '路徑為 {path}；缺少 {missing}' },
  pathMissingAfter: { en: 'the path {path}; after {after} there is no {missing}', 'zh-tw': '路徑為 {path}；在 {after} 之後沒有經過 {missing}' },
  everyBranch: { en: 'every branch: {v}', 'zh-tw': '每一個分支都是：{v}' },
  someBranch: { en: 'at least one branch: {v}', 'zh-tw': '至少一個分支是：{v}' },
  branch: { en: 'branch {n} of {total} ({p}%, {endpoint}): {v}', 'zh-tw': '第 {n} 個分支（共 {total} 個，{p}%，{endpoint}）：{v}' },
  noBranchMatched: { en: 'none of the {total} branches: {v}', 'zh-tw': '{total} 個分支都不符合：{v}' },

  // addresses
  podIP: { en: 'the Pod IP of {v}', 'zh-tw': '{v} 的 Pod IP' },
  nodeIP: { en: 'the node IP of {v}', 'zh-tw': '{v} 的節點 IP' },
  bridgeIP: { en: 'the address of {bridge} on {v}', 'zh-tw': '{v} 上 {bridge} 的位址' },
  clusterIP: { en: 'the ClusterIP of Service {v}', 'zh-tw': 'Service {v} 的 ClusterIP' },
  noPod: { en: 'your cluster has no Pod {v}', 'zh-tw': '你的叢集裡沒有 Pod {v}' },
  podNoIP: { en: 'Pod {v} has no IP (it is not running)', 'zh-tw': 'Pod {v} 沒有 IP（它沒有在執行）' },
  noNode: { en: 'your cluster has no node {v}', 'zh-tw': '你的叢集裡沒有節點 {v}' },
  noBridge: { en: '{v} has no address on {bridge} (no Pod runs there yet)', 'zh-tw': '{v} 的 {bridge} 沒有位址（那裡還沒有 Pod）' },
  noService: { en: 'your cluster has no Service {v}', 'zh-tw': '你的叢集裡沒有 Service {v}' },
  noClusterIP: { en: 'Service {v} has no ClusterIP', 'zh-tw': 'Service {v} 沒有 ClusterIP' },

  // route
  routeVia: { en: 'a route {v}', 'zh-tw': '路由 {v}' },
  routeGot: { en: '`ip route get {dst}` on {on} says: {v}', 'zh-tw': '在 {on} 上 `ip route get {dst}` 的結果：{v}' },
  direct: { en: 'no gateway (directly connected)', 'zh-tw': '沒有閘道（直接相連）' },

  // rule / exec
  ruleLine: { en: 'a line of `{cmd}` on {on} that {how} {v}', 'zh-tw': '{on} 上 `{cmd}` 有一行{how} {v}' },
  noRuleLine: { en: 'no line of `{cmd}` on {on} {how} {v}', 'zh-tw': '{on} 上 `{cmd}` 沒有任何一行{how} {v}' },
  contains: { en: 'contains', 'zh-tw': '包含' },
  matches: { en: 'matches', 'zh-tw': '符合' },
  notContains: { en: 'does not contain', 'zh-tw': '不包含' },
  notMatches: { en: 'does not match', 'zh-tw': '不符合' },
  noLineFound: { en: 'no such line; {chain} has: {lines}', 'zh-tw': '沒有這一行；{chain} 裡有：{lines}' },
  noLineFoundEmpty: { en: 'no such line ({what} is empty)', 'zh-tw': '沒有這一行（{what} 是空的）' },
  lineFound: { en: 'it has: {lines}', 'zh-tw': '有這一行：{lines}' },
  outputHas: { en: 'the output of `{cmd}` on {on} {how} {v}', 'zh-tw': '在 {on} 上執行 `{cmd}` 的輸出{how} {v}' },
  outputWas: { en: 'it printed: {v}', 'zh-tw': '它印出：{v}' },

  // object
  objectExists: { en: 'a {kind} {name}{where}', 'zh-tw': '一個 {kind} {name}{where}' },
  objectAbsent: { en: 'no {kind} {name}{where}', 'zh-tw': '沒有 {kind} {name}{where}' },
  withFields: { en: ' with {v}', 'zh-tw': '，欄位 {v}' },
  noSuchObject: { en: 'no {kind} {name} ({kind}s: {list})', 'zh-tw': '沒有 {kind} {name}（現有的 {kind}：{list}）' },
  objectDiffers: { en: '{object} has {v}', 'zh-tw': '{object} 的 {v}' },
  objectThere: { en: '{v} exists', 'zh-tw': '{v} 存在' },

  // export
  noExport: { en: 'your code has no `export const {name}`', 'zh-tw': '你的程式沒有 `export const {name}`' },
  exportEquals: { en: '{name} = {v}', 'zh-tw': '{name} = {v}' },
  notAList: { en: '{name} is not a list of "NAMESPACE DEVICE" strings: {v}', 'zh-tw': '{name} 不是由 "命名空間 裝置" 字串組成的清單：{v}' },
  pathTable: { en: 'yours and the simulated path, side by side', 'zh-tw': '你的預測與模擬的路徑並排比較' },
  yours: { en: 'yours', 'zh-tw': '你的預測' },
  simulated: { en: 'simulated', 'zh-tw': '模擬結果' },
  partAt: { en: 'they part at step {n}', 'zh-tw': '從第 {n} 步開始不同' },
  tsFailed: { en: 'the check says no', 'zh-tw': '檢查沒有通過' },

  // the learner's code did not run (Node grader)
  codeSyntax: { en: 'syntax error{at}: {v}', 'zh-tw': '語法錯誤{at}：{v}' },
  codeRuntime: { en: 'error{at}: {v}', 'zh-tw': '錯誤{at}：{v}' },
  atLine: { en: ' at line {n}', 'zh-tw': '（第 {n} 行）' },
  codeTimeout: { en: 'it ran longer than {ms} ms and was stopped (an endless loop?)', 'zh-tw': '執行超過 {ms} 毫秒，已被停止（是不是有無窮迴圈？）' },
  codePending: { en: 'it is still waiting for something that never finishes (an await that never resolves?)', 'zh-tw': '它一直在等一件永遠不會完成的事（是不是有個 await 永遠等不到結果？）' },
} as const satisfies Record<string, Text>;

export type Word = keyof typeof W;

/** One of the engine's sentences, in `lang`, filled in. */
export function say(lang: Lang, word: Word, values: Record<string, string | number | undefined> = {}): string {
  return fill(W[word][lang], values);
}
