// kube-proxy chain-name hashing: SHA-256 (FIPS 180-4), base32 (RFC 4648), the chain-name scheme against
// upstream test data and real-cluster captures (tests/fixtures/kube-proxy/hash-vectors.json), and
// computeProbability against upstream TestComputeProbability.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32StdEncode,
  computeProbability,
  endpointString,
  portProtoHash,
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortEndpointChainName,
  servicePortNameString,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
  sha256,
  toHex,
  utf8Encode,
} from '../../src/sim/k8s/kube-proxy';
import { SimError } from '../../src/sim/core/errors';

interface IptablesVector {
  chainPrefix: string;
  servicePortName: string;
  protocol: string;
  endpoint: string | null;
  hashedString: string;
  hash16: string;
  source: string;
}
interface HashVectors {
  iptablesVectors: IptablesVector[];
  nftablesVectors: { base: string; hash8: string }[];
  computeProbability: { vectors: { n: number; computeProbability: string }[] };
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/kube-proxy/hash-vectors.json', import.meta.url), 'utf8'),
) as HashVectors;

const hex = (s: string) => toHex(sha256(utf8Encode(s)));

describe('sha256 (FIPS 180-4)', () => {
  // FIPS 180-2 appendix B / NIST CSRC example values.
  it('matches the NIST examples', () => {
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(
      hex('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1');
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with node:crypto around the padding boundaries (55, 56, 63, 64, 119, 120 bytes)', () => {
    for (const len of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 255);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('agrees with node:crypto on arbitrary strings (UTF-8 encoded like Go []byte(s))', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('base32 StdEncoding (RFC 4648)', () => {
  it('matches the RFC 4648 §10 test vectors', () => {
    const enc = (s: string) => base32StdEncode(utf8Encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('MY======');
    expect(enc('fo')).toBe('MZXQ====');
    expect(enc('foo')).toBe('MZXW6===');
    expect(enc('foob')).toBe('MZXW6YQ=');
    expect(enc('fooba')).toBe('MZXW6YTB');
    expect(enc('foobar')).toBe('MZXW6YTBOI======');
  });

  it('a 32-byte digest encodes to 56 characters plus 4 padding characters', () => {
    expect(base32StdEncode(sha256(utf8Encode('x')))).toMatch(/^[A-Z2-7]{52}====$/);
  });
});

describe('chain names (pkg/proxy/iptables/proxier.go portProtoHash / servicePortEndpointChainName)', () => {
  it('servicePortName.String() omits ":port" for an unnamed port', () => {
    expect(servicePortNameString('ns1', 'svc1', 'p80')).toBe('ns1/svc1:p80');
    expect(servicePortNameString('default', 'nginx', '')).toBe('default/nginx');
  });

  it('endpoint.String() brackets IPv6 like net.JoinHostPort', () => {
    expect(endpointString('10.180.0.1', 80)).toBe('10.180.0.1:80');
    expect(endpointString('ff06::c1', 80)).toBe('[ff06::c1]:80');
  });

  const iptables = vectors.iptablesVectors;
  it('the fixture holds service and endpoint vectors from upstream and real clusters', () => {
    expect(iptables.filter((v) => v.endpoint === null).length).toBeGreaterThanOrEqual(8);
    expect(iptables.filter((v) => v.endpoint !== null).length).toBeGreaterThanOrEqual(15);
  });

  for (const v of iptables) {
    const label = `${v.servicePortName} ${v.protocol}${v.endpoint ? ` ${v.endpoint}` : ''} → ${v.hash16}`;
    it(label, () => {
      // The fixture's spn is already ServicePortName.String(); the hashed string is spn + proto (+ endpoint).
      expect(v.hashedString).toBe(v.servicePortName + v.protocol + (v.endpoint ?? ''));
      if (v.endpoint === null) {
        expect(portProtoHash(v.servicePortName, v.protocol)).toBe(v.hash16);
        expect(servicePortPolicyClusterChain(v.servicePortName, v.protocol)).toBe(`KUBE-SVC-${v.hash16}`);
        expect(servicePortPolicyLocalChainName(v.servicePortName, v.protocol)).toBe(`KUBE-SVL-${v.hash16}`);
        expect(serviceExternalChainName(v.servicePortName, v.protocol)).toBe(`KUBE-EXT-${v.hash16}`);
        expect(serviceFirewallChainName(v.servicePortName, v.protocol)).toBe(`KUBE-FW-${v.hash16}`);
      } else {
        expect(servicePortEndpointChainName(v.servicePortName, v.protocol, v.endpoint)).toBe(`KUBE-SEP-${v.hash16}`);
      }
    });
  }

  it('the protocol is lowercased before hashing (kube-proxy passes strings.ToLower(protocol))', () => {
    expect(portProtoHash('kube-system/kube-dns:dns', 'UDP')).toBe('TCOU7JCQXEZGVUNU');
  });

  it('chain names fit the 28-character iptables limit', () => {
    expect(serviceFirewallChainName('a/b:c', 'sctp').length).toBe(24);
    expect(servicePortEndpointChainName('a/b:c', 'tcp', '1.2.3.4:5').length).toBe(25);
  });

  // Same primitives, nftables scheme: base32(sha256(s))[:8] (pkg/proxy/nftables hashAndTruncate).
  for (const v of vectors.nftablesVectors) {
    it(`nftables hash of ${v.base} → ${v.hash8}`, () => {
      expect(base32StdEncode(sha256(utf8Encode(v.base))).slice(0, 8)).toBe(v.hash8);
    });
  }
});

describe('computeProbability (fmt.Sprintf("%0.10f", 1.0/float64(n)))', () => {
  for (const v of vectors.computeProbability.vectors) {
    it(`${v.n} → ${v.computeProbability} (upstream TestComputeProbability)`, () => {
      expect(computeProbability(v.n)).toBe(v.computeProbability);
    });
  }

  it('gives the values kube-proxy writes for 3, 6 and 7 endpoints', () => {
    expect(computeProbability(3)).toBe('0.3333333333');
    expect(computeProbability(6)).toBe('0.1666666667');
    expect(computeProbability(7)).toBe('0.1428571429');
  });

  it('rounds an exact tie half-to-even like Go, not up like Number.toFixed', () => {
    // 1/2048 = 0.00048828125 exactly: the 11th decimal is the last digit and is 5, the 10th is 2 (even),
    // so Go's strconv (shouldRoundUp) rounds down. Python's '%.10f' % (1/2048) agrees.
    expect((1 / 2048).toFixed(10)).toBe('0.0004882813');
    expect(computeProbability(2048)).toBe('0.0004882812');
    // 1/4096 = 0.000244140625: below half after the 10th decimal → down.
    expect(computeProbability(4096)).toBe('0.0002441406');
  });

  it('agrees with toFixed wherever toFixed cannot hit an exact tie (n not a power of two)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200000 }), (n) => {
        fc.pre((n & (n - 1)) !== 0);
        expect(computeProbability(n)).toBe((1 / n).toFixed(10));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a non-count', () => {
    expect(() => computeProbability(0)).toThrow(SimError);
    expect(() => computeProbability(1.5)).toThrow(/whole number/);
  });
});
