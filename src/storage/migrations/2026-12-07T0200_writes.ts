/**
 * Writes at scale: the author's working copy (autosave writes one row, no version, no 查重, no audit
 * entry of its own) and the durable outbox of work a version leaves behind (查重 indexing), processed
 * off the save's critical path by every instance under a lease.
 *
 * material_drafts: one row per material at most; `base_version` is the version the copy was made on,
 * `rev` counts its autosaves (compare-and-set: a second tab or device writing the same copy conflicts).
 * Deleted when a version is made from it (or any other version is made).
 *
 * material_jobs: one row per (material, version, kind). `lease_until` is the claim of the instance
 * working on it; an expired lease (the instance died) is claimed again.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('material_drafts')
    .addColumn('material_id', 'text', (c) => c.primaryKey().references('materials.id'))
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('material_jobs')
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** pending | done | failed */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('material_jobs_pk', ['material_id', 'version', 'kind'])
    .execute();
  await db.schema.createIndex('material_jobs_pending').on('material_jobs').columns(['state', 'created_at']).execute();
  // Lists read in (updated_at, id) order, newest first, and page by it (keyset). The index holds
  // every column a list shows: a page is read from the index alone, in order, and stops at its last
  // row — never the table's rows, each of which carries the material's whole content.
  await db.schema
    .createIndex('materials_list_order')
    .on('materials')
    .columns([
      'updated_at',
      'id',
      'org_id',
      'author_id',
      'kind',
      'status',
      'meeting_id',
      'version',
      'title',
      'digest',
      'created_at',
      'submitted_at',
      'approved_at',
      'approved_by',
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('materials_list_order').execute();
  await db.schema.dropTable('material_jobs').execute();
  await db.schema.dropTable('material_drafts').execute();
}
