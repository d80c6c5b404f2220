/** Instance-wide settings (key → text), shared by every server instance through the database. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function settingsRepository(db: Kysely<Database>) {
  return {
    async get(key: string): Promise<string | null> {
      const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return r?.value ?? null;
    },
    /** Set the value only if the key is absent; returns the value that is stored afterwards. */
    async getOrInit(key: string, value: string): Promise<string> {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (await this.get(key))!;
    },
    async set(key: string, value: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
    /** Compare-and-set: write `next` only if the stored value is still `expected`; true when it was written. */
    async swap(key: string, expected: string, next: string): Promise<boolean> {
      const r = await db
        .updateTable('settings')
        .set({ value: next })
        .where('key', '=', key)
        .where('value', '=', expected)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /**
     * Write `value` only if the stored value contains `fragment` (matched with SQL LIKE, so `%` and
     * `_` in it match any text / any one character).
     */
    async setIfContains(key: string, fragment: string, value: string): Promise<void> {
      await db
        .updateTable('settings')
        .set({ value })
        .where('key', '=', key)
        .where(sql<boolean>`value like ${`%${fragment}%`}`)
        .execute();
    },
    async delete(key: string): Promise<void> {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
  };
}

export type SettingsRepository = ReturnType<typeof settingsRepository>;
