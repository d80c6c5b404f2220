/** What the procedure repositories share: the transaction helper, and the pieces that keep anonymous rows unordered. */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

/** Run in the current transaction, or open one. */
export const inTx =
  (db: Kysely<Database>) =>
  <T>(fn: (t: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** A random permutation (anonymous rows are written in no order that follows their arrival). */
export function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The calendar date of a date or instant: all an anonymous row keeps of its time. */
export const D = (x: string) => x.slice(0, 10);
