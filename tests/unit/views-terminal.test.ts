// The terminal's history (↑/↓ as shells walk it), its prompts, its targets from a topology, and its markup.
import { describe, expect, it } from 'vitest';
import { fromManifests } from '../../src/sim/api';
import { DEMO_MANIFEST } from '../../src/components/figures/demo-cluster';
import { CommandHistory } from '../../src/components/terminal/history';
import { promptFor, targetsFromTopology } from '../../src/components/terminal/targets';
import { terminalTree } from '../../src/components/terminal/view';
import { findAll, textOf } from '../../src/components/figures/vnode';

describe('CommandHistory', () => {
  it('walks back from the newest command and forward to the draft', () => {
    const h = new CommandHistory();
    h.push('ip route');
    h.push('ip addr');
    expect(h.prev('ip ne')).toBe('ip addr');
    expect(h.prev('ip addr')).toBe('ip route');
    expect(h.prev('ip route')).toBeNull();
    expect(h.next()).toBe('ip addr');
    expect(h.next()).toBe('ip ne');
    expect(h.next()).toBeNull();
  });

  it('does nothing with an empty history', () => {
    const h = new CommandHistory();
    expect(h.prev('x')).toBeNull();
    expect(h.next()).toBeNull();
  });

  it('keeps no blank lines and one copy of a repeated command; pushing ends a walk', () => {
    const h = new CommandHistory();
    h.push('ip route');
    h.push('   ');
    h.push('ip route');
    h.push(' conntrack -L ');
    expect(h.entries).toEqual(['ip route', 'conntrack -L']);
    expect(h.prev('')).toBe('conntrack -L');
    h.push('ping 10.244.0.3');
    expect(h.prev('')).toBe('ping 10.244.0.3');
  });

  it('forgets the oldest commands beyond its size', () => {
    const h = new CommandHistory(3);
    for (const c of ['a', 'b', 'c', 'd']) h.push(c);
    expect(h.entries).toEqual(['b', 'c', 'd']);
  });
});

describe('prompts and targets', () => {
  it('shows root@node on nodes and hosts, and / # in Pods', () => {
    expect(promptFor('node/node-1')).toBe('root@node-1:~#');
    expect(promptFor('pod/default/web')).toBe('/ #');
    expect(promptFor('ext')).toBe('root@ext:~#');
  });

  it('lists the nodes, then scheduled Pods, then hosts of a cluster', () => {
    const t = fromManifests(DEMO_MANIFEST).topology();
    const ids = targetsFromTopology(t).map((x) => x.id);
    expect(ids.slice(0, 2)).toEqual(['node/node-1', 'node/node-2']);
    expect(ids).toContain('pod/default/web');
    expect(ids).toContain('pod/default/client');
    expect(targetsFromTopology(t, 'zh-tw')[0]!.label).toBe('節點 node-1');
  });
});

describe('terminalTree', () => {
  it('has a labelled target selector, a live log and a labelled command line', () => {
    const tree = terminalTree({ targets: [{ id: 'node/node-1', label: 'node node-1' }, { id: 'pod/default/web', label: 'Pod default/web' }], target: 'pod/default/web', idPrefix: 't' });
    const log = findAll(tree, (n) => n.attrs.role === 'log')[0]!;
    expect(log.attrs['aria-live']).toBe('polite');
    const select = findAll(tree, (n) => n.tag === 'select')[0]!;
    expect(findAll(tree, (n) => n.tag === 'label' && n.attrs.for === select.attrs.id)).toHaveLength(1);
    expect(findAll(select, (n) => n.tag === 'option' && n.attrs.selected === true).map(textOf)).toEqual(['Pod default/web']);
    const input = findAll(tree, (n) => n.tag === 'input')[0]!;
    const label = findAll(tree, (n) => n.tag === 'label' && n.attrs.for === input.attrs.id)[0]!;
    expect(textOf(label)).toBe('Command on Pod default/web/ #');
    expect(tree.attrs['data-target']).toBe('pod/default/web');
  });
});
