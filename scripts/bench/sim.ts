/**
 * `npm run bench`: simulator figures on this machine. A benchmark, not a test: it prints medians and never
 * fails on a slow machine. Targets (issue "Simulator part 1"): a lookup in a 100,000-route table under 2 µs
 * median; a full cross-node trace under 100 µs median.
 */
import { FibTable, type Route } from '../../src/sim/route/fib';
import { maskOf, parseIpv4 } from '../../src/sim/addr/ipv4';
import { seededRng } from '../../src/sim/core/rng';
import { createNetfilter, iptablesRestore, runHook, type NfEnv, type NfPacket } from '../../src/sim/netfilter';
import { dstIndexSwitch } from '../../src/sim/netfilter/dst-index';
import { probe } from '../../src/sim/datapath/probe';
import { buildOracle } from '../../tests/sim/support/oracle-topology';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median over `rounds` of the mean time per call within a batch of `batch` calls, in microseconds. */
function measure(fn: (i: number) => void, batch: number, rounds = 7): number {
  for (let i = 0; i < batch; i++) fn(i); // warm-up
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn(i);
    per.push(((performance.now() - t0) * 1000) / batch);
  }
  return median(per);
}

const rows: [string, string, string][] = [];
const fmt = (us: number) => (us < 1 ? `${(us * 1000).toFixed(0)} ns` : us < 1000 ? `${us.toFixed(2)} µs` : `${(us / 1000).toFixed(2)} ms`);

// 1. Route lookup in tables of 10, 1,000 and 100,000 routes (random prefixes /8../32 plus a default route).
for (const n of [10, 1_000, 100_000]) {
  const rng = seededRng(42);
  const t = new FibTable(254);
  const dsts: number[] = [];
  t.add({ dst: { addr: 0, len: 0 }, type: 'unicast', table: 254, dev: 'eth0', scope: 'global', proto: 'boot', metric: 0, onlink: false, via: 1 });
  while (t.size < n) {
    const len = 8 + rng.int(25);
    const addr = (Math.floor(rng.next() * 2 ** 32) & maskOf(len)) >>> 0;
    const r: Route = { dst: { addr, len }, type: 'unicast', table: 254, dev: 'eth0', scope: 'link', proto: 'boot', metric: 0, onlink: false };
    try { t.add(r); dsts.push(addr + 1); } catch { /* duplicate prefix */ }
  }
  for (let i = 0; i < 1000; i++) dsts.push(Math.floor(rng.next() * 2 ** 32));
  rows.push(['route lookup', `${n.toLocaleString('en')} routes`, fmt(measure((i) => t.lookup(dsts[i % dsts.length]! >>> 0), 200_000))]);
}

// 2. Rule evaluation: a chain of N rules that do not match the packet, then the one that does (worst case). The
// kernel walks all N (the trace counts them); the simulator skips the `-d` rules that cannot match through its
// destination index, so the second row per size is the rule-by-rule walk it still does for other chains.
for (const [n, indexed] of [10, 1_000, 10_000, 50_000].flatMap((n) => [[n, true], [n, false]] as const)) {
  dstIndexSwitch.enabled = indexed;
  const nf = createNetfilter();
  const lines = ['*nat', ':KUBE-SERVICES - [0:0]', '-A PREROUTING -j KUBE-SERVICES'];
  for (let i = 0; i < n - 1; i++) lines.push(`-A KUBE-SERVICES -d 10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport 80 -j ACCEPT`);
  lines.push('-A KUBE-SERVICES -d 172.30.0.1/32 -p tcp -m tcp --dport 443 -j ACCEPT', 'COMMIT', '');
  iptablesRestore(nf, lines.join('\n'));
  const pkt: NfPacket = { src: parseIpv4('10.244.1.2'), dst: parseIpv4('172.30.0.1'), proto: 'tcp', sport: 40000, dport: 443, mark: 0, inIface: 'cni0', ct: { state: 'NEW', snat: false, dnat: false } };
  const env: NfEnv = { isLocal: () => false, chance: () => true, now: 0 };
  const us = measure(() => runHook(nf, 'nat', 'PREROUTING', pkt, env), n >= 10_000 ? 200 : 20_000);
  if (n >= 1_000 || indexed) rows.push([indexed ? 'rule evaluation' : 'rule evaluation, rule by rule', `${n.toLocaleString('en')} rules`, indexed ? fmt(us) : `${fmt(us)} (${fmt(us / n)} per rule)`]);
}
dstIndexSwitch.enabled = true;

// 3. Full traces. Each call is timed on its own and conntrack is flushed in between (untimed), so every
// probe meets the state a lab usually has: a few entries, not thousands left by earlier iterations.
function measureEach(fn: () => void, reset: () => void, n: number): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    reset();
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) * 1000);
  }
  return median(times.slice(n / 4));
}
{
  const w = buildOracle('vxlan');
  const reset = () => { for (const ns of w.namespaces.values()) ns.conntrack.flush(); };
  const path = 'pod→bridge→node→vxlan→node→pod';
  const udp = { from: 'n2-b', dst: parseIpv4('10.244.1.2'), dport: 8080, proto: 'udp' as const };
  w.netns('n1-a').bind({ proto: 'udp', addr: 0, port: 8080, reusePort: false, reuseAddr: false, owner: 'bench' });
  rows.push(['full trace', `${path}, one UDP packet`, fmt(measureEach(() => probe(w, udp), reset, 4_000))]);
  const tcp = { from: 'n2-b', dst: parseIpv4('10.244.1.2'), dport: 8080, proto: 'tcp' as const };
  rows.push(['full trace', `${path}, TCP handshake (3 packets)`, fmt(measureEach(() => probe(w, tcp), reset, 4_000))]);
  const svc = { from: 'n2-b', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' as const };
  rows.push(['full trace', 'pod→ClusterIP (DNAT), TCP handshake', fmt(measureEach(() => probe(w, svc), reset, 4_000))]);
}

const w1 = Math.max(...rows.map((r) => r[0].length));
const w2 = Math.max(...rows.map((r) => r[1].length));
console.log(`Simulator benchmark (Node ${process.version}, median of 7 rounds)\n`);
console.log(`| ${'what'.padEnd(w1)} | ${'size'.padEnd(w2)} | median |`);
console.log(`| ${'-'.repeat(w1)} | ${'-'.repeat(w2)} | --- |`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w1)} | ${b.padEnd(w2)} | ${c} |`);
