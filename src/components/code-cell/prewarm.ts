// Gets the runner ready before the learner's first Run, without making a page load pay for it.
//
// A first Run on a cold page would wait for the runner module (sucrase), the sandbox frame, the worker bundle
// (the simulator) and a worker warming up: most of a second. A code cell calls prewarmRunner() when its element
// is defined, which happens when the cell comes near the viewport (islands/lazy.ts). The warm-up then waits for
// the learner to act on the page (islands/intent.ts: a page that is only opened never starts a sandbox) and for
// the browser to be idle. With Data Saver on it does nothing: the first Run loads everything then.
//
// Not modelled: cancelling a warm-up once started (it is one frame and its workers, used by the next Run).
import { whenLearnerActs } from '../islands/intent';

/** Longest wait for an idle moment before warming up anyway. */
const IDLE_TIMEOUT_MS = 2000;

let requested = false;

export function prewarmRunner(): void {
  if (requested) return;
  requested = true;
  const conn = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (conn?.saveData) return;
  void whenLearnerActs().then(() => {
    const idle = (f: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(f, 200));
    idle(() => {
      import('../../lab/runner').then(
        (m) => m.warmUp(),
        () => {}, // the first Run loads it again and reports the failure there
      );
    });
  });
}
