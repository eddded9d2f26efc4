#!/usr/bin/env node
// The k8snet command: loads the TypeScript command layer with tsx and runs it on real files.
import { readFileSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const { runK8snet } = await tsImport('../src/sim/cli/k8snet.ts', import.meta.url);
const { nodeLabs } = await tsImport('../src/labs/node/labs.ts', import.meta.url);
const result = runK8snet(process.argv.slice(2), {
  labs: nodeLabs(),
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      process.stderr.write(`k8snet: cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}\n`);
      process.exit(1);
    }
  },
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
