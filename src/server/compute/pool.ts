/**
 * A small, bounded pool of worker threads for CPU-heavy request work (compute/tasks.ts), so that
 * one large save or import does not hold up every other request on the event loop.
 *
 * - Size: from the core count (max(1, cores − 1): the request thread keeps a core), at most `size`
 *   workers, started on first use.
 * - Bounded queue: a task that finds every worker busy waits in a queue of at most `maxQueue`;
 *   beyond that it is refused at once with E_BUSY (503) instead of piling up memory and latency.
 * - Failures: a worker that throws, exits, runs out of memory or exceeds `timeoutMs` is
 *   terminated and replaced (the next task starts a fresh one); its task fails with
 *   E_COMPUTE_FAILED. No task is left waiting forever.
 * - Errors thrown by the task itself (a JianshiError such as E_EMPTY or E_TOO_LARGE) come back as
 *   the same JianshiError, so callers cannot tell a worker from the request thread.
 *
 * The server runs its TypeScript through tsx, whose loader hooks a worker thread does not inherit:
 * a .ts worker registers them first (the same way under vitest, which runs the server in-process).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { JianshiError } from '../../core/errors.js';

export interface PoolOptions {
  /** Module of the worker (it answers `{ id, task }` with `{ id, ok, value | error }`). */
  url: URL;
  size?: number;
  maxQueue?: number;
  /** Milliseconds a task may run before its worker is terminated. */
  timeoutMs?: number;
  /** Old-generation heap limit of each worker, in MB (a runaway task fails alone). */
  maxHeapMb?: number;
}

interface Job {
  id: number;
  task: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  dead: boolean;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { jianshi: boolean; code?: string; message: string; details?: Record<string, unknown> };
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Start a worker from a module URL; a .ts module gets tsx's loader registered first. */
function startWorker(url: URL, maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  // execArgv: [] — the parent's flags (--cpu-prof, --inspect, tsx's own --import) are not for the worker.
  return new Worker(boot, { eval: true, execArgv: [], resourceLimits });
}

export class WorkerPool {
  readonly size: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private seq = 0;
  private closed = false;
  /** Workers started so far (replacements included): for tests and statistics. */
  started = 0;

  constructor(private readonly opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? defaultPoolSize());
    this.maxQueue = Math.max(0, opts.maxQueue ?? this.size * 8);
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxHeapMb = opts.maxHeapMb ?? 2048;
  }

  /** Tasks running and waiting. */
  get load(): { running: number; queued: number; workers: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length, workers: this.slots.length };
  }

  run<R>(task: unknown): Promise<R> {
    if (this.closed) return Promise.reject(new JianshiError('E_COMPUTE_FAILED', '服务器正在关闭，无法处理该请求。'));
    const idle = this.slots.some((s) => !s.job) || this.slots.length < this.size;
    if (!idle && this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new JianshiError('E_BUSY', undefined, {
          running: this.slots.length,
          queued: this.queue.length,
          retryAfterSeconds: 5,
        }),
      );
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: ++this.seq, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(
        () =>
          this.fail(
            slot!,
            new JianshiError('E_COMPUTE_FAILED', `处理超时（超过 ${Math.round(this.timeoutMs / 1000)} 秒），已中止。`, {
              timeoutMs: this.timeoutMs,
            }),
          ),
        this.timeoutMs,
      );
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private spawn(): Slot {
    const worker = startWorker(this.opts.url, this.maxHeapMb);
    this.started++;
    // An idle worker does not keep the process alive; a running task does (its timer).
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null, dead: false };
    worker.on('message', (m: Reply) => {
      const job = slot.job;
      if (!job || m.id !== job.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = null;
      slot.timer = null;
      if (m.ok) job.resolve(m.value);
      else if (m.error?.jianshi)
        job.reject(new JianshiError(m.error.code ?? 'E_INTERNAL', m.error.message, m.error.details));
      else job.reject(new Error(m.error?.message ?? 'worker task failed'));
      this.pump();
    });
    worker.on('error', (e) => {
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        slot,
        new JianshiError('E_COMPUTE_FAILED', oom ? '处理该文档所需内存超出上限，已中止。' : undefined, {
          detail: e.message,
        }),
      );
    });
    worker.on('exit', (code) => {
      if (!slot.dead) this.fail(slot, new JianshiError('E_COMPUTE_FAILED', undefined, { exitCode: code }));
    });
    this.slots.push(slot);
    return slot;
  }

  /** A worker failed (or overran): it goes, its task fails, waiting tasks get a fresh worker. */
  private fail(slot: Slot, err: JianshiError): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.timer) clearTimeout(slot.timer);
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate().catch(() => {});
    const job = slot.job;
    slot.job = null;
    job?.reject(err);
    if (!this.closed) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new JianshiError('E_COMPUTE_FAILED', '服务器正在关闭，无法处理该请求。');
    for (const j of this.queue.splice(0)) j.reject(err);
    await Promise.all(
      this.slots.map((s) => {
        s.dead = true;
        if (s.timer) clearTimeout(s.timer);
        s.job?.reject(err);
        return s.worker.terminate().catch(() => {});
      }),
    );
    this.slots = [];
  }
}
