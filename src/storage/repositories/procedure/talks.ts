/** 谈心谈话: the talks recorded before the meeting. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, TalksTable } from '../../schema.js';
import { knownDate } from '../../../core/meeting/dates.js';
import { newId, nowIso } from '../util.js';
import { inTx } from './shared.js';

export interface Talk {
  id: string;
  meetingId: string;
  personAId: string;
  personBId: string;
  heldOn: string | null;
  topics: string | null;
  notes: string | null;
  recordedBy: string;
  createdAt: string;
}

const toTalk = (r: Selectable<TalksTable>): Talk => ({
  id: r.id,
  meetingId: r.meeting_id,
  personAId: r.person_a_id,
  personBId: r.person_b_id,
  heldOn: knownDate(r.held_on),
  topics: r.topics,
  notes: r.notes,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
});

export function talksRepository(db: Kysely<Database>) {
  const tx = inTx(db);
  return {
    // ------------------------------------------------------------ talks
    async addTalk(input: {
      meetingId: string;
      personAId: string;
      personBId: string;
      heldOn?: string | null;
      topics?: string | null;
      notes?: string | null;
      recordedBy: string;
    }): Promise<Talk> {
      const row = {
        id: newId(),
        meeting_id: input.meetingId,
        person_a_id: input.personAId,
        person_b_id: input.personBId,
        held_on: input.heldOn ?? null,
        topics: input.topics ?? null,
        notes: input.notes ?? null,
        recorded_by: input.recordedBy,
        created_at: nowIso(),
      };
      await db.insertInto('talks').values(row).execute();
      return toTalk(row);
    },
    async getTalk(id: string): Promise<Talk | null> {
      const r = await db.selectFrom('talks').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toTalk(r) : null;
    },
    async listTalks(meetingId: string, opts: { personId?: string } = {}): Promise<Talk[]> {
      let q = db.selectFrom('talks').selectAll().where('meeting_id', '=', meetingId);
      if (opts.personId)
        q = q.where((eb) => eb.or([eb('person_a_id', '=', opts.personId!), eb('person_b_id', '=', opts.personId!)]));
      return (await q.orderBy('held_on').orderBy('created_at').execute()).map(toTalk);
    },
    async updateTalk(
      id: string,
      patch: { heldOn?: string | null; topics?: string | null; notes?: string | null },
    ): Promise<Talk | null> {
      const set: Record<string, unknown> = {};
      if (patch.heldOn !== undefined) set.held_on = patch.heldOn;
      if (patch.topics !== undefined) set.topics = patch.topics;
      if (patch.notes !== undefined) set.notes = patch.notes;
      if (Object.keys(set).length) await db.updateTable('talks').set(set).where('id', '=', id).execute();
      return this.getTalk(id);
    },
    async deleteTalk(id: string): Promise<boolean> {
      const r = await db.deleteFrom('talks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
