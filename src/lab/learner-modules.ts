// The modules a learner's cell can import, by name. The sandbox worker calls this once when it starts; the map
// is bundled into the worker, so whatever it returns runs inside the sandbox, never on the page.
//
// Not modelled: modules loaded on demand (every module is loaded before the first line of a cell runs).

export async function loadLearnerModules(): Promise<Record<string, unknown>> {
  // TODO(lead): wire in the simulator's learner API once src/sim/api/index.ts exists:
  //   import * as k8snet from '../sim/api';   (a static import at the top of this file)
  //   return { k8snet };
  // Keep it static: the worker must stay one classic script (a dynamic import() would split it into chunks
  // that a blob worker in the sandbox cannot load).
  return {};
}
