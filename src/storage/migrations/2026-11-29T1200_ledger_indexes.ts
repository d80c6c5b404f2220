/**
 * Indexes for the ledger at scale (100,000 items, see bench/ledger): lists are ordered by number
 * with keyset pagination, globally (a reviewer's subtree) or within one organization; the daily
 * deadline pass and the "overdue" filter look up open items by deadline; the item page and the
 * export read the notes of an item in time order; the dashboard groups by (org, aspect, status) and
 * reads only the columns of `ledger_items_dashboard`, a covering index (an index-only scan halves
 * the whole-tree dashboard on SQLite).
 *
 * `ifNotExists`, so tests and benchmarks can apply it before it is listed in ./index.ts.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ledger_items_number_id')
    .ifNotExists()
    .on('ledger_items')
    .columns(['number', 'id'])
    .execute();
  await db.schema
    .createIndex('ledger_items_org_number')
    .ifNotExists()
    .on('ledger_items')
    .columns(['org_id', 'number', 'id'])
    .execute();
  await db.schema
    .createIndex('ledger_items_status_deadline')
    .ifNotExists()
    .on('ledger_items')
    .columns(['status', 'deadline_on'])
    .execute();
  await db.schema
    .createIndex('ledger_items_dashboard')
    .ifNotExists()
    .on('ledger_items')
    .columns([
      'org_id',
      'status',
      'aspect',
      'deadline_kind',
      'deadline_on',
      'repeated_of_id',
      'created_at',
      'closed_at',
    ])
    .execute();
  await db.schema
    .createIndex('ledger_notes_item_time')
    .ifNotExists()
    .on('ledger_notes')
    .columns(['item_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'ledger_notes_item_time',
    'ledger_items_dashboard',
    'ledger_items_status_deadline',
    'ledger_items_org_number',
    'ledger_items_number_id',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
