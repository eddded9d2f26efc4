// `k8snet grade` as users run it: through runK8snet (src/sim/cli/k8snet.ts) and through bin/k8snet.mjs from
// another directory, with the labs found next to the package.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { runK8snet } from '../../src/sim/cli/k8snet';
import { nodeLabs } from '../../src/labs/node/labs';

const ROOT = resolve(__dirname, '../..');
const SOLUTION = resolve(ROOT, 'src/content/labs/pod-ip-cross-node/solution.ts');
const STARTER = resolve(ROOT, 'src/content/labs/pod-ip-cross-node/starter.ts');
const io = { readFile: (p: string) => readFileSync(p, 'utf8'), labs: nodeLabs() };

describe('runK8snet grade', () => {
  it('lists and grades', () => {
    const list = runK8snet(['grade', '--list'], io);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^pod-ip-cross-node +pod-ip +build +Reach a Pod on another node$/m);
    expect(runK8snet(['grade', '--lab', 'pod-ip-cross-node', SOLUTION], io).code).toBe(0);
    const bad = runK8snet(['grade', '--lab', 'pod-ip-cross-node', STARTER, '--json'], io);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).passed).toBe(false);
  });
});

describe('bin/k8snet.mjs grade', () => {
  it('runs from another directory, exit codes as documented', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [resolve(ROOT, 'bin/k8snet.mjs'), 'grade', ...args], { cwd: tmpdir(), encoding: 'utf8' });
    const ok = run('--lab', 'pod-ip-cross-node', SOLUTION);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').pop()).toBe('All checks pass.');
    const fail = run('--lab', 'pod-ip-cross-node', STARTER, '--lang', 'zh-tw');
    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain('✗ client 跑在 node-2，也就是和 web 不同的節點上。');
    expect(run('--lab', 'nope', SOLUTION).status).toBe(2);
  }, 60_000);
});
