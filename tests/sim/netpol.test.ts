/**
 * Focused NetworkPolicy evaluator tests. Each expectation is reasoned from the API field comments and the
 * website's network-policies.md (quoted or paraphrased next to the case), not from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SimError } from '../../src/sim/core/errors';
import {
  buildNetpolModel,
  evaluate,
  formatSelector,
  formatTruthTable,
  formatValidationFailure,
  policyWarnings,
  selectorMatches,
  truthTable,
  validatePolicy,
  type NetpolProtocol,
  type NetworkPolicy,
  type PodInfo,
} from '../../src/sim/k8s/netpol';

// ------------------------------------------------------------------------------------------------ fixtures

/**
 * Two namespaces: "app" (team=web) and "ops" (no user labels).
 * app/web   10.244.1.10  role=web    node-1  serves 80/TCP "http", 8443/TCP "https"
 * app/db    10.244.1.11  role=db     node-1  serves 5432/TCP "pg"
 * app/dns   10.244.1.12  role=dns    node-2  serves 53/UDP "dns", 53/TCP "dns-tcp"
 * ops/tool  10.244.2.10  role=tool   node-2  serves 8080/TCP "http"  (same NAME as web's 80, other number)
 * ops/agent 192.168.0.12 hostNetwork node-2  (node-2's IP)
 */
function pods(): PodInfo[] {
  return [
    { namespace: 'app', name: 'web', labels: { role: 'web' }, ip: '10.244.1.10', nodeName: 'node-1',
      containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 80 }, { name: 'https', containerPort: 8443 }] }] },
    { namespace: 'app', name: 'db', labels: { role: 'db' }, ip: '10.244.1.11', nodeName: 'node-1',
      containers: [{ name: 'pg', ports: [{ name: 'pg', containerPort: 5432 }] }] },
    { namespace: 'app', name: 'dns', labels: { role: 'dns' }, ip: '10.244.1.12', nodeName: 'node-2',
      containers: [{ name: 'dns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }] }] },
    { namespace: 'ops', name: 'tool', labels: { role: 'tool' }, ip: '10.244.2.10', nodeName: 'node-2',
      containers: [{ name: 'tool', ports: [{ name: 'http', containerPort: 8080 }] }] },
    { namespace: 'ops', name: 'agent', labels: { role: 'agent' }, ip: '192.168.0.12', hostNetwork: true, nodeName: 'node-2', containers: [] },
  ];
}

function model(...policies: (NetworkPolicy | string)[]) {
  return buildNetpolModel({
    namespaces: [{ name: 'app', labels: { team: 'web' } }, { name: 'ops' }],
    pods: pods(),
    policies: policies.map((p) => (typeof p === 'string' ? (parseYaml(p) as NetworkPolicy) : p)),
  });
}

function np(namespace: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace, name }, spec };
}

const allowed = (m: ReturnType<typeof model>, from: string, to: string, port: number, protocol: NetpolProtocol = 'TCP') =>
  evaluate(m, { from, to, port, protocol }).allowed;

function simError(fn: () => unknown): SimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SimError) return e;
    throw e;
  }
  throw new Error('expected a SimError');
}

