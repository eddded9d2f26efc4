// The one script every island component puts on the page (CodeCell, Lab, TraceView, Topology, Quiz, Terminal):
// it loads an island's behaviour, the module that defines its custom element, only when that is needed:
//
// - when an element with the island's tag comes within half a screen of the viewport (IntersectionObserver),
// - or when the learner reaches into one first (pointer down, focus),
// - or at once when `eager()` says so (a lab share link in the URL fragment: the lab must show the shared code).
//
// Until then the island is its build-time HTML, complete and readable. So that nothing done in the short window
// while a module loads is lost, a click on a button inside a waiting island is replayed once the element is
// defined, and a form submit (a quiz's Check) is held, never sent to the server, and submitted again then. The
// island that replays a button is the one that owns it: the nearest island around it, or the one its
// `data-island` names (a lab's Check sits in its code cell's button bar). A button whose owner is already
// defined has done its work: it is never replayed.
//
// The loading is per tag: when one trace view comes near, every trace view on the page is defined.
//
// Not modelled: unloading; browsers without IntersectionObserver load every island at once.

import { SHARE_PARAM } from '../../lab/share-param';
import './intent'; // starts counting the learner's input from page load (code cells warm the runner on it)

/** How far outside the viewport an island starts loading: half a screen above and below. */
const AHEAD = '50% 0px';

type Load = () => Promise<unknown>;
type Held = HTMLButtonElement | HTMLFormElement;

/** Buttons clicked and forms submitted in islands still loading, by the tag of the island that owns them. */
const waiting = new Map<Held, string>();

/** The tag of the island that handles `x`: the one its data-island names, else the nearest custom element. */
function ownerOf(x: Held): string | null {
  if (x.dataset.island) return x.dataset.island;
  for (let n = x.parentElement; n; n = n.parentElement) if (n.localName.includes('-')) return n.localName;
  return null;
}

function hold(x: Held, tag: string): void {
  if (ownerOf(x) === tag) waiting.set(x, tag);
}

/** `tag` is defined (ok) or failed to load: replay what waited for it, or drop it. */
function settle(tag: string, ok: boolean): void {
  for (const [x, owner] of [...waiting]) {
    if (owner !== tag) continue;
    waiting.delete(x);
    // The elements are upgraded and wired now; what the learner did meanwhile happens for real.
    if (!ok || !x.isConnected) continue;
    if (x instanceof HTMLFormElement) x.requestSubmit();
    else x.click();
  }
}

export interface IslandOptions {
  /** Load at once (checked at start and on every hashchange). */
  eager?: () => boolean;
}

export function island(tag: string, load: Load, opts: IslandOptions = {}): void {
  if (customElements.get(tag)) return;
  const els = [...document.getElementsByTagName(tag)];
  if (els.length === 0) return;

  let state: 'waiting' | 'loading' | 'done' = 'waiting';
  let io: IntersectionObserver | null = null;

  const onPointer = () => start();
  const onClick = (e: Event) => {
    if (state === 'done') return;
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    // A submit button's click comes back as the form's submit event (below): held once, there.
    if (button && button.type !== 'submit' && !button.disabled) hold(button, tag);
    start();
  };
  const onSubmit = (e: Event) => {
    if (state === 'done') return;
    e.preventDefault(); // a quiz form has no action: submitting it would reload the page
    if (e.target instanceof HTMLFormElement) hold(e.target, tag);
    start();
  };
  const onHash = () => {
    if (opts.eager?.()) start();
  };

  function detach(): void {
    io?.disconnect();
    io = null;
    removeEventListener('hashchange', onHash);
    for (const el of els) {
      el.removeEventListener('pointerdown', onPointer, true);
      el.removeEventListener('focusin', onPointer, true);
      el.removeEventListener('click', onClick, true);
      el.removeEventListener('submit', onSubmit, true);
    }
  }

  function start(): void {
    if (state !== 'waiting') return;
    state = 'loading';
    load()
      .then(() => customElements.whenDefined(tag))
      .then(() => {
        state = 'done';
        detach();
        settle(tag, true);
      })
      .catch((err: unknown) => {
        console.error(`<${tag}>: its script failed to load; trying again on the next interaction`, err);
        state = 'waiting';
        settle(tag, false);
      });
  }

  for (const el of els) {
    el.addEventListener('pointerdown', onPointer, true);
    el.addEventListener('focusin', onPointer, true);
    el.addEventListener('click', onClick, true);
    el.addEventListener('submit', onSubmit, true);
  }
  if (opts.eager) {
    addEventListener('hashchange', onHash);
    if (opts.eager()) return start();
  }
  if (typeof IntersectionObserver !== 'function') return start();
  io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) start();
  }, { rootMargin: AHEAD });
  for (const el of els) io.observe(el);
}

/** True when the URL fragment carries a lab share link (src/lab/share.ts): the lab must load at once. */
export function shareLinkInUrl(): boolean {
  return location.hash.startsWith(`#${SHARE_PARAM}=`);
}
