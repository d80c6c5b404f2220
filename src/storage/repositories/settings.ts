/** Instance-wide settings (key → text), shared by every server instance through the database. */
import type { Kysely } from 'kysely';
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
  };
}

export type SettingsRepository = ReturnType<typeof settingsRepository>;
