/** The meeting record: the record itself (agenda, summary, status), attendance, speeches, criticisms, comments. */
import type { Kysely, Selectable } from 'kysely';
import type {
  CriticismsTable,
  Database,
  MeetingCommentsTable,
  MeetingRecordsTable,
  SpeechesTable,
} from '../../schema.js';
import { knownDate, knownTimestamp } from '../../../core/meeting/dates.js';
import type { AttendanceEntry, AttendanceStatus } from '../../../core/meeting/attendance.js';
import type { RecordStatus } from '../../../core/meeting/record.js';
import { newId, nowIso, parseJson } from '../util.js';
import { inTx } from './shared.js';

export interface MeetingRecord {
  meetingId: string;
  heldOn: string | null;
  startedAt: string | null;
  endedAt: string | null;
  location: string | null;
  agenda: unknown;
  summary: string | null;
  status: RecordStatus;
  recorderId: string | null;
  updatedAt: string;
}

export interface Speech {
  id: string;
  meetingId: string;
  speakerId: string;
  seq: number;
  materialId: string | null;
  notes: string | null;
  createdAt: string;
}

export interface Criticism {
  id: string;
  meetingId: string;
  speechId: string | null;
  targetPersonId: string;
  criticId: string | null;
  body: string;
  createdAt: string;
}

export interface MeetingComment {
  id: string;
  meetingId: string;
  authorId: string;
  targetPersonId: string | null;
  kind: 'supervisor' | 'summary' | 'report';
  body: string;
  createdAt: string;
}

const toRecord = (r: Selectable<MeetingRecordsTable>): MeetingRecord => ({
  meetingId: r.meeting_id,
  heldOn: knownDate(r.held_on),
  startedAt: knownTimestamp(r.started_at),
  endedAt: knownTimestamp(r.ended_at),
  location: r.location,
  agenda: parseJson(r.agenda),
  summary: r.summary,
  status: r.status as RecordStatus,
  recorderId: r.recorder_id,
  updatedAt: r.updated_at,
});
const toSpeech = (r: Selectable<SpeechesTable>): Speech => ({
  id: r.id,
  meetingId: r.meeting_id,
  speakerId: r.speaker_id,
  seq: Number(r.seq),
  materialId: r.material_id,
  notes: r.notes,
  createdAt: r.created_at,
});
const toCriticism = (r: Selectable<CriticismsTable>): Criticism => ({
  id: r.id,
  meetingId: r.meeting_id,
  speechId: r.speech_id,
  targetPersonId: r.target_person_id,
  criticId: r.critic_id,
  body: r.body,
  createdAt: r.created_at,
});
const toComment = (r: Selectable<MeetingCommentsTable>): MeetingComment => ({
  id: r.id,
  meetingId: r.meeting_id,
  authorId: r.author_id,
  targetPersonId: r.target_person_id,
  kind: r.kind as MeetingComment['kind'],
  body: r.body,
  createdAt: r.created_at,
});

