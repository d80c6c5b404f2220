/** What the meeting report reads beyond the procedure's own records: the meeting's ledger items, the report stage. */
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

export function reportFiguresRepository(db: Kysely<Database>) {
  return {
    // ------------------------------------------------------------ the report's figures of the ledger
    /** Of the meeting's ledger items: how many name a 责任人 (owner, leader or department) and how many a 完成时限. */
    async ledgerAssigned(meetingId: string): Promise<{ owner: number; deadline: number }> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['owner_id', 'leader_name', 'department', 'deadline_kind', 'deadline_on'])
        .where('meeting_id', '=', meetingId)
        .execute();
      return {
        owner: rows.filter((r) => r.owner_id || r.leader_name?.trim() || r.department?.trim()).length,
        deadline: rows.filter((r) => r.deadline_kind !== 'date' || r.deadline_on).length,
      };
    },
    /** Ledger items of the meeting, by source. */
    async ledgerCounts(meetingId: string): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['source'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .groupBy('source')
        .execute();
      const out: Record<string, number> = {};
      for (const r of rows) out[r.source] = Number(r.n);
      return out;
    },

    /** Mark a stage of the meeting done at `at` (the demo's report went to the superior). */
    async markStageDone(meetingId: string, stage: string, at: string): Promise<void> {
      await db
        .updateTable('meeting_stages')
        .set({ done_at: at })
        .where('meeting_id', '=', meetingId)
        .where('stage', '=', stage)
        .execute();
    },
  };
}
