// Has the learner acted on this page yet (pointer, wheel, touch or key)? Loaded with the page by the islands'
// loader (lazy.ts), so it counts from the start: a learner who scrolled a code cell into view with the wheel and
// stopped to read has acted, even though the cell's own script loaded after the last wheel event.
//
// Programmatic scrolling (a link to a fragment, a lab scrolling a share link into view) does not count: a page
// that is only opened, by a crawler, a prefetch or a test, has not been acted on.
//
// Not modelled: assistive technology that moves through a page without input events (it counts from the first
// key press).

const INTENT = ['pointermove', 'pointerdown', 'wheel', 'touchstart', 'keydown'] as const;

let acted = false;
let resolveActed: () => void = () => {};
const actedPromise = new Promise<void>((resolve) => (resolveActed = resolve));

function onIntent(): void {
  acted = true;
  for (const type of INTENT) removeEventListener(type, onIntent, true);
  resolveActed();
}

for (const type of INTENT) addEventListener(type, onIntent, { capture: true, passive: true });

/** Resolves once the learner has acted on the page (at once when they already have). */
export function whenLearnerActs(): Promise<void> {
  return acted ? Promise.resolve() : actedPromise;
}
