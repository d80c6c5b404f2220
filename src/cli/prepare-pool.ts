/**
 * A pool of worker threads that prepare files for the 查重 index (read, decode, normalize,
 * fingerprint). Chunks are handed out round-robin and their results come back in submission order
 * when awaited in that order.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { DocMeta, IndexedDoc } from '../core/similarity/port.js';

export interface PreparedFile {
  file: string;
  doc?: IndexedDoc;
  error?: string;
}

/**
 * Start a worker from a module URL. The CLI runs its TypeScript through tsx, whose loader hooks
 * a worker thread does not inherit: a .ts worker registers them first.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`,
    { eval: true },
  );
}

export class PreparePool {
  private workers: Worker[];
  private next = 0;
  private seq = 0;
  private pending = new Map<number, { resolve: (r: PreparedFile[]) => void; reject: (e: Error) => void }>();

  constructor(size = availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const w = startWorker(new URL('./prepare-worker.ts', import.meta.url));
      w.on('message', (m: { id: number; out: PreparedFile[] }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.out);
      });
      // A worker that fails or exits takes its chunks with it: they fail, and the pool stops.
      const fail = (e: Error) => {
        this.failed ??= e;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!this.closing) fail(new Error(`准备文件的工作线程意外退出（${code}）`));
      });
      return w;
    });
  }

  private failed: Error | null = null;
  private closing = false;

  /** Prepare a chunk of files. */
  prepare(files: string[], meta: DocMeta): Promise<PreparedFile[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.seq++;
    const w = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, files, meta });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
