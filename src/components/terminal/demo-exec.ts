/**
 * Demo pages only: a fixed cluster in a module Worker (demo.worker.ts), built from the page's own manifests —
 * our own content, not learner code, which runs only in the lab sandbox. It answers terminal commands (exec)
 * and hands out the cluster as LabCluster.toJSON() (json), so a demo can build the views in the browser the
 * way a lab does after a run. Each request has a time limit; a stuck worker is replaced.
 *
 * Not modelled: changing the cluster from the page.
 */
import type { ExecFn, ExecResult } from './targets';

export interface DemoSetup {
  manifest: string;
  probes?: { from: string; to: string; protocol?: string }[];
}

const LIMIT_MS = 10_000;

type Reply = { id: number; result?: ExecResult; json?: unknown; error?: string };

export class DemoCluster {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, (r: Reply) => void>();

  constructor(private readonly setup: DemoSetup) {}

  private start(): Worker {
    const w = new Worker(new URL('./demo.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<Reply>) => {
      const done = this.pending.get(e.data.id);
      this.pending.delete(e.data.id);
      done?.(e.data);
    };
    w.postMessage({ t: 'setup', setup: this.setup });
    return w;
  }

  private ask(msg: { t: 'exec'; target: string; line: string } | { t: 'json' }): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      this.worker ??= this.start();
      const id = ++this.seq;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.worker?.terminate();
        this.worker = null;
        resolve({ id, error: 'timed out' });
      }, LIMIT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.worker.postMessage({ ...msg, id });
    });
  }

  readonly exec: ExecFn = async (target, line) => {
    const r = await this.ask({ t: 'exec', target, line });
    if (r.error !== undefined || !r.result) return { stdout: '', stderr: `${r.error ?? 'no answer'}\n`, code: 1 };
    return { stdout: String(r.result.stdout ?? ''), stderr: String(r.result.stderr ?? ''), code: Number(r.result.code ?? 1) };
  };

  /** The cluster as LabCluster.toJSON() gives it: topology and traces with path and explanation. */
  async json(): Promise<unknown> {
    const r = await this.ask({ t: 'json' });
    if (r.error !== undefined) throw new Error(r.error);
    return r.json;
  }
}

export function demoExec(setup: DemoSetup): ExecFn {
  return new DemoCluster(setup).exec;
}
