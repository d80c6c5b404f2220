/**
 * Login throttling state, kept in the database so that limits hold across server instances and
 * restarts. A key is "p:<username>|<address>" (one account from one address), "u:<username>" (one
 * account from everywhere) or "ip:<address>" (everything from one address); the rules are the
 * caller's (server/domain/accounts.ts).
 *
 * An attempt is counted BEFORE the password is checked, atomically: `attempt()` runs one
 * transaction that upserts every key's row (INSERT … ON CONFLICT DO UPDATE … RETURNING: the row
 * exists and, on PostgreSQL, is locked until commit whatever a parallel purge or reset did; on
 * SQLite the transaction holds the write lock), decides from the rows, and counts the attempt on
 * every key only when all of them allow it. So of N requests arriving together, exactly as many as
 * the rules allow get to check a password; the rest are refused without one. After `free`
 * attempts a key allows the next one only after a growing delay (base, 2·base, 4·base … capped):
 * it slows, it never locks for good.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName } from '../db.js';

export interface ThrottleState {
  key: string;
  /** Attempts counted in the current series (a success takes its own back: `succeeded`). */
  failures: number;
  /** Quiet keys: the last counted attempt; fixed-window keys: the window's start. */
  windowStart: string;
  /** No attempt is allowed before this time. */
  lockedUntil: string | null;
}

export interface ThrottleRule {
  key: string;
  /** Attempts allowed without delay in a series. */
  free: number;
  /** The delay set by attempt number `free` (doubled by each attempt after it, up to maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A series ends (the count restarts) after this long… */
  windowMs: number;
  /** …counted from its first attempt (true), or from its last attempt (false: a quiet period). */
  fixedWindow?: boolean;
  /** What a success takes back: 'series' (everything counted up to this attempt) or 'own' (this attempt only). */
  onSuccess: 'series' | 'own';
}

export type AttemptResult =
  | { allowed: true; /** The count of each key after this attempt, in the rules' order. */ counts: number[] }
  | { allowed: false; /** The key that refused (the one that waits longest). */ key: string; retryAfterMs: number };

interface Row {
  key: string;
  failures: number | string;
  window_start: string;
  locked_until: string | null;
}

export function delayAfter(rule: ThrottleRule, count: number): number {
  if (count < rule.free) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(40, count - rule.free));
}

export function throttleRepository(db: Kysely<Database>, _dialect: DialectName) {
  const inTx = <T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  return {
    async get(key: string): Promise<ThrottleState | null> {
      const r = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      return r
        ? { key: r.key, failures: Number(r.failures), windowStart: r.window_start, lockedUntil: r.locked_until }
        : null;
    },
    /**
     * Count one attempt on every rule's key if every key allows it now (atomically, see above);
     * otherwise count nothing and say how long to wait.
     */
    async attempt(rules: ThrottleRule[], now: Date = new Date()): Promise<AttemptResult> {
      const iso = now.toISOString();
      return inTx(async (tx) => {
        const rows: Row[] = [];
        for (const r of rules) {
          const res =
            await sql<Row>`INSERT INTO login_throttle ("key", failures, window_start, locked_until) VALUES (${r.key}, 0, ${iso}, NULL)
            ON CONFLICT ("key") DO UPDATE SET failures = login_throttle.failures
            RETURNING "key", failures, window_start, locked_until`.execute(tx);
          rows.push(res.rows[0]);
        }
        let refused: { key: string; retryAfterMs: number } | null = null;
        for (const row of rows) {
          if (row.locked_until && row.locked_until > iso) {
            const wait = Date.parse(row.locked_until) - now.getTime();
            if (!refused || wait > refused.retryAfterMs) refused = { key: row.key, retryAfterMs: wait };
          }
        }
        if (refused) return { allowed: false as const, ...refused };
        const counts: number[] = [];
        for (let i = 0; i < rules.length; i++) {
          const rule = rules[i];
          const row = rows[i];
          const stale = now.getTime() - Date.parse(row.window_start) > rule.windowMs;
          const count = (stale ? 0 : Number(row.failures)) + 1;
          const delay = delayAfter(rule, count);
          const windowStart = rule.fixedWindow && !stale ? row.window_start : iso;
          await tx
            .updateTable('login_throttle')
            .set({
              failures: count,
              window_start: windowStart,
              locked_until: delay ? new Date(now.getTime() + delay).toISOString() : null,
            })
            .where('key', '=', rule.key)
            .execute();
          counts.push(count);
        }
        return { allowed: true as const, counts };
      });
    },
    /**
     * The attempt counted as `counts` succeeded: 'series' keys forget every attempt counted up to it
     * (attempts counted after it, in parallel, stay counted, and so does the delay they set); 'own'
     * keys take back this attempt only. One UPDATE per key, atomic on its own.
     */
    async succeeded(rules: ThrottleRule[], counts: number[]): Promise<void> {
      for (let i = 0; i < rules.length; i++) {
        const n = rules[i].onSuccess === 'series' ? counts[i] : 1;
        await sql`UPDATE login_throttle SET
            locked_until = CASE WHEN failures <= ${n} THEN NULL ELSE locked_until END,
            failures = CASE WHEN failures <= ${n} THEN 0 ELSE failures - ${n} END
          WHERE "key" = ${rules[i].key}`.execute(db);
      }
    },
    /** Forget stale entries: series whose last change is before `before` and that carry no running delay. */
    async purge(before: string, now: string = new Date().toISOString()): Promise<number> {
      const r = await db
        .deleteFrom('login_throttle')
        .where('window_start', '<', before)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async reset(key: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}

export type ThrottleRepository = ReturnType<typeof throttleRepository>;
