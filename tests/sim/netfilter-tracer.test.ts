/**
 * kube-proxy's own packet tracer (pkg/proxy/iptables/proxier_test.go@531be812, tracePacket) replayed on
 * the simulator's netfilter, using the static ruleset and the expected flows of that test
 * (tests/fixtures/iptables/05-trace-packet-static-rules.txt, copied verbatim from the upstream test).
 *
 * The upstream tracer is not a full packet walk; this test-only walker reproduces its rules
 * (FIDELITY §1.9) on top of runHook/runChain:
 * 1. run nat PREROUTING; every `--probability` branch is explored (our chance() replays a decision
 *    prefix and enumerates the rest depth-first, "taken" first, which is the order the upstream tracer
 *    visits endpoints in); every DNAT reached is an output; KUBE-MARK-MASQ on any branch means masq
 *    (here: the 0x4000 bit in the resulting mark, set by the real KUBE-MARK-MASQ chain);
 * 2. the destination becomes the address of the first DNAT;
 * 3. run the filter chains KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS, KUBE-PROXY-FIREWALL
 *    directly (runChain), recording ACCEPT/DROP/REJECT.
 * The upstream tracer never matches -m mark / -m conntrack / -m recent rules. None of those occur on
 * the nat PREROUTING path or in the four filter chains of this ruleset, so a plain NEW, unmarked packet
 * reproduces that behaviour without special-casing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr';
import {
  createNetfilter,
  iptablesRestore,
  runChain,
  runHook,
  type ChainRunResult,
  type Netfilter,
  type NfEnv,
  type NfPacket,
} from '../../src/sim/netfilter';

const fixture = readFileSync(new URL('../fixtures/iptables/05-trace-packet-static-rules.txt', import.meta.url), 'utf8');
const lines = fixture.split('\n');

function rulesSection(): string {
  const at = lines.findIndex((l) => /^# -+ RULES$/.test(l));
  return lines.slice(at + 1).filter((l) => !l.startsWith('#')).join('\n');
}

interface Flow {
  name: string;
  src: string;
  dst: string;
  dport: number;
  output: string;
  masq: boolean;
}

function expectedFlows(): Flow[] {
  const at = lines.findIndex((l) => /^# -+ EXPECTED FLOWS$/.test(l));
  const flows: Flow[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /^# "([^"]+)"\s+(\S+)\s+(\S+)\s+(\d+)\s+"([^"]*)"\s+(true|false)$/.exec(l);
    if (m) flows.push({ name: m[1]!, src: m[2]!, dst: m[3]!, dport: Number(m[4]), output: m[5]!, masq: m[6] === 'true' });
    if (/^# Why/.test(l)) break;
  }
  return flows;
}

/** testNodeIPs (IPv4 part) plus 127.0.0.1, as the upstream tracer's LOCAL set. */
const LOCAL = new Set(['192.168.0.2', '192.168.1.2', '192.168.99.11', '127.0.0.1'].map((s) => parseIpv4(s)));

/** Runs `run` once per combination of statistic outcomes, depth-first with "taken" first. */
function explore(run: (chance: NfEnv['chance']) => ChainRunResult): ChainRunResult[] {
  const results: ChainRunResult[] = [];
  let prefix: boolean[] = [];
  for (;;) {
    const used: boolean[] = [];
    results.push(
      run(() => {
        const d = used.length < prefix.length ? prefix[used.length]! : true;
        used.push(d);
        return d;
      }),
    );
    let k = used.length - 1;
    while (k >= 0 && !used[k]) k--;
    if (k < 0) return results;
    prefix = [...used.slice(0, k), false];
  }
}

function tracePacket(nf: Netfilter, src: string, dst: string, dport: number): { output: string; masq: boolean } {
  const packet = (d: number): NfPacket => ({
    src: parseIpv4(src),
    dst: d,
    proto: 'tcp',
    sport: 40000,
    dport,
    mark: 0,
    ct: { state: 'NEW', snat: false, dnat: false },
  });
  const env = (chance: NfEnv['chance']): NfEnv => ({ isLocal: (ip) => LOCAL.has(ip), chance, now: 0 });
  const outputs: string[] = [];
  let masq = false;
  let destIP = parseIpv4(dst);
  let firstDnat: number | undefined;
  for (const r of explore((chance) => runHook(nf, 'nat', 'PREROUTING', packet(destIP), env(chance)))) {
    if (r.mark & 0x4000) masq = true;
    if (r.nat?.kind === 'dnat') {
      const ip = r.nat.ip!;
      outputs.push(`${[24, 16, 8, 0].map((s) => (ip >>> s) & 255).join('.')}:${r.nat.port}`);
      firstDnat ??= ip;
    }
  }
  if (firstDnat !== undefined) destIP = firstDnat;
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
    for (const r of explore((chance) => runChain(nf, 'filter', chain, packet(destIP), env(chance)))) {
      if (r.verdict !== 'RETURN') outputs.push(r.verdict);
    }
  }
  return { output: outputs.join(', '), masq };
}

describe('kube-proxy TestTracePacket flows (fixture 05)', () => {
  const nf = createNetfilter();
  // As upstream: ipt.RestoreAll(rules, NoFlushTables, RestoreCounters). The base-chain jumps carry
  // unquoted multi-word comments that only kube-proxy's fake parser accepts.
  iptablesRestore(nf, rulesSection(), { noflush: true, lenientComments: true });
  const flows = expectedFlows();

  it('reads all seven expected flows from the fixture', () => {
    expect(flows.map((f) => f.name)).toEqual([
      'no match',
      'single endpoint',
      'multiple endpoints',
      'LOCAL, KUBE-MARK-MASQ',
      'DROP',
      'ACCEPT (NodePortHealthCheck)',
      'REJECT',
    ]);
  });

  for (const f of flows) {
    it(`${f.name}: ${f.src} → ${f.dst}:${f.dport} gives "${f.output}", masq ${f.masq}`, () => {
      expect(tracePacket(nf, f.src, f.dst, f.dport)).toEqual({ output: f.output, masq: f.masq });
    });
  }

  it('explores both branches of the 0.5 rule for ns4/svc4, asking chance() with the stored probability', () => {
    const asked: number[] = [];
    const r = runHook(
      nf,
      'nat',
      'PREROUTING',
      { src: parseIpv4('10.0.0.2'), dst: parseIpv4('172.30.0.44'), proto: 'tcp', sport: 40000, dport: 80, mark: 0, ct: { state: 'NEW', snat: false, dnat: false } },
      {
        isLocal: (ip) => LOCAL.has(ip),
        chance: (p) => {
          asked.push(p);
          return false;
        },
        now: 0,
      },
    );
    // 0.5 is exactly representable: lround(2^31 * 0.5) / 2^31 = 0.5.
    expect(asked).toEqual([0.5]);
    expect(r.lb).toEqual([{ rule: { table: 'nat', chain: 'KUBE-SVC-4SW47YFZTEDKD3PK', index: 2 }, probability: 0.5, taken: false }]);
    // Not taken: the last, unconditional endpoint rule sends it to 10.180.0.5:80.
    expect(r.nat).toMatchObject({ kind: 'dnat', ip: parseIpv4('10.180.0.5'), port: 80, rule: { chain: 'KUBE-SEP-C6EBXVWJJZMIWKLZ', index: 2 } });
  });
});
