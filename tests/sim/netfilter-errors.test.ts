/**
 * Input iptables refuses is refused here too, with a SimError that names the rule or chain (and the
 * restore line) and says what to do, and the tables are exactly as before. The refusals and their
 * reasons come from iptables 1.8 (xshared.c, the libxt_* parsers, libiptc) and the kernel's commit-time
 * checks (xt_check_target, mark_source_chains), cited in the source files.
 */
import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/sim/core/errors';
import {
  appendRule,
  createNetfilter,
  deleteChain,
  deleteRule,
  insertRule,
  iptablesRestore,
  iptablesSave,
  newChain,
  setPolicy,
  type Netfilter,
} from '../../src/sim/netfilter';

/** A namespace with something in every table, so "unchanged" is a meaningful check. */
function populated(): Netfilter {
  const nf = createNetfilter();
  iptablesRestore(
    nf,
    [
      '*filter',
      ':INPUT DROP [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':USED - [0:0]',
      '-A INPUT -j KUBE-SERVICES',
      '-A KUBE-SERVICES -j USED',
      '-A USED -j ACCEPT',
      'COMMIT',
      '*nat',
      ':KUBE-SEP-X - [0:0]',
      '-A PREROUTING -j KUBE-SEP-X',
      '-A KUBE-SEP-X -p tcp -j DNAT --to-destination 10.244.1.2:80',
      'COMMIT',
      '',
    ].join('\n'),
  );
  return nf;
}

/** Runs `f`, expects a SimError whose message matches every pattern, and no change to any table. */
function refused(f: (nf: Netfilter) => void, ...patterns: RegExp[]): SimError {
  const nf = populated();
  const before = iptablesSave(nf);
  const tablesBefore = nf.tables;
  let caught: unknown;
  try {
    f(nf);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SimError);
  const err = caught as SimError;
  for (const p of patterns) expect(err.message).toMatch(p);
  expect(iptablesSave(nf)).toBe(before);
  expect(nf.tables.filter).toBe(tablesBefore.filter);
  expect(nf.tables.nat).toBe(tablesBefore.nat);
  return err;
}

describe('rule syntax', () => {
  it('unknown option', () => {
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp --frobnicate 1 -j ACCEPT'), /-A INPUT/, /unknown option "--frobnicate"/);
  });

  it('--dport without -p: names the rule and says to put -p tcp first', () => {
    const e = refused((nf) => appendRule(nf, 'filter', 'INPUT', '--dport 80 -j ACCEPT'), /iptables -t filter -A INPUT --dport 80 -j ACCEPT/, /unknown option "--dport"/, /-p tcp/);
    expect(e.code).toBe('BAD_RULE');
    // -p after the option is too late, as in iptables.
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '--dport 80 -p tcp'), /unknown option "--dport"/);
  });

  it('-m tcp without -p tcp (the kernel\'s protocol check)', () => {
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-m tcp --dport 80'), /-m tcp is only valid for protocol 6/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '! -p tcp -m tcp --dport 80'), /only valid for protocol 6/);
  });

  it('an unquoted multi-word comment is a "Bad argument" for real iptables', () => {
    refused(
      (nf) => iptablesRestore(nf, ['*filter', '-A INPUT -m comment --comment kubernetes service portals -j ACCEPT', 'COMMIT', ''].join('\n'), { noflush: true }),
      /line 2 failed/,
      /Bad argument `service'/,
    );
  });

  it('probability above 1, statistic without a probability, bad ports, repeated and misplaced options', () => {
    refused((nf) => appendRule(nf, 'nat', 'KUBE-SEP-X', '-m statistic --mode random --probability 1.5 -j ACCEPT'), /KUBE-SEP-X/, /--probability 1.5 is out of range/);
    refused((nf) => appendRule(nf, 'nat', 'KUBE-SEP-X', '-m statistic --mode random -j ACCEPT'), /--probability must be specified/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp --dport 90:80'), /min > max/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp --dport 70000'), /invalid port/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-s 10.0.0.1 -s 10.0.0.2'), /multiple -s flags not allowed/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-m comment ! --comment x'), /cannot be inverted/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '! -j ACCEPT'), /cannot have ! before -j/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp --dport ! 80'), /write `! --dport value'/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-o eth0 -j ACCEPT'), /Can't use -o with INPUT/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-s 10.0.0.0/33'), /invalid mask/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-s node-1'), /host\/network `node-1' not found/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-m physdev --physdev-in veth0'), /physdev is not modelled/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp --syn'), /TCP flags are not modelled/);
  });

  it('target options the kernel refuses', () => {
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-p udp -j REJECT --reject-with tcp-reset'), /tcp-reset is only valid for TCP/);
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-j DNAT --to-destination 10.0.0.1:80'), /Need TCP, UDP, SCTP or DCCP with port specification/);
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-p tcp -j DNAT'), /must specify --to-destination/);
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-m recent --name A --set --seconds 5'), /--set cannot take --seconds/);
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-m recent --name A --rcheck --reap'), /--reap needs --seconds/);
  });
});

