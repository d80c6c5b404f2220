/**
 * Deadline extensions: an owner no longer moves his own 完成时限; he asks, and the
 * one who sets deadlines decides. One row per request, kept after the decision (the item's
 * history shows both): who asked and when, the old and the new date, the reason; who decided,
 * when, and the comment.
 *
 *   ledger_extensions.status   pending | approved | refused
 *
 * At most one pending request per item: a partial unique index (SQLite and PostgreSQL both have them).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('old_deadline_on', 'text', (c) => c.notNull())
    .addColumn('new_deadline_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('people.id'))
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema
    .createIndex('ledger_extensions_item')
    .on('ledger_extensions')
    .columns(['item_id', 'requested_at'])
    .execute();
  await sql`CREATE UNIQUE INDEX ledger_extensions_one_pending ON ledger_extensions (item_id) WHERE status = 'pending'`.execute(
    db,
  );
  await db.schema
    .createIndex('ledger_extensions_pending')
    .on('ledger_extensions')
    .columns(['status', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_extensions').ifExists().execute();
}
