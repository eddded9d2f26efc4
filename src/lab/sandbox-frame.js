// @ts-check
// The sandbox frame's script: inlined as text (runner.ts imports it with ?raw) into the srcdoc of an
// <iframe sandbox="allow-scripts">, so it runs with an opaque origin under the CSP in that srcdoc.
//
// It is a relay and nothing more: it never runs learner code itself. It turns the worker bundle it is sent into a
// blob URL, keeps spare workers warm, gives each run a worker of its own, relays that worker's messages to the
// page, terminates the worker when the run is done or the page says "kill", and terminates a worker that posts
// more messages than any honest run can (learner code could try to flood the page).
//
// Spares: a worker started ahead of a run loads the bundle and says 'ready'; the frame then asks it to warm the
// simulator up ({ t: 'warm' }, sandbox-worker.ts) and it says 'warm' when done. Two are kept, so two Runs in
// quick succession both find a warm one; they start one at a time, so two starting workers never take both
// cores from the page, and a replacement starts a little after a run while a warm one is left. A run takes a
// warm spare first, else the oldest other one (one that is not ready yet runs the code cold, without warming
// up: the learner is waiting), else a new worker. Each worker runs one cell only.
//
// Plain JavaScript with no imports: this text is put into the page as it is, without bundling.
// Not modelled: several frames per page (one frame serves every code cell on the page).
(() => {
  'use strict';
  /** @type {string | null} */
  let workerUrl = null;
  /** @type {'classic' | 'module'} */
  let workerType = 'classic';
  /** @type {string} */
  let pageOrigin = '*';
  /** Workers started ahead of runs, oldest first, with how far they got. Each is used for one run. */
  /** @type {{ worker: Worker, state: 'starting' | 'warming' | 'warm' }[]} */
  const spares = [];
  const SPARES = 2;
  /**
   * After a run, a new spare waits this long when a warm one is left: warming takes a core for a few hundred
   * milliseconds, and the learner's next Run (or terminal command) should not share the machine with it.
   */
  const REFILL_DELAY_MS = 2000;
  /** @type {Map<number, { worker: Worker, count: number, max: number }>} */
  const runs = new Map();

  /** @param {unknown} msg */
  function toPage(msg) {
    parent.postMessage(msg, pageOrigin);
  }

  function spawn() {
    if (!workerUrl) throw new Error('no worker loaded');
    return new Worker(workerUrl, { type: workerType, name: 'lab-cell' });
  }

  function refillSpares() {
    if (!workerUrl || spares.length >= SPARES || spares.some((x) => x.state !== 'warm')) return;
    /** @type {Worker} */
    let worker;
    try {
      worker = spawn();
    } catch {
      return;
    }
    /** @type {{ worker: Worker, state: 'starting' | 'warming' | 'warm' }} */
    const spare = { worker, state: 'starting' };
    worker.onmessage = (e) => {
      const data = e.data;
      if (!data || typeof data !== 'object') return;
      if (data.t === 'ready' && spare.state === 'starting') {
        spare.state = 'warming';
        worker.postMessage({ t: 'warm' });
      } else if (data.t === 'warm' && spare.state === 'warming') {
        spare.state = 'warm';
        worker.onmessage = null;
        refillSpares();
      }
    };
    worker.onerror = (e) => {
      // A worker that cannot start is dropped; no new one until the next run (a broken bundle would loop).
      e.preventDefault();
      const i = spares.indexOf(spare);
      if (i >= 0) spares.splice(i, 1);
      worker.terminate();
    };
    spares.push(spare);
  }

  /** A warm worker if there is one, else the oldest spare, else a new worker. */
  function takeWorker() {
    const i = spares.findIndex((x) => x.state === 'warm');
    const spare = i >= 0 ? spares.splice(i, 1)[0] : spares.shift();
    if (!spare) return spawn();
    spare.worker.onmessage = null;
    spare.worker.onerror = null;
    return spare.worker;
  }

  /** @param {number} id */
  function end(id) {
    const r = runs.get(id);
    if (!r) return false;
    runs.delete(id);
    r.worker.onmessage = null;
    r.worker.onerror = null;
    r.worker.terminate();
    setTimeout(refillSpares, spares.some((x) => x.state === 'warm') ? REFILL_DELAY_MS : 0);
    return true;
  }

  /** @param {number} id @param {string} js @param {unknown} limits @param {number} max @param {unknown} lab @param {unknown} exec @param {unknown} pageLang */
  function start(id, js, limits, max, lab, exec, pageLang) {
    const worker = takeWorker();
    const r = { worker, count: 0, max };
    runs.set(id, r);
    worker.onmessage = (e) => {
      if (++r.count > r.max) {
        end(id);
        toPage({ t: 'flood', run: id });
        return;
      }
      const data = e.data;
      toPage({ t: 'worker', run: id, msg: data });
      if (data && typeof data === 'object' && data.t === 'done') end(id);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      const message = String(e.message || 'the sandbox worker failed');
      end(id);
      toPage({ t: 'worker-error', run: id, message });
    };
    // A lab (spec, compiled checks, language) or terminal commands travel with the code when the page asks.
    /** @type {Record<string, unknown>} */
    const req = { t: 'run', js, limits };
    if (lab !== undefined) req.lab = lab;
    if (exec !== undefined) req.exec = exec;
    if (pageLang !== undefined) req.pageLang = pageLang;
    worker.postMessage(req);
  }

  addEventListener('message', (e) => {
    if (e.source !== parent) return;
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (m.t === 'load' && !workerUrl) {
      pageOrigin = e.origin && e.origin !== 'null' ? e.origin : '*';
      if (typeof m.src === 'string') {
        workerUrl = URL.createObjectURL(new Blob([m.src], { type: 'text/javascript' }));
      } else if (typeof m.url === 'string') {
        // dev server only: the frame shares the page's origin there (see runner.ts)
        workerUrl = m.url;
        workerType = 'module';
      } else return;
      refillSpares();
      toPage({ t: 'loaded' });
    } else if (m.t === 'run' && typeof m.run === 'number' && typeof m.js === 'string' && !runs.has(m.run)) {
      try {
        start(m.run, m.js, m.limits, typeof m.maxMessages === 'number' ? m.maxMessages : 1000, m.lab, m.exec, m.pageLang);
      } catch (err) {
        toPage({ t: 'worker-error', run: m.run, message: String(err) });
      }
    } else if (m.t === 'kill' && typeof m.run === 'number') {
      if (end(m.run)) toPage({ t: 'killed', run: m.run });
    }
  });

  parent.postMessage({ t: 'frame-ready' }, '*');
})();
