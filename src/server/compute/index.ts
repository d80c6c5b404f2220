/**
 * Where the CPU-heavy work of a request runs: small inputs on the request thread (cheaper than
 * a round trip), large ones in the compute pool (pool.ts), so that no request waits behind
 * another's parsing, checks or 查重 fingerprinting.
 *
 * The threshold (OFFLOAD_MIN_CHARS) comes from measurement (bench/compute, 2-core machine): a
 * material of 15 thousand characters — the upper end of a normal one — parses in ~7 ms, is
 * checked in ~7 ms and fingerprinted in ~15 ms, each a separate step with other requests served in
 * between; at 50 thousand characters each step is still under ~20 ms, while a worker round trip
 * costs a structured clone of the result each way (~1 ms per 50 thousand characters of material)
 * plus a thread hand-off. At 200 thousand characters a step takes 50–100 ms and at the 1.5 million
 * limit 250–470 ms: those go to the pool. Below the threshold the in-thread work of one step
 * stays an order of magnitude under the 200 ms promise, so everyday saves keep their latency and
 * never queue behind a large one.
 *
 * JIANSHI_COMPUTE_WORKERS sets the pool size (default max(1, cores − 1)); 0 keeps all work on the
 * request thread (the behaviour before the pool, used as the benchmark's baseline).
 */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { JianshiError } from '../../core/errors.js';
import { WorkerPool, defaultPoolSize } from './pool.js';
import { runTask, sizeOf, type Task, type TaskResult } from './tasks.js';

type FileTask = Extract<Task, { op: 'file' }>;
import { detectFormat } from '../../formats/import.js';
import { convertLegacyToDocx } from '../../formats/legacy.js';
import type { ImportOptions } from '../../core/material/pipeline.js';

/** Characters (of text) below which a task runs on the request thread. */
export const OFFLOAD_MIN_CHARS = 50_000;
/** Bytes of an uploaded file below which it is read on the request thread (~20 thousand CJK characters of text). */
export const OFFLOAD_MIN_FILE_BYTES = 64 * 1024;

let pool: WorkerPool | null = null;

function poolSize(): number {
  const v = process.env.JIANSHI_COMPUTE_WORKERS;
  if (v === undefined || v === '') return defaultPoolSize();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new JianshiError('E_CONFIG', `JIANSHI_COMPUTE_WORKERS 须为 0–64 的整数（当前：${v}）。`);
  return n;
}

function workerUrl(): URL {
  // Run from the sources (tsx) the worker is worker.ts; from a compiled build, worker.js.
  const ts = new URL('./worker.ts', import.meta.url);
  return existsSync(fileURLToPath(ts)) ? ts : new URL('./worker.js', import.meta.url);
}

/** The process's compute pool, started on first use (null when JIANSHI_COMPUTE_WORKERS=0). */
export function computePool(): WorkerPool | null {
  if (pool) return pool;
  const size = poolSize();
  if (size === 0) return null;
  return (pool = new WorkerPool({ url: workerUrl(), size }));
}

/** Stop the pool's workers (tests, shutdown); the next task starts a new pool. */
export async function closeComputePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** Whether a task is large enough to be worth a worker. */
export function offloads(task: Task): boolean {
  return sizeOf(task) >= (task.op === 'file' ? OFFLOAD_MIN_FILE_BYTES : OFFLOAD_MIN_CHARS);
}

/** Run a task where it is cheapest without stalling others; results are those of runTask either way. */
export async function compute<T extends Task>(task: T): Promise<TaskResult<T>> {
  const p = offloads(task) ? computePool() : null;
  return p ? p.run<TaskResult<T>>(task) : runTask(task);
}

/**
 * The task that reads an uploaded file. A legacy .doc / .wps or RTF is first converted to .docx by
 * LibreOffice (one conversion at a time, formats/legacy.ts) on this thread — it waits on a child
 * process, not on the CPU — and the .docx is then read like any other, with its text checked for
 * plausibility (E_CONVERT_GARBLED).
 */
export async function uploadTask(bytes: Uint8Array, fileName: string, opts: ImportOptions): Promise<FileTask> {
  const format = detectFormat(bytes);
  if (format === 'legacy' || format === 'rtf') {
    const docx = await convertLegacyToDocx(
      bytes,
      format === 'rtf' ? fileName.replace(/\.[^.]*$/, '') + '.rtf' : fileName,
    );
    return { op: 'file', bytes: docx, fileName: 'converted.docx', opts, converted: true };
  }
  return { op: 'file', bytes, fileName, opts };
}
