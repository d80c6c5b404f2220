/**
 * The compute pool: bounded, replaces workers that crash, hang or run out of
 * memory (the task gets E_COMPUTE_FAILED, never a hang), refuses beyond its queue with E_BUSY, and
 * its workers — started through tsx's loader, as under `bin/jianshi` — compute exactly what the
 * request thread computes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WorkerPool } from './pool.js';
import { runTask, type Task } from './tasks.js';
import { closeComputePool, compute, offloads, OFFLOAD_MIN_CHARS } from './index.js';
import { contentOf } from '../../core/material/model.js';
import { materialFromText } from '../../core/material/pipeline.js';
import { findFramework } from '../../core/frameworks/framework.js';
import { materialToDocx } from '../../formats/docx-write.js';
import { isJianshiError } from '../../core/errors.js';

const SAMPLE = readFileSync(new URL('../../../test/fixtures/sample-2023.txt', import.meta.url), 'utf8');
const large = (n: number) =>
  Array.from({ length: Math.ceil(n / SAMPLE.length) }, (_, i) => SAMPLE.replace(/学习/g, `学习${i}`)).join('\n');
const codeOf = (e: unknown) => (isJianshiError(e) ? e.code : String(e));

describe('compute pool', () => {
  const fixture = new URL('./pool-fixture-worker.ts', import.meta.url);
  const pools: WorkerPool[] = [];
  const pool = (o: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) => {
    const p = new WorkerPool({ url: fixture, size: 1, maxQueue: 1, ...o });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('runs tasks in a worker', async () => {
    const p = pool();
    expect(await p.run({ do: 'echo', value: { a: [1, '二'] } })).toEqual({ a: [1, '二'] });
  });

  it('a worker that exits, throws outside a task or hangs is replaced; its task fails with E_COMPUTE_FAILED', async () => {
    const p = pool({ timeoutMs: 1500 });
    expect(codeOf(await p.run({ do: 'exit' }).catch((e) => e))).toBe('E_COMPUTE_FAILED');
    expect(await p.run({ do: 'echo', value: 1 })).toBe(1);
    expect(codeOf(await p.run({ do: 'throw-uncaught' }).catch((e) => e))).toBe('E_COMPUTE_FAILED');
    expect(await p.run({ do: 'echo', value: 2 })).toBe(2);
    const t = Date.now();
    expect(codeOf(await p.run({ do: 'sleep', ms: 60_000 }).catch((e) => e))).toBe('E_COMPUTE_FAILED');
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(await p.run({ do: 'echo', value: 3 })).toBe(3);
    expect(p.started).toBe(4);
    expect(p.load.workers).toBe(1);
  });

  it('a worker that runs out of memory fails its task alone', async () => {
    const p = pool({ maxHeapMb: 64 });
    expect(codeOf(await p.run({ do: 'oom' }).catch((e) => e))).toBe('E_COMPUTE_FAILED');
    expect(await p.run({ do: 'echo', value: 'ok' })).toBe('ok');
  });

  it('is bounded: beyond its workers and queue a task is refused at once with E_BUSY', async () => {
    const p = pool({ size: 1, maxQueue: 1 });
    const a = p.run({ do: 'sleep', ms: 300, value: 'a' });
    const b = p.run({ do: 'echo', value: 'b' });
    const t = Date.now();
    const c = await p.run({ do: 'echo', value: 'c' }).catch((e) => e);
    expect(codeOf(c)).toBe('E_BUSY');
    expect(Date.now() - t).toBeLessThan(100);
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(p.load).toEqual({ running: 0, queued: 0, workers: 1 });
  });
});

describe('compute tasks give the same results in a worker as on the request thread', () => {
  const p = new WorkerPool({ url: new URL('./worker.ts', import.meta.url), size: 1 });
  afterAll(async () => {
    await p.close();
    await closeComputePool();
  });
  const fw = findFramework('2023-theme-education')!;

  it(
    'parse (text, content, .docx), checks, 查重 document, save preparation — and errors',
    { timeout: 120_000 },
    async () => {
      const text = large(60_000);
      const small = materialFromText(SAMPLE);
      const tasks: Task[] = [
        { op: 'text', text, opts: { framework: fw } },
        { op: 'text', text: SAMPLE, opts: {} },
        { op: 'content', content: contentOf(small), opts: { framework: fw } },
        { op: 'file', bytes: await materialToDocx(materialFromText(text)), fileName: 'a.docx', opts: {} },
        { op: 'file', bytes: new TextEncoder().encode(text), fileName: 'a.txt', opts: {} },
        {
          op: 'lint',
          material: materialFromText(text),
          ctx: {
            framework: fw,
            kind: '个人',
            meetingYear: 2023,
            previous: small,
            organization: { names: ['第一党支部'] },
          },
        },
        { op: 'index', name: 'm1', text, meta: { kind: 'material', org: 'o', year: 2023, author: 'a', title: 't' } },
        { op: 'prepare', input: { op: 'text', text, opts: {} }, before: small },
      ];
      for (const task of tasks) {
        const here = await runTask(task);
        const there = await p.run(task);
        expect(there, task.op).toEqual(here);
      }
      // A JianshiError thrown in the worker arrives with its code and message.
      const bad: Task = {
        op: 'file',
        bytes: Uint8Array.from([0, 1, 2, 3, 0, 0, 0, 0, 255, 254]),
        fileName: 'x.txt',
        opts: {},
      };
      const e1 = (await runTask(bad).catch((e) => e)) as { code: string; message: string };
      const e2 = (await p.run(bad).catch((e) => e)) as { code: string; message: string };
      expect(isJianshiError(e2)).toBe(true);
      expect({ code: e2.code, message: e2.message }).toEqual({ code: e1.code, message: e1.message });
    },
  );

  it('small inputs stay on the request thread, large ones go to the pool', () => {
    expect(offloads({ op: 'text', text: SAMPLE, opts: {} })).toBe(false);
    expect(offloads({ op: 'text', text: 'x'.repeat(OFFLOAD_MIN_CHARS), opts: {} })).toBe(true);
    expect(offloads({ op: 'prepare', input: { op: 'text', text: 'x'.repeat(OFFLOAD_MIN_CHARS), opts: {} } })).toBe(
      true,
    );
  });

  it('compute() answers like runTask for both sizes', { timeout: 60_000 }, async () => {
    for (const text of [SAMPLE, large(OFFLOAD_MIN_CHARS + 1000)])
      expect(await compute({ op: 'text', text, opts: {} })).toEqual(await runTask({ op: 'text', text, opts: {} }));
  });
});
