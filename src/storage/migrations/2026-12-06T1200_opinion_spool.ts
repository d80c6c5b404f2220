/**
 * Anonymity against the database files and abuse that blocks nobody else.
 *
 *   opinion_spool            submitted opinions waiting for their batch: only ciphertext under a key
 *                            that is not in the database (AES-256-GCM, padded to a fixed size), a
 *                            random id, the collection — no time, no order (WITHOUT ROWID on SQLite,
 *                            so not even a rowid counts the submissions)
 *   opinions.hidden          1 = the secretary hid it as junk: out of summaries and exports, still counted
 *   opinion_collections.cap_day / cap_offset
 *                            the daily cap restarts for a new link: opinions of `cap_day` already
 *                            counted when the link was changed (no per-opinion link is stored)
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  let spool = db.schema
    .createTable('opinion_spool')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('opinion_collections.id'))
    .addColumn('sealed', 'text', (c) => c.notNull());
  if (!isPostgres(db)) spool = spool.modifyEnd(sql`without rowid`);
  await spool.execute();
  await db.schema.createIndex('opinion_spool_collection').on('opinion_spool').column('collection_id').execute();
  await db.schema
    .alterTable('opinions')
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('opinion_collections').addColumn('cap_day', 'text').execute();
  await db.schema
    .alterTable('opinion_collections')
    .addColumn('cap_offset', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opinion_collections').dropColumn('cap_offset').execute();
  await db.schema.alterTable('opinion_collections').dropColumn('cap_day').execute();
  await db.schema.alterTable('opinions').dropColumn('hidden').execute();
  await db.schema.dropTable('opinion_spool').ifExists().execute();
}
