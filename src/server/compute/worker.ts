/**
 * A worker of the compute pool (pool.ts): runs compute/tasks.ts — the pure core's parsing, checks
 * and 查重 document building — off the request thread. Replies `{ id, ok, value }` or
 * `{ id, ok: false, error }`; a JianshiError keeps its code, message and details.
 */
import { parentPort } from 'node:worker_threads';
import { isJianshiError, type JianshiError } from '../../core/errors.js';
import { runTask, type Task } from './tasks.js';

parentPort!.on('message', async (m: { id: number; task: Task }) => {
  try {
    const value = await runTask(m.task);
    // A 查重 document's anchors move instead of being copied.
    const transfer = m.task.op === 'index' ? [(value as { anchors: Uint32Array }).anchors.buffer as ArrayBuffer] : [];
    parentPort!.postMessage({ id: m.id, ok: true, value }, transfer);
  } catch (e) {
    const j = isJianshiError(e) ? (e as JianshiError) : null;
    parentPort!.postMessage({
      id: m.id,
      ok: false,
      error: j
        ? { jianshi: true, code: j.code, message: j.message, details: j.details }
        : { jianshi: false, message: (e as Error)?.message ?? String(e) },
    });
  }
});
