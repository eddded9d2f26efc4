// Type declarations for 'k8snet', the module a cell imports, fed to Monaco so `import { … } from 'k8snet'` gets
// autocompletion, hover docs and type errors. The text is generated from src/sim/api at build time (and on
// change in `astro dev`) by scripts/gen-learner-dts.mjs, a Vite plugin registered in astro.config.mjs; nothing
// generated is committed, so it always matches the simulator it is built with. Only the lazily loaded editor
// chunk imports this file, so the declarations never ship with a page's first load.
//
// Not modelled: declarations for modules other than 'k8snet' (cells import nothing else).

import dts from 'virtual:k8snet.d.ts?raw';

/**
 * Ambient declarations, ready for `addExtraLib`: `declare module 'k8snet' { … }` plus the
 * `declare module 'k8snet/internal/…' { … }` blocks that hold the types it refers to.
 */
export const learnerDts: string = dts;
