/**
 * Explore mode: instead of drawing one branch of each `statistic --mode random` rule, follow every branch to
 * its end (as ovn-trace lists possibilities, and as kube-proxy's own test tracer takes both sides of each
 * probabilistic jump). Each branch starts from the same World state and leaves no trace in it.
 *
 * The search is depth first over the sequence of decisions a run makes: a decision with 0 < p < 1 is first
 * taken, later not taken; the probability of a branch is the product of its decisions' probabilities.
 */
import { restoreState, saveState } from '../world/snapshot';
import type { World } from '../world/world';
import type { Exploration } from '../trace/types';
import { probe, type ProbeSpec } from './probe';

/** Upper bound on branches (a Service has at most a few hundred endpoints; this stops pathological rule sets). */
export const MAX_BRANCHES = 4096;

export function explore(world: World, spec: ProbeSpec): Exploration {
  const fixed: ProbeSpec = { ...spec, sport: spec.sport ?? 32768 + world.rng.int(28232) };
  const start = saveState(world);
  const branches: { probability: number; trace: ReturnType<typeof probe> }[] = [];
  let script: boolean[] = [];
  for (;;) {
    const decisions: { p: number; taken: boolean }[] = [];
    const trace = probe(world, fixed, {
      exploring: true,
      choose: (p) => {
        const i = decisions.length;
        const taken = i < script.length ? script[i]! : p > 0;
        decisions.push({ p, taken });
        return taken;
      },
    });
    restoreState(world, start);
    const probability = decisions.reduce((acc, d) => acc * (d.taken ? d.p : 1 - d.p), 1);
    if (probability > 0) branches.push({ probability, trace });
    let j = decisions.length - 1;
    while (j >= 0 && !(decisions[j]!.taken && decisions[j]!.p < 1)) j--;
    if (j < 0 || branches.length >= MAX_BRANCHES) break;
    script = [...decisions.slice(0, j).map((d) => d.taken), false];
  }
  return { branches };
}
