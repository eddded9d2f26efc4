/**
 * The Node side of labs: lab folders on disk, and grading a learner's TypeScript source under a time limit.
 * Not for the browser (it uses node:fs and node:vm); the page runs src/labs's engine in its own sandbox.
 */
export { nodeLabs, gradeSource, defaultLabsRoot, DEFAULT_TIME_LIMIT_MS, LEARNER_MODULES, type NodeLabs, type NodeLabsOptions, type GradeReport, type LabListing, type LabFiles } from './labs';
export { evaluateModule, LearnerCodeError, type Evaluated, type EvaluateOptions, type LearnerErrorKind } from './evaluate';
