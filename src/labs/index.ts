/**
 * Labs: the format (lab.yaml + starter.ts + solution.ts [+ checks.ts]), its validation, and the check engine.
 * Pure TypeScript: the page's lab Worker and `k8snet grade` (through src/labs/node) use the same code.
 *
 *   const lab = loadLab({ file: 'src/content/labs/x/lab.yaml', yaml, checks });   // throws LabFormatError
 *   const run = runChecks(lab, moduleExports, { lang: 'zh-tw' });                  // { passed, results }
 */
export { loadLab, LabFormatError, formatPath, type Lab, type LoadLabInput } from './load';
export { runChecks, clusterOf, type RunOptions } from './engine';
export { devicePath, normalizeWaypoint, missingWaypoint } from './path';
export { LANGS, LAB_KINDS, CHECK_KINDS, OBJECT_KINDS, ID_PATTERN, PLACEHOLDERS, LabSchema, placeholdersOf } from './schema';
export type { Lang, Text, LabSpec, CheckSpec, CheckKind, AddressRef } from './schema';
export type { CheckResult, CheckRun, TsCheck, TsCheckContext, TsCheckResult } from './types';
export { W as WORDS, fill } from './words';