describe('table and hook restrictions (xt_check_target)', () => {
  it('DNAT in the filter table', () => {
    refused(
      (nf) => appendRule(nf, 'filter', 'INPUT', '-p tcp -j DNAT --to-destination 10.0.0.1:80'),
      /DNAT in filter chain INPUT/,
      /only valid in the nat table/,
      /Put the rule in the nat table, in a chain reached from PREROUTING or OUTPUT/,
    );
  });

  it('REJECT outside filter; MASQUERADE reachable from PREROUTING; DNAT from POSTROUTING via a user chain', () => {
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-j REJECT'), /REJECT target is only valid in the filter table/);
    refused((nf) => appendRule(nf, 'nat', 'PREROUTING', '-j MASQUERADE'), /nat chain PREROUTING rule 2: MASQUERADE target used from hooks PREROUTING, but only usable from POSTROUTING/);
    // KUBE-SEP-X holds a DNAT and is reached from PREROUTING; jumping to it from POSTROUTING is refused.
    refused((nf) => appendRule(nf, 'nat', 'POSTROUTING', '-j KUBE-SEP-X'), /chain KUBE-SEP-X rule 1: DNAT target used from hooks PREROUTING\/POSTROUTING/, /stop jumping to KUBE-SEP-X from POSTROUTING/);
  });

  it('an unreferenced chain may hold a DNAT in any table position, as the kernel only checks reachable rules', () => {
    const nf = populated();
    newChain(nf, 'nat', 'SPARE');
    appendRule(nf, 'nat', 'SPARE', '-p tcp -j DNAT --to-destination 10.0.0.1:80');
    expect(nf.tables.nat.chains.SPARE!.rules).toHaveLength(1);
  });
});

