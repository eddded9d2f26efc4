/**
 * The simulator runs unchanged in a browser Worker and in Node: no DOM, no node: modules, no ambient
 * randomness or time, and no imports from outside src/sim (dependencies point one way:
 * content → components → lab runtime → sim).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SIM = resolve(__dirname, '../../src/sim');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('src/sim stays pure', () => {
  const all = files(SIM);

  it('has source files to check', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((f) => [relative(SIM, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(text).not.toMatch(/from ['"]node:/);
    expect(text).not.toMatch(/\b(document|window|localStorage)\./);
    // new Date(ms) formats an injected time; new Date() would read the clock.
    expect(text).not.toMatch(/Math\.random\(|Date\.now\(|new Date\(\s*\)/);
    for (const m of text.matchAll(/from ['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]!);
      expect(relative(SIM, target).startsWith('..'), `${m[1]} leaves src/sim`).toBe(false);
    }
  });
});