export function meetingRecordRepository(db: Kysely<Database>) {
  const tx = inTx(db);
  return {
    // ------------------------------------------------------------ meeting record
    async getRecord(meetingId: string): Promise<MeetingRecord | null> {
      const r = await db
        .selectFrom('meeting_records')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst();
      return r ? toRecord(r) : null;
    },
    /** Create or update the record (one per meeting); fields left undefined keep their value. */
    async saveRecord(
      meetingId: string,
      patch: Partial<Omit<MeetingRecord, 'meetingId' | 'updatedAt'>>,
    ): Promise<MeetingRecord> {
      return tx(async (t) => {
        const repo = meetingRecordRepository(t);
        const cur = await repo.getRecord(meetingId);
        const next = {
          held_on: patch.heldOn !== undefined ? patch.heldOn : (cur?.heldOn ?? null),
          started_at: patch.startedAt !== undefined ? patch.startedAt : (cur?.startedAt ?? null),
          ended_at: patch.endedAt !== undefined ? patch.endedAt : (cur?.endedAt ?? null),
          location: patch.location !== undefined ? patch.location : (cur?.location ?? null),
          agenda:
            patch.agenda !== undefined
              ? patch.agenda === null
                ? null
                : JSON.stringify(patch.agenda)
              : cur?.agenda === undefined || cur?.agenda === null
                ? null
                : JSON.stringify(cur.agenda),
          summary: patch.summary !== undefined ? patch.summary : (cur?.summary ?? null),
          status: patch.status ?? cur?.status ?? 'draft',
          recorder_id: patch.recorderId !== undefined ? patch.recorderId : (cur?.recorderId ?? null),
          updated_at: nowIso(),
        };
        if (cur) await t.updateTable('meeting_records').set(next).where('meeting_id', '=', meetingId).execute();
        else
          await t
            .insertInto('meeting_records')
            .values({ meeting_id: meetingId, ...next })
            .execute();
        return (await repo.getRecord(meetingId))!;
      });
    },

    // ------------------------------------------------------------ attendance
    async setAttendance(meetingId: string, entries: readonly AttendanceEntry[]): Promise<void> {
      await tx(async (t) => {
        for (const e of entries) {
          await t
            .insertInto('attendance')
            .values({ meeting_id: meetingId, person_id: e.personId, status: e.status, reason: e.reason ?? null })
            .onConflict((oc) =>
              oc.columns(['meeting_id', 'person_id']).doUpdateSet({ status: e.status, reason: e.reason ?? null }),
            )
            .execute();
        }
      });
    },
    async listAttendance(meetingId: string): Promise<AttendanceEntry[]> {
      const rows = await db
        .selectFrom('attendance')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .orderBy('person_id')
        .execute();
      return rows.map((r) => ({ personId: r.person_id, status: r.status as AttendanceStatus, reason: r.reason }));
    },
    async removeAttendance(meetingId: string, personId: string): Promise<void> {
      await db.deleteFrom('attendance').where('meeting_id', '=', meetingId).where('person_id', '=', personId).execute();
    },

    // ------------------------------------------------------------ speeches
    async addSpeech(input: {
      meetingId: string;
      speakerId: string;
      seq?: number;
      materialId?: string | null;
      notes?: string | null;
    }): Promise<Speech> {
      return tx(async (t) => {
        let seq = input.seq;
        if (seq === undefined) {
          const r = await t
            .selectFrom('speeches')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .where('meeting_id', '=', input.meetingId)
            .executeTakeFirst();
          seq = Number(r?.m ?? 0) + 1;
        }
        const row = {
          id: newId(),
          meeting_id: input.meetingId,
          speaker_id: input.speakerId,
          seq,
          material_id: input.materialId ?? null,
          notes: input.notes ?? null,
          created_at: nowIso(),
        };
        await t.insertInto('speeches').values(row).execute();
        return toSpeech(row);
      });
    },
    async getSpeech(id: string): Promise<Speech | null> {
      const r = await db.selectFrom('speeches').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toSpeech(r) : null;
    },
    async listSpeeches(meetingId: string): Promise<Speech[]> {
      return (
        await db
          .selectFrom('speeches')
          .selectAll()
          .where('meeting_id', '=', meetingId)
          .orderBy('seq')
          .orderBy('created_at')
          .execute()
      ).map(toSpeech);
    },
    async updateSpeech(
      id: string,
      patch: { seq?: number; materialId?: string | null; notes?: string | null },
    ): Promise<Speech | null> {
      const set: Record<string, unknown> = {};
      if (patch.seq !== undefined) set.seq = patch.seq;
      if (patch.materialId !== undefined) set.material_id = patch.materialId;
      if (patch.notes !== undefined) set.notes = patch.notes;
      if (Object.keys(set).length) await db.updateTable('speeches').set(set).where('id', '=', id).execute();
      return this.getSpeech(id);
    },
    /** Delete a speech; its criticisms stay (detached from it) — they were still said. */
    async deleteSpeech(id: string): Promise<boolean> {
      return tx(async (t) => {
        await t.updateTable('criticisms').set({ speech_id: null }).where('speech_id', '=', id).execute();
        const r = await t.deleteFrom('speeches').where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },

    // ------------------------------------------------------------ criticisms
    async addCriticism(input: {
      meetingId: string;
      speechId?: string | null;
      targetPersonId: string;
      criticId?: string | null;
      body: string;
    }): Promise<Criticism> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        speech_id: input.speechId ?? null,
        target_person_id: input.targetPersonId,
        critic_id: input.criticId ?? null,
        body: input.body,
        created_at: nowIso(),
      };
      await db.insertInto('criticisms').values(row).execute();
      return toCriticism(row);
    },
    async getCriticism(id: string): Promise<Criticism | null> {
      const r = await db.selectFrom('criticisms').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toCriticism(r) : null;
    },
    async listCriticisms(meetingId: string, opts: { targetPersonId?: string } = {}): Promise<Criticism[]> {
      let q = db.selectFrom('criticisms').selectAll().where('meeting_id', '=', meetingId);
      if (opts.targetPersonId) q = q.where('target_person_id', '=', opts.targetPersonId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toCriticism);
    },
    async updateCriticism(id: string, patch: { body?: string; criticId?: string | null }): Promise<Criticism | null> {
      const set: Record<string, unknown> = {};
      if (patch.body !== undefined) set.body = patch.body;
      if (patch.criticId !== undefined) set.critic_id = patch.criticId;
      if (Object.keys(set).length) await db.updateTable('criticisms').set(set).where('id', '=', id).execute();
      return this.getCriticism(id);
    },
    async deleteCriticism(id: string): Promise<boolean> {
      const r = await db.deleteFrom('criticisms').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    // ------------------------------------------------------------ comments (supervisors, summary)
    async addComment(input: {
      meetingId: string;
      authorId: string;
      targetPersonId?: string | null;
      kind: MeetingComment['kind'];
      body: string;
    }): Promise<MeetingComment> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        author_id: input.authorId,
        target_person_id: input.targetPersonId ?? null,
        kind: input.kind,
        body: input.body,
        created_at: nowIso(),
      };
      await db.insertInto('meeting_comments').values(row).execute();
      return toComment(row);
    },
    async listComments(meetingId: string, opts: { kind?: MeetingComment['kind'] } = {}): Promise<MeetingComment[]> {
      let q = db.selectFrom('meeting_comments').selectAll().where('meeting_id', '=', meetingId);
      if (opts.kind) q = q.where('kind', '=', opts.kind);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toComment);
    },
    async getComment(id: string): Promise<MeetingComment | null> {
      const r = await db.selectFrom('meeting_comments').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toComment(r) : null;
    },
    async deleteComment(id: string): Promise<boolean> {
      const r = await db.deleteFrom('meeting_comments').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