// ------------------------------------------------------------------------------------------------ selectors

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', empty: '' };

  it('an empty selector selects everything', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({}, {})).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  it('matchLabels are ANDed, and a label with an empty value is still a label', () => {
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'front' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { empty: '' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { missing: '' } }, labels)).toBe(false);
  });

  it('In needs the key present with a listed value', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels)).toBe(false);
  });

  it('NotIn also matches objects WITHOUT the key (labels.Requirement.Matches)', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toBe(true);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'empty', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  it('matchLabels and matchExpressions combine with AND', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['back'] }] };
    expect(selectorMatches(sel, labels)).toBe(false);
    expect(selectorMatches(sel, { app: 'web', tier: 'back' })).toBe(true);
  });

  it('a namespaceSelector with NotIn on the automatic name label selects every other namespace', () => {
    // Fixture 05's peer: kubernetes.io/metadata.name NotIn [app] → ops/tool is allowed, app/db is not.
    const m = model(np('app', 'others', {
      podSelector: { matchLabels: { role: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['app'] }] } }] }],
    }));
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(true);
    expect(allowed(m, 'app/db', 'app/web', 80)).toBe(false);
  });

  it('the kubernetes.io/metadata.name label is always the namespace name, whatever the input says', () => {
    const m = buildNetpolModel({
      namespaces: [{ name: 'app', labels: { 'kubernetes.io/metadata.name': 'spoofed' } }, { name: 'ops' }],
      pods: pods(),
      policies: [np('app', 'from-app', {
        podSelector: { matchLabels: { role: 'db' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } }] }],
      })],
    });
    expect(m.namespaces['app']!['kubernetes.io/metadata.name']).toBe('app');
    expect(allowed(m, 'app/web', 'app/db', 5432)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/db', 5432)).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ absent vs empty

describe('absent versus empty', () => {
  it('no policy selecting a pod: everything allowed, not isolated', () => {
    const v = evaluate(model(), { from: 'app/web', to: 'app/db', port: 5432 });
    expect(v).toEqual({
      allowed: true,
      egress: { allowed: true, isolated: false, isolatedBy: [], allowedBy: [], reason: 'not-isolated' },
      ingress: { allowed: true, isolated: false, isolatedBy: [], allowedBy: [], reason: 'not-isolated' },
    });
  });

  it('`ingress: []` and a missing `ingress` both deny all ingress (policyTypes defaults to [Ingress])', () => {
    for (const spec of [{ podSelector: {}, ingress: [] }, { podSelector: {} }]) {
      const v = evaluate(model(np('app', 'deny', spec)), { from: 'app/web', to: 'app/db', port: 5432 });
      expect(v.allowed).toBe(false);
      expect(v.ingress).toEqual({ allowed: false, isolated: true, isolatedBy: ['app/deny'], allowedBy: [], reason: 'no-rule-matched' });
      expect(v.egress.isolated).toBe(false);
    }
  });

  it('a policy with no spec at all is a default-deny-ingress for its whole namespace', () => {
    // spec is a struct: absent = podSelector {} (all pods) and policyTypes defaulted to [Ingress].
    const m = model({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: 'app', name: 'bare' } });
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(false);
    expect(allowed(m, 'app/web', 'ops/tool', 8080)).toBe(true);
  });

  it('`ingress: [{}]` allows all ingress, though the pod is isolated', () => {
    const v = evaluate(model(np('app', 'allow-all', { podSelector: {}, ingress: [{}] })), { from: '203.0.113.9', to: 'app/db', port: 9999 });
    expect(v.ingress).toEqual({ allowed: true, isolated: true, isolatedBy: ['app/allow-all'], allowedBy: ['app/allow-all'], reason: 'allowed' });
  });

  it('`from: []` is the same as no `from`: every source', () => {
    const m = model(np('app', 'any-source-5432', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [], ports: [{ port: 5432 }] }] }));
    expect(allowed(m, 'ops/tool', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '203.0.113.9', 'app/db', 5432)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/db', 5433)).toBe(false);
  });

  it('peer `podSelector: {}` alone = every pod of the POLICY\'s namespace, nothing else', () => {
    const m = model(np('app', 'same-ns', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] }));
    expect(allowed(m, 'app/web', 'app/db', 5432)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/db', 5432)).toBe(false);
    expect(allowed(m, '203.0.113.9', 'app/db', 5432)).toBe(false);
  });

  it('peer `namespaceSelector: {}` alone = every pod of every namespace, but no outside IP', () => {
    const m = model(np('app', 'all-pods', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }));
    expect(allowed(m, 'app/web', 'app/db', 5432)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '203.0.113.9', 'app/db', 5432)).toBe(false);
  });

  it('both selectors in ONE peer = AND; in two peers = OR (docs "Behavior of to and from selectors")', () => {
    const and = model(np('app', 'and', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } }, podSelector: { matchLabels: { role: 'tool' } } }] }],
    }));
    // app has team=web but no role=tool pod; ops has role=tool but not team=web → nobody.
    expect(allowed(and, 'app/web', 'app/db', 5432)).toBe(false);
    expect(allowed(and, 'ops/tool', 'app/db', 5432)).toBe(false);
    const or = model(np('app', 'or', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }, { podSelector: { matchLabels: { role: 'tool' } } }] }],
    }));
    // team=web namespace (app) → app/web allowed; role=tool is looked for in app only → ops/tool not.
    expect(allowed(or, 'app/web', 'app/db', 5432)).toBe(true);
    expect(allowed(or, 'ops/tool', 'app/db', 5432)).toBe(false);
  });

  it('`namespaceSelector: {}` with a podSelector = those pods in any namespace', () => {
    const m = model(np('app', 'tools-anywhere', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'tool' } } }] }],
    }));
    expect(allowed(m, 'ops/tool', 'app/db', 5432)).toBe(true);
    expect(allowed(m, 'app/web', 'app/db', 5432)).toBe(false);
  });

  it('YAML `- podSelector:` with nothing after it is null, not {}: the API rejects the empty peer', () => {
    const obj = parseYaml(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: oops, namespace: app}
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector:
`);
    expect(validatePolicy(obj).map((e) => e.message)).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
  });
});

// ------------------------------------------------------------------------------------------------ policyTypes

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  it('no policyTypes + egress rules → [Ingress, Egress]: an "egress" policy also cuts all ingress', () => {
    const m = model(np('app', 'egress-dns', {
      podSelector: { matchLabels: { role: 'web' } },
      egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
    }));
    const v = evaluate(m, { from: 'app/db', to: 'app/web', port: 80 });
    expect(v.ingress.isolatedBy).toEqual(['app/egress-dns']);
    expect(v.allowed).toBe(false);
    expect(allowed(m, 'app/web', 'app/dns', 53, 'UDP')).toBe(true);
    expect(allowed(m, 'app/web', 'app/db', 5432)).toBe(false);
  });

  it('no policyTypes + `egress: []` → [Ingress] only: egress stays open', () => {
    const m = model(np('app', 'empty-egress', { podSelector: { matchLabels: { role: 'web' } }, egress: [] }));
    const v = evaluate(m, { from: 'app/web', to: 'app/db', port: 5432 });
    expect(v.egress.isolated).toBe(false);
    expect(v.allowed).toBe(true);
    expect(allowed(m, 'app/db', 'app/web', 80)).toBe(false);
  });

  it('explicit policyTypes [Egress]: ingress rules in the same policy are ignored', () => {
    const m = model(np('app', 'egress-only', {
      podSelector: { matchLabels: { role: 'web' } },
      policyTypes: ['Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { role: 'nobody' } } }] }],
      egress: [{}],
    }));
    const v = evaluate(m, { from: 'app/db', to: 'app/web', port: 80 });
    expect(v.ingress.isolated).toBe(false);
    expect(v.allowed).toBe(true);
  });

  it('policyTypes [Ingress, Egress] with no rules: default deny both ways for the selected pods', () => {
    const m = model(np('app', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    expect(allowed(m, 'app/web', 'ops/tool', 8080)).toBe(false);
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(false);
    expect(allowed(m, 'ops/tool', '203.0.113.9', 443)).toBe(true);
  });

  it('a policy only affects pods of its own namespace', () => {
    const m = model(np('ops', 'deny', { podSelector: {} }));
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(true);
    expect(allowed(m, 'app/web', 'ops/tool', 8080)).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ both sides

describe('a connection needs the client egress AND the server ingress', () => {
  const egressDeny = np('app', 'web-egress-deny', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Egress'] });
  const dbIngressFromWeb = np('app', 'db-from-web', {
    podSelector: { matchLabels: { role: 'db' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { role: 'web' } } }], ports: [{ port: 5432 }] }],
  });
  const webEgressToDb = np('app', 'web-to-db', {
    podSelector: { matchLabels: { role: 'web' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { role: 'db' } } }] }],
  });

  it('ingress allows but egress does not → blocked, and the verdict says which side', () => {
    const v = evaluate(model(egressDeny, dbIngressFromWeb), { from: 'app/web', to: 'app/db', port: 5432 });
    expect(v.allowed).toBe(false);
    expect(v.egress).toMatchObject({ allowed: false, isolatedBy: ['app/web-egress-deny'], reason: 'no-rule-matched' });
    expect(v.ingress).toMatchObject({ allowed: true, allowedBy: ['app/db-from-web'], reason: 'allowed' });
  });

  it('egress allows but ingress does not → blocked', () => {
    const v = evaluate(model(webEgressToDb, np('app', 'db-deny', { podSelector: { matchLabels: { role: 'db' } } })), { from: 'app/web', to: 'app/db', port: 5432 });
    expect(v.egress.allowed).toBe(true);
    expect(v.ingress.allowed).toBe(false);
    expect(v.allowed).toBe(false);
  });

  it('both allow → allowed; allowedBy lists every policy that matched (union of policies)', () => {
    const second = np('app', 'a-also-web', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] });
    const v = evaluate(model(webEgressToDb, second, dbIngressFromWeb, egressDeny), { from: 'app/web', to: 'app/db', port: 5432 });
    expect(v.allowed).toBe(true);
    expect(v.egress.isolatedBy).toEqual(['app/a-also-web', 'app/web-egress-deny', 'app/web-to-db']);
    expect(v.egress.allowedBy).toEqual(['app/a-also-web', 'app/web-to-db']);
  });
});

// ------------------------------------------------------------------------------------------------ ports

describe('ports', () => {
  it('protocol defaults to TCP: `port: 53` does not allow UDP 53', () => {
    const m = model(np('app', 'dns', { podSelector: { matchLabels: { role: 'dns' } }, ingress: [{ ports: [{ port: 53 }] }] }));
    expect(allowed(m, 'app/web', 'app/dns', 53, 'TCP')).toBe(true);
    expect(allowed(m, 'app/web', 'app/dns', 53, 'UDP')).toBe(false);
  });

  it('an entry with only a protocol = every port of that protocol', () => {
    const m = model(np('app', 'udp', { podSelector: { matchLabels: { role: 'dns' } }, ingress: [{ ports: [{ protocol: 'UDP' }] }] }));
    expect(allowed(m, 'app/web', 'app/dns', 53, 'UDP')).toBe(true);
    expect(allowed(m, 'app/web', 'app/dns', 5353, 'UDP')).toBe(true);
    expect(allowed(m, 'app/web', 'app/dns', 53, 'TCP')).toBe(false);
    expect(allowed(m, 'app/web', 'app/dns', 53, 'SCTP')).toBe(false);
  });

  it('SCTP is matched like the others', () => {
    const m = model(np('app', 'sctp', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ ports: [{ protocol: 'SCTP', port: 9000 }] }] }));
    expect(allowed(m, 'app/web', 'app/db', 9000, 'SCTP')).toBe(true);
    expect(allowed(m, 'app/web', 'app/db', 9000, 'TCP')).toBe(false);
  });

  it('endPort: an inclusive range (docs example 32000-32768)', () => {
    const m = model(np('app', 'range', {
      podSelector: { matchLabels: { role: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }],
    }));
    expect(allowed(m, 'app/web', '10.0.0.7', 31999)).toBe(false);
    expect(allowed(m, 'app/web', '10.0.0.7', 32000)).toBe(true);
    expect(allowed(m, 'app/web', '10.0.0.7', 32500)).toBe(true);
    expect(allowed(m, 'app/web', '10.0.0.7', 32768)).toBe(true);
    expect(allowed(m, 'app/web', '10.0.0.7', 32769)).toBe(false);
    expect(allowed(m, 'app/web', '10.0.1.7', 32000)).toBe(false);
  });

  it('named ingress port resolves per destination pod: "http" is 80 on app/web and 8080 on ops/tool', () => {
    const m = model(
      np('app', 'http', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] }),
      np('ops', 'http', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] }),
    );
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/web', 8080)).toBe(false);
    expect(allowed(m, 'app/web', 'ops/tool', 8080)).toBe(true);
    expect(allowed(m, 'app/web', 'ops/tool', 80)).toBe(false);
    // app/db has no port named "http": nothing matches.
    expect(allowed(m, 'ops/tool', 'app/db', 80)).toBe(false);
  });

  it('named egress port resolves against the DESTINATION pod, not the client', () => {
    // Client app/web has "http" = 80; destination ops/tool has "http" = 8080.
    const m = model(np('app', 'egress-http', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }));
    expect(allowed(m, 'app/web', 'ops/tool', 8080)).toBe(true);
    expect(allowed(m, 'app/web', 'ops/tool', 80)).toBe(false);
    // An outside IP has no named ports: a named port never matches it.
    expect(allowed(m, 'app/web', '203.0.113.9', 80)).toBe(false);
  });

  it('a named port must match the container port protocol too', () => {
    // app/dns: "dns" is 53/UDP, "dns-tcp" is 53/TCP.
    const tcpDefault = model(np('app', 'dns', { podSelector: { matchLabels: { role: 'dns' } }, ingress: [{ ports: [{ port: 'dns' }] }] }));
    expect(allowed(tcpDefault, 'app/web', 'app/dns', 53, 'TCP')).toBe(false); // "dns" is not a TCP port
    expect(allowed(tcpDefault, 'app/web', 'app/dns', 53, 'UDP')).toBe(false); // the entry is TCP (default)
    const udp = model(np('app', 'dns', { podSelector: { matchLabels: { role: 'dns' } }, ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }] }));
    expect(allowed(udp, 'app/web', 'app/dns', 53, 'UDP')).toBe(true);
    expect(allowed(udp, 'app/web', 'app/dns', 53, 'TCP')).toBe(false);
  });

  it('ports AND peers: both parts of a rule must match', () => {
    const m = model(np('app', 'web-from-tool-443', {
      podSelector: { matchLabels: { role: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }], ports: [{ port: 8443 }] }],
    }));
    expect(allowed(m, 'ops/tool', 'app/web', 8443)).toBe(true);
    expect(allowed(m, 'ops/tool', 'app/web', 80)).toBe(false);
    expect(allowed(m, 'app/db', 'app/web', 8443)).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ ipBlock

describe('ipBlock', () => {
  // The docs' example: 172.17.0.0/16 except 172.17.1.0/24 = 172.17.0.0–172.17.0.255 and 172.17.2.0–172.17.255.255.
  const m = model(np('app', 'from-block', {
    podSelector: { matchLabels: { role: 'db' } },
    ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }] }],
  }));

  it('cidr minus except, on the peer IP', () => {
    expect(allowed(m, '172.17.0.255', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '172.17.1.0', 'app/db', 5432)).toBe(false);
    expect(allowed(m, '172.17.1.255', 'app/db', 5432)).toBe(false);
    expect(allowed(m, '172.17.2.0', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '172.17.255.255', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '172.18.0.1', 'app/db', 5432)).toBe(false);
  });

  it('an IP excluded by one peer but inside another peer is allowed (peers OR; e2e "IP overlapping both IPBlock.CIDR and IPBlock.Except")', () => {
    const both = model(np('app', 'two-blocks', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { ipBlock: { cidr: '172.17.1.5/32' } }] }],
    }));
    expect(allowed(both, '172.17.1.5', 'app/db', 5432)).toBe(true);
    expect(allowed(both, '172.17.1.6', 'app/db', 5432)).toBe(false);
  });

  it('matches pod IPs too (our documented choice; e2e "egress access to server in CIDR block" uses a pod /32)', () => {
    const egress = model(np('app', 'web-to-db-ip', {
      podSelector: { matchLabels: { role: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.244.1.11/32' } }] }],
    }));
    expect(allowed(egress, 'app/web', 'app/db', 5432)).toBe(true);
    expect(allowed(egress, 'app/web', 'app/dns', 53, 'UDP')).toBe(false);
    // A pod IP given as the destination is the same pod.
    expect(allowed(egress, 'app/web', '10.244.1.11', 5432)).toBe(true);
    // ... and `except` takes a pod out again.
    const excluded = model(np('app', 'web-to-pods-but-db', {
      podSelector: { matchLabels: { role: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.11/32'] } }] }],
    }));
    expect(allowed(excluded, 'app/web', 'app/db', 5432)).toBe(false);
    expect(allowed(excluded, 'app/web', 'ops/tool', 8080)).toBe(true);
  });

  it('an IPv6 block never matches an IPv4 peer, and matches IPv6 peers', () => {
    const v6 = model(np('app', 'v6', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/64', except: ['2001:db8::/120'] } }] }] }));
    expect(allowed(v6, '2001:db8::1:1', 'app/db', 5432)).toBe(true);
    expect(allowed(v6, '2001:db8::5', 'app/db', 5432)).toBe(false);
    expect(allowed(v6, '172.17.0.1', 'app/db', 5432)).toBe(false);
  });

  it('a cidr with host bits is accepted with a warning and matched as its network (legacy parsing)', () => {
    const obj = np('app', 'hostbits', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.1/24' } }] }] });
    expect(validatePolicy(obj)).toEqual([]);
    expect(policyWarnings(obj)).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)',
    ]);
    const hb = model(obj);
    expect(allowed(hb, '10.0.0.200', 'app/db', 5432)).toBe(true);
    expect(allowed(hb, '10.0.1.1', 'app/db', 5432)).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ node and hostNetwork

describe('node traffic and hostNetwork pods', () => {
  const denyAll = np('app', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

  it('the pod\'s own node may always connect (kubelet probes); another node may not', () => {
    const m = model(denyAll);
    const v = evaluate(m, { from: '192.168.0.11', to: 'app/web', port: 80, fromNode: 'node-1' });
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({ allowed: true, isolated: true, isolatedBy: ['app/deny-all'], allowedBy: [], reason: 'node-local' });
    expect(v.egress.reason).toBe('not-a-pod');
    expect(evaluate(m, { from: '192.168.0.12', to: 'app/web', port: 80, fromNode: 'node-2' }).allowed).toBe(false);
    expect(evaluate(m, { from: '192.168.0.11', to: 'app/web', port: 80 }).allowed).toBe(false);
  });

  it('a hostNetwork pod is node traffic: allowed to pods on its own node only', () => {
    const m = model(denyAll);
    expect(allowed(m, 'ops/agent', 'app/dns', 53, 'UDP')).toBe(true); // both on node-2
    expect(allowed(m, 'ops/agent', 'app/web', 80)).toBe(false); // web is on node-1
  });

  it('selectors never pick hostNetwork pods; an ipBlock on the node IP does', () => {
    const bySelector = model(np('app', 'from-ops', {
      podSelector: { matchLabels: { role: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }],
    }));
    expect(allowed(bySelector, 'ops/tool', 'app/web', 80)).toBe(true);
    expect(allowed(bySelector, 'ops/agent', 'app/web', 80)).toBe(false);
    const byIp = model(np('app', 'from-node-2', { podSelector: { matchLabels: { role: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.12/32' } }] }] }));
    expect(allowed(byIp, 'ops/agent', 'app/web', 80)).toBe(true);
  });

  it('policies do not isolate a hostNetwork pod', () => {
    const v = evaluate(model(np('ops', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })), { from: 'ops/agent', to: 'app/web', port: 80 });
    expect(v.egress).toMatchObject({ allowed: true, isolated: false, reason: 'host-network' });
    expect(v.allowed).toBe(true);
  });

  it('fromNode with a pod-network client is a usage error', () => {
    expect(simError(() => evaluate(model(), { from: 'app/web', to: 'app/db', port: 5432, fromNode: 'node-1' })).code).toBe('BAD_USAGE');
  });
});

// ------------------------------------------------------------------------------------------------ endpoints

describe('endpoints and queries', () => {
  it('a pod IP is the pod', () => {
    const m = model(np('app', 'db-from-web', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'web' } } }] }] }));
    expect(allowed(m, '10.244.1.10', 'app/db', 5432)).toBe(true);
    expect(allowed(m, '10.244.2.10', 'app/db', 5432)).toBe(false);
  });

  it('bad queries fail with a SimError that says what is wrong', () => {
    const m = model();
    const e1 = simError(() => evaluate(m, { from: 'app/nope', to: 'app/db', port: 80 }));
    expect(e1.code).toBe('NOT_FOUND');
    expect(e1.message).toContain('pod app/nope not found');
    expect(simError(() => evaluate(m, { from: 'web', to: 'app/db', port: 80 })).code).toBe('BAD_ADDRESS');
    expect(simError(() => evaluate(m, { from: 'app/web', to: 'app/db', port: 0 })).code).toBe('BAD_USAGE');
    expect(simError(() => evaluate(m, { from: 'app/web', to: 'app/db', port: 65536 })).code).toBe('BAD_USAGE');
  });
});

describe('self traffic and truth tables', () => {
  it('a pod to itself is evaluated like any pair (upstream leaves loopback undefined; see evaluate.ts)', () => {
    // Through its own Service the packet leaves the pod and comes back, so the rules apply as for any
    // client: a default-deny-ingress blocks it, which is also what the e2e fixture diagonals show.
    const m = model(np('app', 'deny', { podSelector: {} }));
    expect(allowed(m, 'app/web', 'app/web', 80)).toBe(false);
    expect(allowed(m, 'ops/tool', 'ops/tool', 8080)).toBe(true);
  });

  it('truthTable probes every ordered pair of the given pods and prints the fixture format', () => {
    // db accepts only from web: rows = clients, columns = servers.
    const m = model(np('app', 'db-from-web', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'web' } } }] }] }));
    const t = truthTable(m, 5432, 'TCP', ['app/web', 'app/db', 'ops/tool']);
    expect(t.connected).toEqual([
      [true, true, true],
      [true, false, true],
      [true, false, true],
    ]);
    expect(formatTruthTable(t)).toBe(
      '-\tapp/web\tapp/db\tops/tool\n' +
        'app/web\t.\t.\t.\n' +
        'app/db\t.\tX\t.\n' +
        'ops/tool\t.\tX\t.\n',
    );
  });
});

describe('formatSelector', () => {
  it('prints requirements sorted by key, as labels.Selector.String() does', () => {
    expect(formatSelector({})).toBe('<none>');
    expect(formatSelector({
      matchLabels: { tier: 'db' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['prod', 'dev'] },
        { key: 'zone', operator: 'DoesNotExist' },
        { key: 'app', operator: 'Exists' },
      ],
    })).toBe('app,env notin (dev,prod),tier=db,!zone');
  });
});

// ------------------------------------------------------------------------------------------------ validation

describe('validatePolicy (API server messages)', () => {
  const base = (spec: Record<string, unknown>): unknown => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'app' }, spec });
  const messages = (obj: unknown) => validatePolicy(obj).map((e) => e.message);

  it('a bad CIDR names its exact field path', () => {
    const errs = validatePolicy(base({ ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/33' } }] }] }));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ type: 'FieldValueInvalid', field: 'spec.ingress[0].from[1].ipBlock.cidr', value: '10.0.0.0/33' });
    expect(errs[0]!.message).toBe('spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
  });

  it('a bare address is not a CIDR; except must be a strict subset', () => {
    expect(messages(base({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0', except: ['10.1.0.0/24'] } }] }] }))).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(messages(base({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16', '10.0.5.0/24', '::/120'] } }] }] }))).toEqual([
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      'spec.egress[0].to[0].ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      'spec.egress[0].to[0].ipBlock.except[3]: Invalid value: "::/120": must be a strict subset of `cidr`',
    ]);
  });

  it('peer shape: at least one selector, and ipBlock alone', () => {
    expect(messages(base({ ingress: [{ from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }))).toEqual([
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
    ]);
    expect(messages(base({ ingress: [{ from: [{ ipBlock: {} }] }] }))).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Required value']);
  });

  it('ports: range, names, endPort rules, protocols', () => {
    expect(messages(base({
      ingress: [{
        ports: [
          { port: 0 },
          { port: 70000 },
          { port: 80, endPort: 79 },
          { port: 'http', endPort: 90 },
          { endPort: 90 },
          { port: '80' },
          { port: 'Web--Port' },
          { protocol: 'ICMP' },
          { protocol: 'tcp', port: 80 },
        ],
      }],
    }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ingress[0].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ingress[0].ports[2].endPort: Invalid value: 79: must be greater than or equal to `port`',
      'spec.ingress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.ingress[0].ports[4].endPort: Invalid value: 90: may not be specified when `port` is not specified',
      // A quoted number is an IntOrString STRING, i.e. a port name, and names need a letter.
      'spec.ingress[0].ports[5].port: Invalid value: "80": must contain at least one letter (a-z)',
      'spec.ingress[0].ports[6].port: Invalid value: "Web--Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[6].port: Invalid value: "Web--Port": must not contain consecutive hyphens',
      'spec.ingress[0].ports[7].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[8].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
    ]);
  });

  it('selectors: operator and values rules, label syntax', () => {
    expect(messages(base({
      podSelector: {
        matchLabels: { 'bad key!': 'ok' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Equals', values: ['x'] },
        ],
      },
    }))).toEqual([
      "spec.podSelector.matchLabels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.podSelector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.podSelector.matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
    ]);
  });

  it('policyTypes: only Ingress and Egress, at most two', () => {
    expect(messages(base({ policyTypes: ['Ingress', 'egress'] }))).toEqual([
      'spec.policyTypes[1]: Unsupported value: "egress": supported values: "Ingress", "Egress"',
    ]);
    expect(messages(base({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }))).toEqual([
      'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ]);
  });

  it('metadata: name and namespace are required', () => {
    expect(messages({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {}, spec: {} })).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
  });

  it('unknown fields fail strict decoding, the way kubectl reports them', () => {
    const obj = base({ ingress: [{ form: [{ podSelector: {} }] }] });
    const errs = validatePolicy(obj);
    expect(errs.map((e) => [e.type, e.field])).toEqual([['UnknownField', 'spec.ingress[0].form']]);
    expect(formatValidationFailure('p', errs)).toBe(
      'Error from server (BadRequest): NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: unknown field "spec.ingress[0].form"',
    );
  });

  it('buildNetpolModel rejects an invalid policy with kubectl\'s text and builds nothing', () => {
    const bad = base({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }], ports: [{ port: 0 }] }] }) as NetworkPolicy;
    const e = simError(() => model(bad));
    expect(e.code).toBe('BAD_MANIFEST');
    expect(e.message).toBe(
      'The NetworkPolicy "p" is invalid: \n' +
        '* spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        '* spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    );
  });

  it('buildNetpolModel rejects a policy in a missing namespace and duplicate names', () => {
    expect(simError(() => model(np('nope', 'p', {}))).code).toBe('NOT_FOUND');
    expect(simError(() => model(np('app', 'p', {}), np('app', 'p', {}))).code).toBe('EXISTS');
  });
});
