import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  broadcastOf, cidrContains, cidrCovers, formatCidr, formatIpv4, nthAddress, parseCidr, parseCidrLoose, parseIfAddr, parseIpv4, subnets, tryParseIpv4,
} from '../../src/sim/addr/ipv4';
import { formatIpv6, linkLocalFromMac, parseCidr6, parseIpv6 } from '../../src/sim/addr/ipv6';
import { parseMac, randomMac } from '../../src/sim/addr/mac';
import { seededRng } from '../../src/sim/core/rng';
import { SimError } from '../../src/sim/core/errors';

describe('IPv4', () => {
  it('parses and prints dotted quads as unsigned 32-bit numbers', () => {
    expect(parseIpv4('10.244.1.2')).toBe(0x0af40102);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(formatIpv4(0xc0a8380b)).toBe('192.168.56.11');
  });

  it('rejects what is not a dotted quad, with the value in the message', () => {
    for (const bad of ['10.244.1', '256.1.1.1', '10.0.0.01', 'a.b.c.d', '']) expect(tryParseIpv4(bad)).toBeUndefined();
    expect(() => parseIpv4('10.1.1', 'node address')).toThrow(/node address "10.1.1" is not an IPv4 address/);
  });

  it('rejects a misaligned prefix and names the aligned form', () => {
    expect(() => parseCidr('10.244.1.0/16')).toThrow(SimError);
    expect(() => parseCidr('10.244.1.0/16')).toThrow(/write 10\.244\.0\.0\/16/);
    expect(formatCidr(parseCidr('10.244.0.0/16'))).toBe('10.244.0.0/16');
    expect(parseCidr('10.0.0.7')).toEqual({ addr: parseIpv4('10.0.0.7'), len: 32 });
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/0 to 32/);
  });

  it('clears host bits the way iptables does when asked to be loose', () => {
    expect(formatCidr(parseCidrLoose('10.244.1.5/16'))).toBe('10.244.0.0/16');
    expect(parseIfAddr('10.244.1.1/24')).toEqual({ ip: parseIpv4('10.244.1.1'), len: 24 });
  });

  it('does prefix math: contains, covers, broadcast, split', () => {
    const net = parseCidr('10.244.0.0/16');
    expect(cidrContains(net, parseIpv4('10.244.255.255'))).toBe(true);
    expect(cidrContains(net, parseIpv4('10.245.0.0'))).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0'), parseIpv4('8.8.8.8'))).toBe(true);
    expect(cidrCovers(net, parseCidr('10.244.3.0/24'))).toBe(true);
    expect(formatIpv4(broadcastOf(parseIpv4('10.244.1.1'), 24))).toBe('10.244.1.255');
    expect(subnets(net, 24, 3).map(formatCidr)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(subnets(parseCidr('10.96.0.0/12'), 24)).toHaveLength(4096);
    expect(formatIpv4(nthAddress(parseCidr('10.96.0.0/12'), 10))).toBe('10.96.0.10');
  });
});

describe('IPv6', () => {
  it('prints RFC 5952 canonical text', () => {
    expect(formatIpv6(parseIpv6('fd00:10:244:0:0:0:0:1'))).toBe('fd00:10:244::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1'); // first of equal runs
    expect(formatIpv6(parseIpv6('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1'); // one zero group stays
    expect(formatIpv6(parseIpv6('::1'))).toBe('::1');
    expect(formatIpv6(0n)).toBe('::');
  });

  it('derives the EUI-64 link-local address from a MAC (RFC 4291 appendix A)', () => {
    // Real capture (FIDELITY 4.1): cni0 0a:c6:62:21:46:03 → fe80::8c6:62ff:fe21:4603
    expect(formatIpv6(linkLocalFromMac('0a:c6:62:21:46:03'))).toBe('fe80::8c6:62ff:fe21:4603');
    expect(formatIpv6(linkLocalFromMac('a6:f4:a2:e6:dc:9f'))).toBe('fe80::a4f4:a2ff:fee6:dc9f');
  });

  it('checks prefixes', () => {
    expect(() => parseCidr6('fd00:10:244::1/56')).toThrow(/host bits/);
    expect(parseCidr6('fd00:10:244::/56').len).toBe(56);
  });
});

describe('MAC', () => {
  it('normalises and generates locally administered unicast addresses', () => {
    expect(parseMac('0A:58:0A:F4:01:01')).toBe('0a:58:0a:f4:01:01');
    expect(() => parseMac('0a:58')).toThrow(SimError);
    const rng = seededRng(3);
    for (let i = 0; i < 100; i++) {
      const first = parseInt(randomMac(rng).slice(0, 2), 16);
      expect(first & 1).toBe(0);
      expect(first & 2).toBe(2);
    }
  });
});

describe('tryParseIpv4 against the dotted-quad grammar', () => {
  // The grammar, as a regular expression: four 1-3 digit numbers 0-255, no leading zeros, blanks around allowed.
  const reference = (s: string): number | undefined => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
    if (!m) return undefined;
    let n = 0;
    for (const part of m.slice(1)) {
      if ((part.length > 1 && part[0] === '0') || Number(part) > 255) return undefined;
      n = n * 256 + Number(part);
    }
    return n;
  };
  it('accepts and rejects exactly what the grammar does', () => {
    const ch = fc.constantFrom('0', '1', '2', '5', '9', '.', ' ', 'a', '-', '\u00a0');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 18 }).map((a) => a.join('')), (s) => {
        expect(tryParseIpv4(s)).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
    for (const s of ['10.244.1.2', ' 10.0.0.1 ', '255.255.255.255', '0.0.0.0', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.', '1..2.3', '1.2.3.4x', '']) {
      expect(tryParseIpv4(s), s).toBe(reference(s));
    }
  });
});
