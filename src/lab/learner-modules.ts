// The modules a learner's cell can import, by name. The sandbox worker calls this once when it starts; the map
// is bundled into the worker, so whatever it returns runs inside the sandbox, never on the page.
// The import is static on purpose: the worker must stay one classic script (a dynamic import() would split it
// into chunks that a blob worker in the sandbox cannot load).
//
// Not modelled: modules loaded on demand (every module is loaded before the first line of a cell runs).
import * as k8snet from '../sim/api';

export async function loadLearnerModules(): Promise<Record<string, unknown>> {
  return { k8snet };
}
