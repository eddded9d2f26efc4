// The scaffolder (npm run new:lab -- <id>): a new lab folder that is valid at once, TODO-marked in both
// languages; ids that are invalid or taken are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeLabs } from '../../src/labs/node/labs';
import { translateComments } from '../../src/labs/node/comments';
import { parse } from 'yaml';

const SCRIPT = resolve(__dirname, '../../scripts/new-lab.mjs');
let root: string;

function newLab(...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args, '--root', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'new-lab-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run new:lab', () => {
  it('creates lab.yaml, starter.ts, solution.ts and comments.zh-tw.yaml, valid as they are', () => {
    const r = newLab('svc-clusterip-dnat', '--chapter', 'services', '--kind', 'predict');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created .*svc-clusterip-dnat\/lab\.yaml, starter\.ts, solution\.ts, comments\.zh-tw\.yaml\n/);
    for (const f of ['lab.yaml', 'starter.ts', 'solution.ts', 'comments.zh-tw.yaml']) expect(existsSync(join(root, 'svc-clusterip-dnat', f))).toBe(true);
    // Every comment of the template code has its Traditional Chinese.
    const map = parse(readFileSync(join(root, 'svc-clusterip-dnat', 'comments.zh-tw.yaml'), 'utf8')) as Record<string, string>;
    for (const f of ['starter.ts', 'solution.ts']) {
      const zh = translateComments(readFileSync(join(root, 'svc-clusterip-dnat', f), 'utf8'), map);
      expect(zh.missing, f).toEqual([]);
      expect(zh.code).toMatch(/TODO：/);
    }
    const labs = nodeLabs({ root });
    const lab = labs.load('svc-clusterip-dnat');
    expect(lab.spec).toMatchObject({ id: 'svc-clusterip-dnat', chapter: 'services', kind: 'predict' });
    // The example check runs: the template's solution passes it.
    const solution = readFileSync(join(root, 'svc-clusterip-dnat', 'solution.ts'), 'utf8');
    expect(labs.gradeSource(lab, solution).passed).toBe(true);
  });

  it('marks every text TODO in both languages, so the lab tests fail until the author writes them', () => {
    const lab = nodeLabs({ root }).load('svc-clusterip-dnat').spec;
    for (const t of [lab.title, lab.summary, lab.instructions, ...lab.hints, ...lab.checks.map((c) => c.message)]) {
      expect(t.en).toMatch(/TODO/);
      expect(t['zh-tw']).toMatch(/TODO/);
    }
    expect(readFileSync(join(root, 'svc-clusterip-dnat', 'starter.ts'), 'utf8')).toMatch(/TODO/);
  });

  it('refuses an id that exists', () => {
    const r = newLab('svc-clusterip-dnat');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^new-lab: a lab "svc-clusterip-dnat" already exists \(.*\); pick another id\n$/);
  });

  it('refuses invalid ids, chapters and kinds', () => {
    for (const id of ['Pod-IP', 'pod_ip', 'pod--ip', 'pod-', 'pod ip', 'pod/ip']) {
      const r = newLab(id);
      expect(r.code, id).toBe(1);
      expect(r.stderr).toContain(`"${id}" is not a valid id: use lowercase letters and digits joined by single dashes`);
      expect(existsSync(join(root, id))).toBe(false);
    }
    expect(newLab('ok-id', '--chapter', 'Services').stderr).toMatch(/--chapter "Services" is not a valid chapter id/);
    expect(newLab('ok-id', '--kind', 'quiz').stderr).toMatch(/--kind quiz: use one of build, predict, fix, explore/);
    expect(newLab().stderr).toMatch(/give the new lab's id/);
    expect(newLab('-pod')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^new-lab: unknown option -pod/) });
    expect(existsSync(join(root, 'ok-id'))).toBe(false);
  });
});
