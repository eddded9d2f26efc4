/**
 * Tokenising restore lines (argv.ts) against a reference model written straight from iptables'
 * add_param_to_argv, one character at a time: blanks separate arguments outside quotes; a double quote opens a
 * quoted part in which a backslash makes the next character literal and the closing quote ends the argument;
 * single quotes and backslashes outside quotes are ordinary characters. Also the prefix length of masks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskOf } from '../../src/sim/addr';
import { splitArgs, splitCounters } from '../../src/sim/netfilter/argv';
import { maskToLen } from '../../src/sim/netfilter/values';

function reference(line: string): { args: { text: string; quoted: boolean }[]; unterminated: boolean } {
  const args: { text: string; quoted: boolean }[] = [];
  let buf = '';
  let open = false;
  let escaped = false;
  let quoted = false;
  let started = false;
  const flush = () => {
    args.push({ text: buf, quoted });
    buf = '';
    quoted = false;
    started = false;
  };
  for (const ch of line) {
    if (open) {
      if (escaped) {
        buf += ch;
        escaped = false;
      } else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        open = false;
        flush();
      } else buf += ch;
    } else if (ch === '"') {
      open = quoted = started = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (started) flush();
    } else {
      buf += ch;
      started = true;
    }
  }
  const unterminated = open;
  if (started) flush();
  return { args, unterminated };
}

describe('splitArgs', () => {
  it('agrees with the reference model on random lines', () => {
    const ch = fc.constantFrom('a', 'b', '-', ' ', '  ', '\t', '"', '\\', "'", ':', '/', 'é');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 40 }).map((a) => a.join('')), (line) => {
        expect(splitArgs(line)).toEqual(reference(line));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits a kube-proxy rule line', () => {
    const line = '-A KUBE-SEP-ABC -m comment --comment "ns1/svc1:p80 \\"x\\"" -s 10.180.0.1/32 -j KUBE-MARK-MASQ';
    expect(splitArgs(line).args.map((a) => a.text)).toEqual(['-A', 'KUBE-SEP-ABC', '-m', 'comment', '--comment', 'ns1/svc1:p80 "x"', '-s', '10.180.0.1/32', '-j', 'KUBE-MARK-MASQ']);
  });

  it('splits off counters only at the start', () => {
    expect(splitCounters('[5:300] -A X')).toEqual({ rest: '-A X', counters: '5:300' });
    expect(splitCounters('  [0:0] -A X')).toEqual({ rest: '-A X', counters: '0:0' });
    expect(splitCounters('-A X [0:0]')).toEqual({ rest: '-A X [0:0]' });
  });
});

describe('maskToLen', () => {
  it('gives the prefix length of every contiguous mask and -1 for any other', () => {
    for (let len = 0; len <= 32; len++) expect(maskToLen(maskOf(len))).toBe(len);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (mask) => {
        const contiguous = Array.from({ length: 33 }, (_, l) => maskOf(l)).indexOf(mask >>> 0);
        expect(maskToLen(mask)).toBe(contiguous);
      }),
    );
    expect(maskToLen(0xff00ff00)).toBe(-1);
  });
});
