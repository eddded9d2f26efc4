/**
 * Checks that look at a node or a Pod the way an engineer would at its terminal: `ip route get` (route),
 * `iptables-save` (rule) and any command of the simulated shell (exec). They read the printed text, so a check
 * passes exactly when what the learner would see in the terminal says so.
 *
 * Not modelled: `ip route get` options other than from/iif (mark, oif, tos).
 */
import type { LabCluster } from '../sim/api';
import { describeAddress, resolveAddress, annotate } from './refs';
import type { ExecCheck, Lang, RouteCheck, RouteExpect, RuleCheck } from './schema';
import { say } from './words';
import type { Outcome } from './outcome';

const MAX_LINES = 12;

function excerpt(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… (+${lines.length - MAX_LINES})`].join('\n') : lines.join('\n');
}

/** The fields of `ip route get`'s first line: "10.244.0.2 via 10.244.0.0 dev flannel.1 src 10.244.1.0 uid 0". */
export function parseRouteGet(output: string): { dev?: string; via?: string; src?: string; line: string } {
  const line = output.split('\n')[0]!.trim();
  const field = (name: string) => new RegExp(`(?:^|\\s)${name} (\\S+)`).exec(line)?.[1];
  return { dev: field('dev'), via: field('via'), src: field('src'), line };
}

export function evaluateRoute(cluster: LabCluster, r: RouteCheck, e: RouteExpect, lang: Lang): Outcome {
  const c = cluster.model;
  const dst = resolveAddress(r.dst, c).split(':')[0]!;
  const command = `ip route get ${dst}${r.from ? ` from ${r.from}` : ''}${r.iif ? ` iif ${r.iif}` : ''}`;
  const output = cluster.exec(r.on, command);
  const got = parseRouteGet(output);
  const values = { on: r.on, dst, dev: got.dev ?? '', via: got.via ?? '', src: got.src ?? '', route: got.line };
  const want: string[] = [];
  let ok = got.dev !== undefined;
  if (e.dev !== undefined) {
    want.push(`dev ${e.dev}`);
    ok &&= got.dev === e.dev;
  }
  if (e.via !== undefined) {
    want.push(e.via === null ? say(lang, 'direct') : `via ${e.via}`);
    ok &&= e.via === null ? got.via === undefined : got.via === e.via;
  }
  if (e.src !== undefined) {
    want.push(`src ${describeAddress(e.src, c, lang)}`);
    ok &&= got.src === resolveAddress(e.src, c).split(':')[0];
  }
  if (ok) return { pass: true, values };
  return {
    pass: false,
    values,
    expected: say(lang, 'routeVia', { v: want.join(' ') }),
    found: say(lang, 'routeGot', { dst, on: r.on, v: got.src ? got.line.replace(`src ${got.src}`, `src ${annotate(got.src, c)}`) : output.trim() }),
  };
}

function lineTest(spec: { contains?: string; matches?: string }): (line: string) => boolean {
  if (spec.matches !== undefined) {
    const re = new RegExp(spec.matches);
    return (line) => re.test(line);
  }
  const text = spec.contains!;
  return (line) => line.includes(text);
}

export function evaluateRule(cluster: LabCluster, r: RuleCheck, lang: Lang): Outcome {
  const cmd = `iptables-save${r.table ? ` -t ${r.table}` : ''}`;
  const output = cluster.exec(r.on, cmd);
  const all = output.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const lines = r.chain ? all.filter((l) => l.startsWith(`-A ${r.chain} `) || l.startsWith(`:${r.chain} `)) : all;
  const test = lineTest(r);
  const hits = lines.filter(test);
  const how = say(lang, r.matches !== undefined ? 'matches' : 'contains');
  const v = JSON.stringify(r.matches ?? r.contains);
  const values = { on: r.on, table: r.table ?? '', chain: r.chain ?? '' };
  const pass = r.absent ? hits.length === 0 : hits.length > 0;
  if (pass) return { pass, values };
  const what = r.chain ? `${r.chain}${r.table ? ` (${r.table})` : ''}` : r.table ?? 'iptables-save';
  return {
    pass,
    values,
    expected: say(lang, r.absent ? 'noRuleLine' : 'ruleLine', { cmd, on: r.on, how, v }),
    found: r.absent
      ? say(lang, 'lineFound', { lines: `\n${excerpt(hits.join('\n'))}` })
      : r.chain && lines.length
        ? say(lang, 'noLineFound', { chain: what, lines: `\n${excerpt(lines.join('\n'))}` })
        : say(lang, 'noLineFoundEmpty', { what }),
  };
}

export function evaluateExec(cluster: LabCluster, x: ExecCheck, lang: Lang): Outcome {
  const output = cluster.exec(x.on, x.command);
  const has = x.matches !== undefined ? new RegExp(x.matches, 'm').test(output) : output.includes(x.contains!);
  const values = { on: x.on, command: x.command, output: output.trimEnd() };
  const pass = x.absent ? !has : has;
  if (pass) return { pass, values };
  const how = say(lang, x.matches !== undefined ? (x.absent ? 'notMatches' : 'matches') : x.absent ? 'notContains' : 'contains');
  return {
    pass,
    values,
    expected: say(lang, 'outputHas', { cmd: x.command, on: x.on, how, v: JSON.stringify(x.matches ?? x.contains) }),
    found: say(lang, 'outputWas', { v: `\n${excerpt(output) || say(lang, 'nothing')}` }),
  };
}
