/**
 * Lookups by key that go to the database together when it is busy (PostgreSQL's hot reads).
 *
 * Every request looks up its session, and a material read looks up the material's head: two short
 * queries, each a round trip whose fixed cost (a socket write and read on both sides, a wake-up of
 * the database backend, a protocol exchange) is many times the index lookup itself. Under load many
 * requests wait for the same lookup at the same moment; here they share one query
 * (`… where key = any($1)`), so the fixed cost is paid once per batch instead of once per request.
 *
 * No waiting is added to make batches: a lookup starts a query at once (with whatever else was asked
 * for in the same tick) unless `maxInFlight` queries of this kind are already running; then it joins
 * the next one, which starts as soon as one of those ends. A lookup never joins a query that has
 * already been sent, so its answer is always read after it was asked for: a request sees every
 * commit that finished before it asked (a save, then a read of it, in any instance), exactly as a
 * query of its own would.
 *
 * Only outside transactions: a transaction's reads go on its own connection. (SQLite needs none of
 * this: its lookups are synchronous reads in the process, see prepared.ts.)
 */
export interface BatchOptions<R> {
  /** One query for several keys (distinct, at most `maxBatch`); rows of keys not found are absent. */
  run(keys: string[]): Promise<R[]>;
  keyOf(row: R): string;
  /**
   * Queries of this kind running at once before further lookups wait for the next batch (default 1:
   * in the load bench, 50 members each reading his own material on PostgreSQL, 1 gave the largest
   * batches and the most reads per second, 2 and 4 fewer).
   */
  maxInFlight?: number;
  /** Keys per query (bounds the parameter and the answer). */
  maxBatch?: number;
}

interface Waiter<R> {
  resolve(row: R | undefined): void;
  reject(e: unknown): void;
}

export function batchedLookup<R>(opts: BatchOptions<R>): (key: string) => Promise<R | undefined> {
  const maxInFlight = opts.maxInFlight ?? 1;
  const maxBatch = opts.maxBatch ?? 200;
  let pending = new Map<string, Waiter<R>[]>();
  let inFlight = 0;
  let scheduled = false;

  function dispatch(): void {
    scheduled = false;
    while (pending.size > 0 && inFlight < maxInFlight) {
      let batch: Map<string, Waiter<R>[]>;
      if (pending.size <= maxBatch) {
        batch = pending;
        pending = new Map();
      } else {
        batch = new Map();
        for (const [k, w] of pending) {
          if (batch.size === maxBatch) break;
          batch.set(k, w);
          pending.delete(k);
        }
      }
      inFlight++;
      opts
        .run([...batch.keys()])
        .then(
          (rows) => {
            const byKey = new Map<string, R>();
            for (const r of rows) byKey.set(opts.keyOf(r), r);
            for (const [k, ws] of batch) for (const w of ws) w.resolve(byKey.get(k));
          },
          (e: unknown) => {
            for (const ws of batch.values()) for (const w of ws) w.reject(e);
          },
        )
        .finally(() => {
          inFlight--;
          dispatch();
        });
    }
  }

  return (key) =>
    new Promise<R | undefined>((resolve, reject) => {
      const ws = pending.get(key);
      if (ws) ws.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
      // Lookups asked for in the same tick go together; no timer, no added wait.
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        queueMicrotask(dispatch);
      }
    });
}
