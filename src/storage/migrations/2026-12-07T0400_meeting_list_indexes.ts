/**
 * The meetings list reads, for the meetings of one page, their ledger items (closed / overdue) by
 * meeting: an index on ledger_items.meeting_id keeps that look-up from scanning the whole ledger.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ledger_items_meeting').on('ledger_items').columns(['meeting_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_items_meeting').ifExists().execute();
}
