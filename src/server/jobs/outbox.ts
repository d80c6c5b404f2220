/**
 * The outbox worker every instance runs: the work a version leaves behind (查重 indexing), taken off
 * the save's critical path. A save queues a job in its own transaction (material_jobs), so a job is
 * never lost; any instance claims pending jobs under a lease (compare-and-set, the scheduler's lease
 * pattern), so two instances never do the same job at once, and a job whose instance died mid-way
 * (kill -9, a crash) is claimed again once its lease expires. A job's result belongs to its version:
 * a job of a version that is no longer the material's current one is finished without indexing (the
 * newer version has its own job), so the index never goes back to an older text.
 *
 *   const w = startOutboxWorker({ repos, similarity, log });   // w.kick() after queueing
 *   app.addHook('onClose', () => w.stop());
 */
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../storage/repositories/index.js';
import type { Job } from '../../storage/repositories/material-work.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import { indexMaterial } from '../domain/similarity.js';

export interface OutboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  repos: Repositories;
  similarity: SimilarityIndex;
  log: OutboxLog;
  instanceId?: string;
  /** How long a claim holds (default 60 s): a job of a dead instance is taken again after this. */
  leaseMs?: number;
  /** How often an idle instance looks for jobs queued elsewhere (default 500 ms). */
  pollMs?: number;
  /** Jobs claimed at once (default 8). */
  batch?: number;
  /** Attempts before a job is given up as failed (default 5). */
  maxAttempts?: number;
  /** When false, jobs only run through `drain()` (tests). */
  timer?: boolean;
}

export function startOutboxWorker(opts: OutboxOptions) {
  const { repos, similarity, log } = opts;
  const owner = opts.instanceId ?? randomUUID();
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 500;
  const batch = opts.batch ?? 8;
  const maxAttempts = opts.maxAttempts ?? 5;
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function runJob(job: Job): Promise<void> {
    try {
      const head = await repos.materials.getSummary(job.materialId);
      // Superseded (a newer version has its own job) or gone: nothing to index for this version.
      if (head && head.version === job.version) {
        const v = await repos.materials.version(job.materialId, job.version);
        if (v) await indexMaterial(repos, similarity, { ...head, content: v.content });
      }
      await repos.jobs.finish(job, owner, 'done');
    } catch (e) {
      const err = e instanceof Error ? e.message : String(e);
      const failed = job.attempts >= maxAttempts;
      log[failed ? 'error' : 'warn'](
        { materialId: job.materialId, version: job.version, attempts: job.attempts, err },
        failed ? '查重 indexing failed for good' : '查重 indexing failed; retried',
      );
      await repos.jobs.finish(job, owner, failed ? 'failed' : 'pending', err).catch(() => undefined);
    }
  }

  /** Claim and run jobs until none is left; returns how many ran. */
  async function drainOnce(): Promise<number> {
    let n = 0;
    for (;;) {
      if (stopped) return n;
      const jobs = await repos.jobs.claim(owner, leaseMs, batch);
      if (!jobs.length) return n;
      // One at a time: indexing is CPU work (or the compute pool's), and the requests come first.
      for (const j of jobs) await runJob(j);
      n += jobs.length;
    }
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drainOnce()
      .catch((e) => {
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'outbox: claiming jobs failed; retried');
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void drain();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped || opts.timer === false) return;
    timer = setTimeout(() => {
      void drain().finally(schedule);
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    instanceId: owner,
    /** A job was queued here: run it now rather than at the next poll. */
    kick(): void {
      if (!stopped) void drain();
    },
    drain,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}

export type OutboxWorker = ReturnType<typeof startOutboxWorker>;
