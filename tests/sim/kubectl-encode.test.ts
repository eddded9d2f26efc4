/**
 * `-o yaml` / `-o json` encoding: the scalar styles and key order of go-yaml v2 (via sigs.k8s.io/yaml) and the
 * layout of Go's json.MarshalIndent, checked on values that appear in the [L] capture of
 * tests/fixtures/kubectl/captures.txt (a real kubectl v1.28 `-o yaml`) and on the rules of go-yaml's
 * sorter.go / resolve.go and encoding/json where the capture has no example.
 */
import { describe, expect, it } from 'vitest';
import { goYamlKeyLess, resolvesToNonString, toJson, toYaml } from '../../src/sim/k8s/kubectl/encode';

describe('toYaml', () => {
  it('quotes like kubectl: strings that read back as other types double-quoted, others plain', () => {
    // Each line as kubectl printed it in the [L] capture (Deployment, Pod and Service YAML).
    const obj = {
      a: { 'deployment.kubernetes.io/revision': '1' },
      b: { creationTimestamp: '2024-03-19T11:13:13Z' },
      c: { resourceVersion: '7431' },
      d: { status: 'True' },
      e: { 'pod-template-hash': '7854ff8877' },
      f: { maxSurge: '25%' },
      g: { message: 'ReplicaSet "nginx-7854ff8877" has successfully progressed.' },
      h: { terminationMessagePath: '/dev/termination-log' },
      i: { lastProbeTime: null },
      j: { resources: {} },
      k: { defaultMode: 420 },
      l: { readOnly: true },
      m: { clusterIP: '10.97.104.68' },
    };
    expect(toYaml(obj)).toBe(
      [
        'a:',
        '  deployment.kubernetes.io/revision: "1"',
        'b:',
        '  creationTimestamp: "2024-03-19T11:13:13Z"',
        'c:',
        '  resourceVersion: "7431"',
        'd:',
        '  status: "True"',
        'e:',
        '  pod-template-hash: 7854ff8877',
        'f:',
        '  maxSurge: 25%',
        'g:',
        '  message: ReplicaSet "nginx-7854ff8877" has successfully progressed.',
        'h:',
        '  terminationMessagePath: /dev/termination-log',
        'i:',
        '  lastProbeTime: null',
        'j:',
        '  resources: {}',
        'k:',
        '  defaultMode: 420',
        'l:',
        '  readOnly: true',
        'm:',
        '  clusterIP: 10.97.104.68',
        '',
      ].join('\n'),
    );
  });

  it('does not indent sequences under their key, and sorts keys', () => {
    expect(toYaml({ spec: { ports: [{ protocol: 'TCP', port: 80 }] }, kind: 'Service' })).toBe('kind: Service\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n');
  });

  it('empty strings and YAML 1.1 booleans are double-quoted (go-yaml resolve.go)', () => {
    // Keys too: "y" is a YAML 1.1 boolean, so go-yaml quotes the key; "z" is not.
    expect(toYaml({ 'node-role.kubernetes.io/control-plane': '', x: 'yes', y: 'off', z: 'n' })).toBe('node-role.kubernetes.io/control-plane: ""\nx: "yes"\n"y": "off"\nz: "n"\n');
  });
});

describe('go-yaml key order (sorter.go keyList.Less)', () => {
  it('orders the capture status keys as kubectl printed them', () => {
    const keys = ['podIPs', 'qosClass', 'phase', 'hostIP', 'startTime', 'podIP', 'containerStatuses', 'conditions'];
    const sorted = [...keys].sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
    // [L] pod-yaml: conditions, containerStatuses, hostIP, phase, podIP, podIPs, qosClass, startTime.
    expect(sorted).toEqual(['conditions', 'containerStatuses', 'hostIP', 'phase', 'podIP', 'podIPs', 'qosClass', 'startTime']);
  });

  it('compares digit runs as numbers and puts non-letters before letters', () => {
    // sorter.go: "a9" < "a10" (numeric runs), unlike byte order; '-' (not a letter) sorts before 'a'.
    expect(goYamlKeyLess('a9', 'a10')).toBe(true);
    expect(goYamlKeyLess('a10', 'a9')).toBe(false);
    expect(goYamlKeyLess('k-x', 'kax')).toBe(true);
    // Letters by code point: upper case first.
    expect(goYamlKeyLess('podIP', 'podip')).toBe(true);
  });

  it('resolves plain scalars the way go-yaml v2 does', () => {
    for (const s of ['', '1', '0x1F', '1.5', '1e3', '2024-03-19', 'true', 'Yes', 'null', '~', '1:20']) expect(resolvesToNonString(s)).toBe(true);
    for (const s of ['7854ff8877', '10.97.104.68', 'v1.34.0', '25%', 'TCP', 'amd64']) expect(resolvesToNonString(s)).toBe(false);
  });
});

describe('toJson (json.MarshalIndent, four spaces)', () => {
  it('sorts keys, keeps empty collections compact, escapes HTML characters as Go does', () => {
    expect(toJson({ b: [], a: { z: {}, y: ['<none>', 'a&b'] }, n: 1, t: true })).toBe(
      ['{', '    "a": {', '        "y": [', '            "\\u003cnone\\u003e",', '            "a\\u0026b"', '        ],', '        "z": {}', '    },', '    "b": [],', '    "n": 1,', '    "t": true', '}', ''].join('\n'),
    );
  });
});
