/**
 * Login throttling state, kept in the database so that limits and lockouts hold across server
 * instances and restarts. A key is "u:<username>" or "ip:<address>".
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName } from '../db.js';

export interface ThrottleState {
  key: string;
  failures: number;
  windowStart: string;
  lockedUntil: string | null;
}

export interface ThrottlePolicy {
  /** Failures allowed within the window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export function throttleRepository(db: Kysely<Database>, dialect: DialectName) {
  return {
    async get(key: string): Promise<ThrottleState | null> {
      const r = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      return r ? { key: r.key, failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until } : null;
    },
    /**
     * Count one failure for `key` (atomically, under a row lock on PostgreSQL and the write lock on
     * SQLite) and lock the key once the policy's limit is reached. Returns the new state.
     */
    async recordFailure(key: string, policy: ThrottlePolicy, now: Date = new Date()): Promise<ThrottleState> {
      const run = async (tx: Kysely<Database>) => {
        const iso = now.toISOString();
        await tx.insertInto('login_throttle').values({ key, failures: 0, window_start: iso, locked_until: null }).onConflict((oc) => oc.column('key').doNothing()).execute();
        let q = tx.selectFrom('login_throttle').selectAll().where('key', '=', key);
        if (dialect === 'postgres') q = q.forUpdate();
        const r = await q.executeTakeFirstOrThrow();
        let failures = r.failures;
        let windowStart = r.window_start;
        if (now.getTime() - Date.parse(windowStart) > policy.windowMs) {
          failures = 0;
          windowStart = iso;
        }
        failures += 1;
        let lockedUntil = r.locked_until;
        if (failures >= policy.maxFailures) {
          lockedUntil = new Date(now.getTime() + policy.lockMs).toISOString();
          failures = 0;
          windowStart = iso;
        }
        await tx.updateTable('login_throttle').set({ failures, window_start: windowStart, locked_until: lockedUntil }).where('key', '=', key).execute();
        return { key, failures, windowStart, lockedUntil };
      };
      return db.isTransaction ? run(db) : db.transaction().execute(run);
    },
    /** Forget stale entries: windows that started before `before` and carry no running lock. */
    async purge(before: string, now: string = new Date().toISOString()): Promise<number> {
      const r = await db.deleteFrom('login_throttle').where('window_start', '<', before).where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async reset(key: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}

export type ThrottleRepository = ReturnType<typeof throttleRepository>;
