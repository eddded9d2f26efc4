/** The reference page's source: every simulator module's header, with its "Not modelled" list. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { moduleDocs } from '../../src/components/reference/modules';

const SIM = join(__dirname, '../../src/sim');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('module headers', () => {
  const docs = moduleDocs(Object.fromEntries(files(SIM).map((f) => [f, readFileSync(f, 'utf8')])));

  it('reads a summary and a Not modelled list from the data-plane modules', () => {
    const fib = docs.find((d) => d.path === 'src/sim/route/fib.ts')!;
    expect(fib.summary).toMatch(/^Routing tables and longest-prefix-match lookup/);
    expect(fib.notModelled).toMatch(/multipath \(ECMP\)/);
  });

  it('covers every layer of the packet path', () => {
    for (const p of ['src/sim/datapath/ip.ts', 'src/sim/datapath/link.ts', 'src/sim/conntrack/conntrack.ts', 'src/sim/netfilter/types.ts', 'src/sim/cni/flannel.ts', 'src/sim/k8s/cluster/build.ts']) {
      expect(docs.find((d) => d.path === p)?.notModelled, p).toBeTruthy();
    }
  });
});
