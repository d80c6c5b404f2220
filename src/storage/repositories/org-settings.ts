/**
 * Per-organization settings (table `org_settings`: org_id, key, value as JSON text). DOMAIN.md §1:
 * lead times and report deadlines differ between local rules, so they are data. A setting made
 * on an organization holds for everything below it unless a lower organization sets its own
 * (`effective` walks the materialised path from the organization up to the root).
 *
 *   const s = orgSettingsRepository(repos.db);
 *   await s.set(orgId, ORG_SETTING_KEYS.reportDeadlineDays, 10);
 *   await s.effective(org.path, ORG_SETTING_KEYS.reportDeadlineDays)   // → { value: 10, orgId }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { nowIso } from './util.js';

export { ORG_SETTING_KEYS } from '../../core/org/settings.js';

/** Ids on a materialised path, nearest first: '/a/b/c/' → ['c', 'b', 'a']. */
export const pathIdsNearestFirst = (path: string): string[] => path.split('/').filter(Boolean).reverse();

export function orgSettingsRepository(db: Kysely<Database>) {
  return {
    async get<T = unknown>(orgId: string, key: string): Promise<T | null> {
      const r = await db
        .selectFrom('org_settings')
        .select('value')
        .where('org_id', '=', orgId)
        .where('key', '=', key)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as T) : null;
    },
    /** Every setting of one organization, key → value. */
    async all(orgId: string): Promise<Record<string, unknown>> {
      const rows = await db
        .selectFrom('org_settings')
        .select(['key', 'value'])
        .where('org_id', '=', orgId)
        .orderBy('key')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
    },
    async set(orgId: string, key: string, value: unknown): Promise<void> {
      const row = { org_id: orgId, key, value: JSON.stringify(value), updated_at: nowIso() };
      await db
        .insertInto('org_settings')
        .values(row)
        .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at }))
        .execute();
    },
    async remove(orgId: string, key: string): Promise<boolean> {
      const r = await db
        .deleteFrom('org_settings')
        .where('org_id', '=', orgId)
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** The value that applies to the organization at `orgPath`: its own, else the nearest ancestor's. */
    async effective<T = unknown>(orgPath: string, key: string): Promise<{ value: T; orgId: string } | null> {
      const ids = pathIdsNearestFirst(orgPath);
      if (!ids.length) return null;
      const rows = await db
        .selectFrom('org_settings')
        .select(['org_id', 'value'])
        .where('key', '=', key)
        .where('org_id', 'in', ids)
        .execute();
      for (const id of ids) {
        const r = rows.find((x) => x.org_id === id);
        if (r) return { value: JSON.parse(r.value) as T, orgId: id };
      }
      return null;
    },
  };
}

export type OrgSettingsRepository = ReturnType<typeof orgSettingsRepository>;
