#!/usr/bin/env node
// Scaffolds a lab: npm run new:lab -- <id> [--chapter CHAPTER] [--kind build|predict|fix|explore] [--root DIR]
//
// Writes src/content/labs/<id>/ with lab.yaml (every text in both languages, marked TODO), starter.ts and
// solution.ts. The new lab is valid as it is (so `k8snet grade --lab <id> …` runs at once), but the lab tests
// fail until every TODO is gone and the starter fails a check that the solution passes.
// Refuses ids that are not lowercase words joined by dashes, and ids that already exist.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KINDS = ['build', 'predict', 'fix', 'explore'];
const USAGE = 'usage: npm run new:lab -- <id> [--chapter CHAPTER] [--kind build|predict|fix|explore]';

function die(message) {
  process.stderr.write(`new-lab: ${message}\n`);
  process.exit(1);
}

function parse(argv) {
  const out = { id: undefined, chapter: 'todo-chapter', kind: 'build', root: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) die(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--chapter') out.chapter = value();
    else if (a === '--kind') out.kind = value();
    else if (a === '--root') out.root = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('-')) die(`unknown option ${a}\n${USAGE}`);
    else if (out.id === undefined) out.id = a;
    else die(`one id at a time (got "${out.id}" and "${a}")`);
  }
  return out;
}

const args = parse(process.argv.slice(2));
if (args.id === undefined) die(`give the new lab's id\n${USAGE}`);
if (!ID.test(args.id)) die(`"${args.id}" is not a valid id: use lowercase letters and digits joined by single dashes, like pod-ip-cross-node`);
if (!ID.test(args.chapter)) die(`--chapter "${args.chapter}" is not a valid chapter id: use lowercase letters and digits joined by dashes`);
if (!KINDS.includes(args.kind)) die(`--kind ${args.kind}: use one of ${KINDS.join(', ')}`);

const root = resolve(args.root ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'content', 'labs'));
const dir = join(root, args.id);
if (existsSync(dir)) die(`a lab "${args.id}" already exists (${relative(process.cwd(), dir) || dir}); pick another id`);

const labYaml = `# A lab: see src/labs/schema.ts for every field. Every text is written in en and zh-tw.
id: ${args.id}
# TODO: the chapter this lab belongs to (lowercase-with-dashes).
chapter: ${args.chapter}
kind: ${args.kind}                       # build | predict | fix | explore
title:
  en: "TODO: a short title"
  zh-tw: "TODO: 簡短的標題"
summary:
  en: "TODO: one sentence on what the learner finds out."
  zh-tw: "TODO: 用一句話說明學習者會發現什麼。"
instructions:
  en: |
    TODO: what the starting cluster is, and what the learner changes (markdown).
  zh-tw: |
    TODO: 說明一開始的叢集是什麼樣子，以及學習者要改什麼（markdown）。
timeLimitMs: 5000
checks:
  # TODO: the checks. Kinds: trace (+ expect), route (+ expect), rule, object, exec, export, ts.
  - id: delivered
    trace: { from: pod/default/client, to: pod/default/web:80 }
    expect: { verdict: delivered }
    message:
      en: "TODO: client reaches web on port 80 (result: {verdict} at {where})."
      zh-tw: "TODO: client 連到 web 的 80 埠（結果：{verdict}，在 {where}）。"
hints:
  # From a nudge to nearly the answer.
  - { en: "TODO: a nudge", zh-tw: "TODO: 小小的提示" }
  - { en: "TODO: a stronger hint", zh-tw: "TODO: 更明確的提示" }
  - { en: "TODO: nearly the answer", zh-tw: "TODO: 幾乎就是答案的提示" }
`;

const cell = (comment) => `import { cluster } from 'k8snet';

// TODO: ${comment}
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

const t = c.trace('pod/default/client', 'pod/default/web:80');
console.log(t.verdict);

export default c;
`;

mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'lab.yaml'), labYaml);
writeFileSync(join(dir, 'starter.ts'), cell('the cluster the learner starts from: it must fail at least one check.'));
writeFileSync(join(dir, 'solution.ts'), cell('the reference answer: it must pass every check.'));
writeFileSync(
  join(dir, 'comments.zh-tw.yaml'),
  [
    '# Traditional Chinese for the comments of starter.ts and solution.ts (English comment text: translation).',
    '# The zh-tw lab page shows the same code with these comments; tests/labs/translations.test.ts checks that',
    '# every comment has one and that no entry is unused.',
    "'TODO: the cluster the learner starts from: it must fail at least one check.': TODO：學員的起點，至少要有一項檢查不通過。",
    "'TODO: the reference answer: it must pass every check.': TODO：參考解答，必須通過所有檢查。",
    '',
  ].join('\n'),
);
const shown = relative(process.cwd(), dir) || dir;
process.stdout.write(`created ${shown}/lab.yaml, starter.ts, solution.ts, comments.zh-tw.yaml
next: replace every TODO, then check the lab with
  npx vitest run tests/labs
  node bin/k8snet.mjs grade --lab ${args.id} ${shown}/solution.ts
`);
