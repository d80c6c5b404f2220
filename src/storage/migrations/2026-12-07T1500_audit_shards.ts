/**
 * The audit log in shards: one hash chain per shard instead of one for the whole deployment, so
 * that audited writes of unrelated entities no longer wait for each other (repositories/audit.ts).
 *
 *   - `shard`, `shard_seq`: the entry's chain and its position in it (1, 2, 3, … without gaps).
 *     Entries written before this migration keep both NULL: they form the legacy chain, closed from
 *     now on and still verified as before (its head stays in every checkpoint as `audit_log=`).
 *   - `seq` stays the entry's id and the order of display; it is no longer one counter (that would
 *     need the global lock again) but time-ordered and unique per shard, so it outgrows 32 bits:
 *     bigint on PostgreSQL (SQLite's integer is 64-bit already).
 *   - the setting `audit.shards`: how many chains new entries are spread over, written with the first
 *     sharded entry (16) and kept from then on. Not written here: a restore into a freshly migrated
 *     database brings its own `settings` rows, and would collide with it.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('shard', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('shard_seq', 'integer').execute();
  if (isPostgres(db)) await sql`ALTER TABLE audit_log ALTER COLUMN seq TYPE bigint`.execute(db);
  await db.schema.createIndex('audit_log_shard_seq').on('audit_log').columns(['shard', 'shard_seq']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_shard_seq').ifExists().execute();
  await db.schema.alterTable('audit_log').dropColumn('shard_seq').execute();
  await db.schema.alterTable('audit_log').dropColumn('shard').execute();
}