describe('chains', () => {
  it('jump to a missing chain, in iptables-restore: line number and chain named', () => {
    refused(
      (nf) => iptablesRestore(nf, ['*filter', ':A - [0:0]', '-A A -j NOPE', 'COMMIT', ''].join('\n'), { noflush: true }),
      /iptables-restore: line 3 failed in the \*filter block \(line 1\)/,
      /no chain NOPE in table filter/,
      /:NOPE - \[0:0\]/,
      /Table filter was not changed/,
    );
  });

  it('a jump to a chain declared later in the block is also refused (iptables resolves jumps line by line)', () => {
    refused((nf) => iptablesRestore(nf, ['*filter', '-A INPUT -j LATER', ':LATER - [0:0]', 'COMMIT', ''].join('\n'), { noflush: true }), /line 2 failed/, /LATER/);
  });

  it('-X of a chain still referenced names the referencing rule', () => {
    refused((nf) => deleteChain(nf, 'filter', 'USED'), /Can't delete chain with references left: USED is still jumped to from KUBE-SERVICES rule 1/);
  });

  it('-X of a chain that is not empty, of a built-in chain, of a missing chain', () => {
    refused((nf) => iptablesRestore(nf, ['*nat', '-D PREROUTING 1', '-X KUBE-SEP-X', 'COMMIT', ''].join('\n'), { noflush: true }), /Chain is not empty: KUBE-SEP-X has 1 rules; flush it first/);
    refused((nf) => deleteChain(nf, 'filter', 'INPUT'), /Can't delete built-in chain INPUT/);
    refused((nf) => deleteChain(nf, 'filter', 'GHOST'), /No chain\/target\/match by that name/);
  });

  it('new chains: duplicates, names that clash with targets, too long; policies only on built-in chains', () => {
    refused((nf) => newChain(nf, 'filter', 'USED'), /Chain already exists/);
    refused((nf) => newChain(nf, 'filter', 'DNAT'), /may not clash with target name/);
    refused((nf) => newChain(nf, 'filter', 'X'.repeat(29)), /too long/);
    refused((nf) => setPolicy(nf, 'filter', 'USED', 'DROP'), /Bad built-in chain name/);
    refused((nf) => iptablesRestore(nf, ['*filter', ':USED ACCEPT [0:0]', 'COMMIT', ''].join('\n'), { noflush: true }), /Can't set policy `ACCEPT' on `USED'/);
    refused((nf) => iptablesRestore(nf, ['*filter', ':INPUT REJECT [0:0]', 'COMMIT', ''].join('\n'), { noflush: true }), /Bad policy name "REJECT"/);
    refused((nf) => appendRule(nf, 'filter', 'PREROUTING', '-j ACCEPT'), /the filter table has no PREROUTING hook/);
    refused((nf) => appendRule(nf, 'filter', 'INPUT', '-j INPUT'), /cannot jump to built-in chain INPUT/);
  });

  it('rule numbers out of range and deleting a rule that does not exist', () => {
    refused((nf) => insertRule(nf, 'filter', 'INPUT', '-j ACCEPT', 3), /Index of insertion too big: chain INPUT has 1 rules, so -I takes 1 to 2/);
    refused((nf) => deleteRule(nf, 'filter', 'INPUT', 2), /Index of deletion too big/);
    refused((nf) => deleteRule(nf, 'filter', 'INPUT', '-j DROP'), /Bad rule \(does a matching rule exist in that chain\?\)/);
  });
});

describe('iptables-restore structure', () => {
  it('a missing COMMIT names the line and the open block', () => {
    refused((nf) => iptablesRestore(nf, ['*filter', '-A INPUT -j ACCEPT', ''].join('\n')), /COMMIT expected at line 3/, /\*filter block that starts at line 1/);
  });

  it('lines outside a block, unknown tables, -t inside a block, a new block before COMMIT', () => {
    refused((nf) => iptablesRestore(nf, '-A INPUT -j ACCEPT\n'), /line 1 failed/, /outside a table block/);
    refused((nf) => iptablesRestore(nf, '*security\nCOMMIT\n'), /Table does not exist/);
    refused((nf) => iptablesRestore(nf, '*filter\n-t nat -A INPUT -j ACCEPT\nCOMMIT\n'), /The -t option cannot be used in iptables-restore/);
    refused((nf) => iptablesRestore(nf, '*filter\n*nat\nCOMMIT\n'), /starts a new table before COMMIT/);
  });

  it('is atomic per COMMIT: an error in the nat block keeps nat, while the filter block before it stays committed', () => {
    const nf = populated();
    const natBefore = nf.tables.nat;
    const text = ['*filter', '-A INPUT -s 10.9.9.9 -j ACCEPT', 'COMMIT', '*nat', '-A PREROUTING -j ACCEPT', '-A PREROUTING -j NOPE', 'COMMIT', ''].join('\n');
    expect(() => iptablesRestore(nf, text, { noflush: true })).toThrow(/line 6 failed in the \*nat block \(line 4\).*Table nat was not changed\. Tables already committed by earlier COMMITs stay changed: filter\./s);
    expect(nf.tables.nat).toBe(natBefore);
    expect(nf.tables.filter.chains.INPUT!.rules).toHaveLength(2);
  });

  it('a COMMIT-time failure (loop) leaves the table as it was', () => {
    refused(
      (nf) => iptablesRestore(nf, ['*filter', ':B - [0:0]', '-A USED -j B', '-A B -j KUBE-SERVICES', 'COMMIT', ''].join('\n'), { noflush: true }),
      /line 5 failed/,
      /loop KUBE-SERVICES → USED → B → KUBE-SERVICES is reachable from INPUT/,
    );
  });
});
