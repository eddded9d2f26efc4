// The check engine runs in the page's lab Worker as well as in Node: src/labs (outside src/labs/node) imports no
// node: modules, reads no clock or randomness, and does not import the Node side.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LABS = resolve(__dirname, '../../src/labs');
const pure = readdirSync(LABS).filter((f) => f.endsWith('.ts'));

describe('src/labs is pure TypeScript', () => {
  it('has the engine files', () => {
    expect(pure).toEqual(expect.arrayContaining(['engine.ts', 'schema.ts', 'load.ts', 'index.ts']));
  });

  it.each(pure)('%s', (f) => {
    const text = readFileSync(join(LABS, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(text).not.toMatch(/from ['"]node:/);
    expect(text).not.toMatch(/from ['"](fs|path|vm|url|os|child_process|worker_threads)['"]/);
    expect(text).not.toMatch(/from ['"]\.\/node\//);
    expect(text).not.toMatch(/\b(document|window|localStorage|process)\./);
    expect(text).not.toMatch(/Math\.random\(|Date\.now\(|new Date\(\s*\)/);
  });
});
