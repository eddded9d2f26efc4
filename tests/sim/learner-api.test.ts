/** The learner API ('k8snet' in code cells): the LEARNER-API.md example, manifests ≡ code, failure injection. */
import { describe, expect, it } from 'vitest';
import { cluster, fromManifests, setExplainLanguage, SimError } from '../../src/sim/api';

describe('k8snet learner API', () => {
  it('runs the example from LEARNER-API.md', () => {
    const c = cluster({ cni: 'flannel-vxlan' });
    c.node('node-1');
    c.node('node-2');
    c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
    c.pod('client', { node: 'node-2' });
    expect(c.exec('pod/default/client', 'ip address show')).toMatch(/eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450/);
    const t = c.trace('pod/default/client', 'pod/default/web:80');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeen?.split(':')[0]).toBe(c.toJSON().pods.find((p) => p.name === 'default/client')!.ip);
    expect(t.explain()).toMatch(/Result: delivered/);
    expect(t.path()).toContain('node-2 cni0');
    expect(JSON.parse(JSON.stringify(c)).nodes).toHaveLength(2);
  });

  it('describes the same cluster from code and from manifests', () => {
    const code = cluster().node('node-1').pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
    const yaml = fromManifests(code.toYaml());
    expect(yaml.toJSON()).toEqual(code.toJSON());
  });

  it('explains a bad cluster in the learner\'s words', () => {
    const c = cluster().node('node-1').node('node-2').pod('web', { node: 'node-3' });
    expect(() => c.trace('pod/default/web', '10.0.0.1:80')).toThrow(SimError);
    expect(() => c.model).toThrow(/node-3.*node-1.*node-2|node-1 and node-2/);
  });

  it('injects failures on the running cluster and logs who reacted', () => {
    const c = cluster().node('node-1').node('node-2');
    c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
    c.pod('web-2', { node: 'node-2', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
    c.pod('client', { node: 'node-2' });
    c.service('web', { selector: { app: 'web' }, ports: [80] });
    expect(c.explore('pod/default/client', 'svc/default/web:80').candidates).toHaveLength(2);
    c.deletePod('web-2');
    expect(c.explore('pod/default/client', 'svc/default/web:80').candidates!.map((x) => x.deliveredTo?.pod)).toEqual(['default/web-1']);
    c.nodeDown('node-1');
    expect(c.trace('pod/default/client', 'svc/default/web:80').verdict).toBe('refused'); // no ready endpoint left
    c.service('extra', { selector: { app: 'web' }, ports: [8080] }); // a later change keeps web-2 deleted
    expect(c.model.spec.pods.some((p) => p.name === 'web-2')).toBe(false);
    expect(c.events().some((e) => e.actor === 'node-lifecycle-controller')).toBe(true);
  });
});

describe('explain() language', () => {
  it('defaults to the language the lab page sets', () => {
    const c = cluster({ cni: 'flannel-host-gw' });
    c.node('node-1');
    c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
    c.pod('client', { node: 'node-1' });
    const t = c.trace('pod/default/client', 'pod/default/web:80');
    expect(t.explain()).toBe(t.explain('en'));
    setExplainLanguage('zh-tw');
    try {
      expect(t.explain()).toBe(t.explain('zh-tw'));
      expect(t.explain()).toMatch(/[\u4e00-\u9fff]/);
      expect(t.explain('en')).not.toMatch(/[\u4e00-\u9fff]/);
    } finally {
      setExplainLanguage('en');
    }
  });
});
