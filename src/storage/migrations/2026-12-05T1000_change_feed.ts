/**
 * PostgreSQL only: every committed change to what the per-request lookups read (sessions, people,
 * memberships, organizations, materials) notifies channel `jianshi_changed` (statement-level
 * triggers; NOTIFY is delivered at commit, and a transaction's identical notices are sent once).
 * Each server instance listens and drops the lookups it keeps at every notice (storage/change-feed.ts).
 * SQLite needs none of this: its readers see data_version change.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './util.js';

export const CHANGE_CHANNEL = 'jianshi_changed';
const TABLES = ['sessions', 'people', 'memberships', 'organizations', 'materials'];

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jianshi_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('${CHANGE_CHANNEL}', ''); RETURN NULL; END $$`,
    )
    .execute(db);
  for (const t of TABLES) {
    await sql
      .raw(
        `CREATE TRIGGER ${t}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION jianshi_notify_changed()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of TABLES) await sql.raw(`DROP TRIGGER IF EXISTS ${t}_changed ON ${t}`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS jianshi_notify_changed()').execute(db);
}
