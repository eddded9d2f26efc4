// Test helper: upstream's sortIPTablesRules (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go
// @531be812, with iptablestest.ParseIPTablesDump / IPTablesDump.String from pkg/util/iptables/testing/parse.go),
// re-implemented so restore payloads can be compared independently of the order services were processed in.
//   * tables sorted by name (filter before nat);
//   * chains: KUBE-NODEPORTS, then KUBE-SERVICES, then other KUBE-* alphabetically, then the rest alphabetically;
//   * rules are printed grouped by chain, in chain order;
//   * KUBE-NODEPORTS and KUBE-SERVICES rules (both tables) stably sorted by the service name in their comment
//     (the comment up to the first space or colon), nat KUBE-SERVICES keeping the "must be the last rule" last;
//   * every other chain keeps its rules in emitted order.

interface Rule {
  raw: string;
  comment: string | undefined;
}
interface Chain {
  name: string;
  counters: string;
  rules: Rule[];
  deleted: boolean;
}
interface Table {
  name: string;
  chains: Chain[];
}

const DECLARE_TABLE = /^\*(.*)$/;
const DECLARE_CHAIN = /^:([^ ]*) - \[([0-9]*):([0-9]*)\]$/;
const ADD_RULE = /^-A ([^ ]*) (.*)$/;
const DELETE_CHAIN = /^-X (.*)$/;

/** ParseRule's word splitting: a quoted string is one word; quotes are trimmed. */
function commentOf(rule: string): string | undefined {
  const words: string[] = [];
  const re = /(?:^|\s)("[^"]*"|[^"]\S*)/g;
  for (let m = re.exec(rule); m; m = re.exec(rule)) words.push(m[1]!.replace(/^"+|"+$/g, ''));
  const i = words.indexOf('--comment');
  return i >= 0 && i + 1 < words.length ? words[i + 1] : undefined;
}

export function parseIPTablesDump(data: string): Table[] {
  const tables: Table[] = [];
  let state: 'table' | 'chains' | 'rules' = 'table';
  let t: Table | undefined;
  for (const rawLine of data.replace(/^\n+|\n+$/g, '').split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (state === 'table') {
      const m = DECLARE_TABLE.exec(line);
      if (!m) throw new Error(`table ${tables.length + 1} starts with ${JSON.stringify(line)}, not a table name`);
      t = { name: m[1]!, chains: [] };
      tables.push(t);
      state = 'chains';
      continue;
    }
    if (state === 'chains') {
      const m = DECLARE_CHAIN.exec(line);
      if (m) {
        t!.chains.push({ name: m[1]!, counters: `[${m[2]}:${m[3]}]`, rules: [], deleted: false });
        continue;
      }
      state = 'rules';
    }
    const add = ADD_RULE.exec(line);
    if (add) {
      const chain = t!.chains.find((c) => c.name === add[1]);
      if (!chain) throw new Error(`rule ${JSON.stringify(line)} adds to undeclared chain ${add[1]}`);
      if (chain.deleted) throw new Error(`cannot add rules to deleted chain ${add[1]}`);
      chain.rules.push({ raw: line, comment: commentOf(line) });
      continue;
    }
    const del = DELETE_CHAIN.exec(line);
    if (del) {
      const chain = t!.chains.find((c) => c.name === del[1]);
      if (!chain) throw new Error(`-X of undeclared chain ${del[1]}`);
      chain.deleted = true;
      continue;
    }
    if (line === 'COMMIT') {
      state = 'table';
      continue;
    }
    throw new Error(`cannot parse ${JSON.stringify(line)}`);
  }
  if (state !== 'table') throw new Error('no COMMIT line at the end');
  return tables;
}

export function dumpString(tables: readonly Table[]): string {
  let out = '';
  for (const t of tables) {
    out += `*${t.name}\n`;
    for (const c of t.chains) out += `:${c.name} - ${c.counters}\n`;
    for (const c of t.chains) for (const r of c.rules) out += `${r.raw}\n`;
    for (const c of t.chains) if (c.deleted) out += `-X ${c.name}\n`;
    out += 'COMMIT\n';
  }
  return out;
}

/** A Go `less` turned into a comparator for Array.prototype.sort (which is stable, like sort.SliceStable). */
function byLess<T>(less: (a: T, b: T) => boolean): (a: T, b: T) => number {
  return (a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
}

function chainLess(a: Chain, b: Chain): boolean {
  const ai = a.name;
  const bj = b.name;
  if (ai === 'KUBE-NODEPORTS') return true;
  if (bj === 'KUBE-NODEPORTS') return false;
  if (ai === 'KUBE-SERVICES') return true;
  if (bj === 'KUBE-SERVICES') return false;
  const ak = ai.startsWith('KUBE-');
  const bk = bj.startsWith('KUBE-');
  if (ak && !bk) return true;
  if (!ak && bk) return false;
  return ai < bj;
}

function serviceNameOf(comment: string): string {
  const m = /[ :]/.exec(comment);
  return m ? comment.slice(0, m.index) : comment;
}

/** orderByCommentServiceName: undefined ordering (false) when either rule has no comment. */
function orderByCommentServiceName(a: Rule, b: Rule): boolean {
  if (a.comment === undefined || b.comment === undefined) return false;
  return serviceNameOf(a.comment) < serviceNameOf(b.comment);
}

const isLastRule = (r: Rule) => r.comment !== undefined && r.comment.includes('must be the last rule');

export function sortIPTablesRules(data: string): string {
  const tables = parseIPTablesDump(data);
  tables.sort(byLess((a: Table, b: Table) => a.name < b.name));
  for (const t of tables) t.chains.sort(byLess(chainLess));
  const chain = (table: string, name: string) => tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);

  for (const table of ['filter', 'nat']) {
    const c = chain(table, 'KUBE-NODEPORTS');
    if (c) c.rules.sort(byLess(orderByCommentServiceName));
  }
  const filterServices = chain('filter', 'KUBE-SERVICES');
  if (filterServices) filterServices.rules.sort(byLess(orderByCommentServiceName));
  const natServices = chain('nat', 'KUBE-SERVICES');
  if (natServices) {
    natServices.rules.sort(
      byLess((a: Rule, b: Rule) => {
        if (isLastRule(a)) return false;
        if (isLastRule(b)) return true;
        return orderByCommentServiceName(a, b);
      }),
    );
  }
  return dumpString(tables);
}
