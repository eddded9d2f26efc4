// Type declarations for 'k8snet', the module a cell imports, fed to Monaco so `import { … } from 'k8snet'` gets
// autocompletion and type errors. Empty until the simulator's learner API has a generated .d.ts; while it is
// empty the editor declares 'k8snet' as an untyped module, so imports at least do not show an error.
//
// Not modelled: declarations for more than one module.

/** The module name learner code imports. */
export const LEARNER_MODULE = 'k8snet';

/**
 * Declarations in module form (`export declare function cluster(…): Cluster;`, no `declare module` wrapper).
 * TODO(lead): the generated declarations of src/sim/api, e.g. `import dts from '…/k8snet.d.ts?raw'`.
 */
export const learnerDts: string = '';
