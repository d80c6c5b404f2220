import { describe, expect, it } from 'vitest';
import { batchedLookup } from './batched.js';

/** A fake query: records each call's keys; answers when told to. */
function fakeQuery(rows: Record<string, string>) {
  const calls: { keys: string[]; answer(): void; fail(e: Error): void }[] = [];
  const run = (keys: string[]) =>
    new Promise<{ k: string; v: string }[]>((resolve, reject) => {
      calls.push({
        keys,
        answer: () => resolve(keys.filter((k) => k in rows).map((k) => ({ k, v: rows[k] }))),
        fail: reject,
      });
    });
  return { calls, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('batched lookups', () => {
  it('sends a lookup at once when nothing is running, with the others of the same tick', async () => {
    const q = fakeQuery({ a: 'A', b: 'B' });
    const get = batchedLookup({ run: q.run, keyOf: (r) => r.k });
    const [a, b, missing] = [get('a'), get('b'), get('x')];
    await tick();
    expect(q.calls.map((c) => c.keys)).toEqual([['a', 'b', 'x']]);
    q.calls[0].answer();
    expect((await a)?.v).toBe('A');
    expect((await b)?.v).toBe('B');
    expect(await missing).toBeUndefined();
  });

  it('while a query runs, lookups wait for the next one (same keys asked once), never joining the one already sent', async () => {
    const q = fakeQuery({ a: 'A', b: 'B', c: 'C' });
    const get = batchedLookup({ run: q.run, keyOf: (r) => r.k, maxInFlight: 1 });
    const first = get('a');
    await tick();
    const later = [get('a'), get('b'), get('b'), get('c')];
    await tick();
    expect(q.calls.map((c) => c.keys)).toEqual([['a']]);
    q.calls[0].answer();
    expect((await first)?.v).toBe('A');
    await tick();
    expect(q.calls.map((c) => c.keys)).toEqual([['a'], ['a', 'b', 'c']]);
    q.calls[1].answer();
    expect((await Promise.all(later)).map((r) => r?.v)).toEqual(['A', 'B', 'B', 'C']);
  });

  it('a failed query fails its own lookups only; the next ones go on', async () => {
    const q = fakeQuery({ a: 'A' });
    const get = batchedLookup({ run: q.run, keyOf: (r) => r.k, maxInFlight: 1 });
    const failing = [get('a'), get('b')];
    await tick();
    const next = get('a');
    q.calls[0].fail(new Error('connection lost'));
    await expect(failing[0]).rejects.toThrow('connection lost');
    await expect(failing[1]).rejects.toThrow('connection lost');
    await tick();
    q.calls[1].answer();
    expect((await next)?.v).toBe('A');
  });

  it('splits more keys than a query takes, and runs up to maxInFlight queries at once', async () => {
    const rows = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, `v${i}`]));
    const q = fakeQuery(rows);
    const get = batchedLookup({ run: q.run, keyOf: (r) => r.k, maxInFlight: 2, maxBatch: 3 });
    const all = Object.keys(rows).map(get);
    await tick();
    expect(q.calls.map((c) => c.keys)).toEqual([
      ['k0', 'k1', 'k2'],
      ['k3', 'k4', 'k5'],
    ]);
    q.calls[0].answer();
    await tick();
    expect(q.calls.map((c) => c.keys)[2]).toEqual(['k6']);
    q.calls[1].answer();
    q.calls[2].answer();
    expect((await Promise.all(all)).map((r) => r?.v)).toEqual(Object.values(rows));
  });
});
