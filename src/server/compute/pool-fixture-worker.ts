/** A worker for pool.test.ts: answers, sleeps, throws, crashes or runs out of memory on request. */
import { parentPort } from 'node:worker_threads';

parentPort!.on(
  'message',
  async (m: {
    id: number;
    task: { do: 'echo' | 'sleep' | 'exit' | 'throw-uncaught' | 'oom'; value?: unknown; ms?: number };
  }) => {
    const t = m.task;
    if (t.do === 'sleep') await new Promise((r) => setTimeout(r, t.ms));
    if (t.do === 'exit') process.exit(3);
    if (t.do === 'throw-uncaught')
      setTimeout(() => {
        throw new Error('boom');
      });
    if (t.do === 'oom') {
      const keep: string[][] = [];
      for (;;) keep.push(new Array(1e6).fill('x'.repeat(10) + keep.length));
    }
    if (t.do === 'throw-uncaught') return;
    parentPort!.postMessage({ id: m.id, ok: true, value: t.value ?? null });
  },
);
