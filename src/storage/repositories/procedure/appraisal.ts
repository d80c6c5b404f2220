/** 民主评议党员: self and peer assessments, the anonymous ballots, the decided grades. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AppraisalsTable, Database } from '../../schema.js';
import { JianshiError } from '../../../core/errors.js';
import type { AppraisalEntry, AppraisalKind, Grade } from '../../../core/meeting/appraisal.js';
import { newId, nowIso } from '../util.js';
import { D, inTx, shuffled } from './shared.js';

export interface StoredAppraisal extends Omit<AppraisalEntry, 'kind'> {
  /** self | peer | vote, or final (the grade the branch decided). */
  kind: AppraisalKind | 'final';
  id: string;
  meetingId: string;
  createdAt: string;
}

const toAppraisal = (r: Selectable<AppraisalsTable>): StoredAppraisal => ({
  id: r.id,
  meetingId: r.meeting_id,
  rateeId: r.ratee_id,
  raterId: r.rater_id,
  kind: r.kind as AppraisalKind | 'final',
  grade: r.grade as Grade | null,
  comment: r.comment,
  createdAt: r.created_at,
});

export function appraisalRepository(db: Kysely<Database>) {
  const tx = inTx(db);
  return {
    // ------------------------------------------------------------ appraisal (民主评议党员)
    /** A self or peer assessment; replaces the rater's earlier one for the same ratee and kind. */
    async saveAssessment(meetingId: string, e: AppraisalEntry & { kind: 'self' | 'peer' }): Promise<StoredAppraisal> {
      if (!e.raterId) throw new JianshiError('E_VALIDATION', '自评和互评须有评议人。');
      return tx(async (t) => {
        await t
          .deleteFrom('appraisals')
          .where('meeting_id', '=', meetingId)
          .where('ratee_id', '=', e.rateeId)
          .where('rater_id', '=', e.raterId)
          .where('kind', '=', e.kind)
          .execute();
        const row = {
          id: newId(),
          meeting_id: meetingId,
          ratee_id: e.rateeId,
          rater_id: e.raterId,
          kind: e.kind,
          grade: e.grade,
          comment: e.comment ?? null,
          created_at: nowIso(),
        };
        await t.insertInto('appraisals').values(row).execute();
        return toAppraisal(row);
      });
    },
    /**
     * One secret ballot: rows without a rater, in random order, stamped with the date only (the
     * instant of a vote, next to who was seen voting when, would undo the secrecy).
     */
    async castBallot(
      meetingId: string,
      lines: readonly { rateeId: string; grade: Grade }[],
      day: string,
    ): Promise<number> {
      return tx(async (t) => {
        if (lines.length)
          await t
            .insertInto('appraisals')
            .values(
              shuffled(lines).map((l) => ({
                id: randomUUID(),
                meeting_id: meetingId,
                ratee_id: l.rateeId,
                rater_id: null,
                kind: 'vote',
                grade: l.grade,
                comment: null,
                created_at: D(day),
              })),
            )
            .execute();
        return lines.length;
      });
    },
    /** The grade the branch decided (kind `final`, recorded by the secretary); replaces an earlier one. */
    async saveFinalGrade(
      meetingId: string,
      rateeId: string,
      grade: Grade,
      recordedBy: string,
    ): Promise<StoredAppraisal> {
      return tx(async (t) => {
        await t
          .deleteFrom('appraisals')
          .where('meeting_id', '=', meetingId)
          .where('ratee_id', '=', rateeId)
          .where('kind', '=', 'final')
          .execute();
        const row = {
          id: newId(),
          meeting_id: meetingId,
          ratee_id: rateeId,
          rater_id: recordedBy,
          kind: 'final',
          grade,
          comment: null,
          created_at: nowIso(),
        };
        await t.insertInto('appraisals').values(row).execute();
        return toAppraisal(row);
      });
    },
    async listAppraisals(
      meetingId: string,
      opts: { kind?: AppraisalKind | 'final'; rateeId?: string } = {},
    ): Promise<StoredAppraisal[]> {
      let q = db.selectFrom('appraisals').selectAll().where('meeting_id', '=', meetingId);
      if (opts.kind) q = q.where('kind', '=', opts.kind);
      if (opts.rateeId) q = q.where('ratee_id', '=', opts.rateeId);
      // Votes are sorted by content, never by insertion.
      return (await q.orderBy('ratee_id').orderBy('kind').orderBy('grade').orderBy('id').execute()).map(toAppraisal);
    },
    async deleteAppraisal(id: string): Promise<boolean> {
      const r = await db.deleteFrom('appraisals').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
