/** Meetings (民主生活会 / 组织生活会 / 专题), their stages with dates and deadlines, and participants. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, MeetingsTable } from '../schema.js';
import { newId, nowIso } from './util.js';
import { knownDate, knownTimestamp } from '../../core/meeting/dates.js';
import type { ProcedureStage } from '../../core/meeting/stage.js';
import type { MeetingRole } from '../../core/meeting/participants.js';

export interface MeetingStage {
  /** Only the procedure's stages are stored (the routes validate them). */
  stage: ProcedureStage;
  startOn: string | null;
  dueOn: string | null;
  doneAt: string | null;
}

export interface Participant {
  personId: string;
  /** Only the meeting roles are stored (the routes validate them). */
  role: MeetingRole;
}

export interface Meeting {
  id: string;
  orgId: string;
  kind: string;
  year: number;
  theme: string;
  frameworkId: string | null;
  heldOn: string | null;
  location: string | null;
  status: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MeetingDetail extends Meeting {
  stages: MeetingStage[];
  participants: Participant[];
}

const toMeeting = (r: Selectable<MeetingsTable>): Meeting => ({
  id: r.id,
  orgId: r.org_id,
  kind: r.kind,
  year: Number(r.year),
  theme: r.theme,
  frameworkId: r.framework_id,
  heldOn: knownDate(r.held_on),
  location: r.location,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface MeetingInput {
  orgId: string;
  kind: string;
  year: number;
  theme: string;
  frameworkId?: string | null;
  heldOn?: string | null;
  location?: string | null;
  stages?: MeetingStage[];
  participants?: Participant[];
  createdBy?: string | null;
}

export function meetingsRepository(db: Kysely<Database>) {
  async function replaceStages(meetingId: string, stages: MeetingStage[]) {
    await db.deleteFrom('meeting_stages').where('meeting_id', '=', meetingId).execute();
    if (stages.length)
      await db
        .insertInto('meeting_stages')
        .values(
          stages.map((s) => ({
            meeting_id: meetingId,
            stage: s.stage,
            start_on: s.startOn,
            due_on: s.dueOn,
            done_at: s.doneAt,
          })),
        )
        .execute();
  }
  async function replaceParticipants(meetingId: string, ps: Participant[]) {
    await db.deleteFrom('meeting_participants').where('meeting_id', '=', meetingId).execute();
    if (ps.length)
      await db
        .insertInto('meeting_participants')
        .values(ps.map((p) => ({ meeting_id: meetingId, person_id: p.personId, role: p.role })))
        .execute();
  }
  return {
    async create(input: MeetingInput): Promise<MeetingDetail> {
      const t = nowIso();
      const row = {
        id: newId(),
        org_id: input.orgId,
        kind: input.kind,
        year: input.year,
        theme: input.theme,
        framework_id: input.frameworkId ?? null,
        held_on: input.heldOn ?? null,
        location: input.location ?? null,
        status: 'planning',
        created_by: input.createdBy ?? null,
        created_at: t,
        updated_at: t,
      };
      await db.insertInto('meetings').values(row).execute();
      await replaceStages(row.id, input.stages ?? []);
      await replaceParticipants(row.id, input.participants ?? []);
      return (await this.get(row.id))!;
    },
    async get(id: string): Promise<MeetingDetail | null> {
      const r = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      const stages = await db
        .selectFrom('meeting_stages')
        .selectAll()
        .where('meeting_id', '=', id)
        .orderBy('stage')
        .execute();
      const participants = await db
        .selectFrom('meeting_participants')
        .selectAll()
        .where('meeting_id', '=', id)
        .orderBy('person_id')
        .execute();
      return {
        ...toMeeting(r),
        stages: stages.map((s) => ({
          stage: s.stage as ProcedureStage,
          startOn: knownDate(s.start_on),
          dueOn: knownDate(s.due_on),
          doneAt: knownTimestamp(s.done_at),
        })),
        participants: participants.map((p) => ({ personId: p.person_id, role: p.role as MeetingRole })),
      };
    },
    /** Meetings of the given organizations, plus those the person takes part in. */
    async list(filter: {
      orgIds?: string[];
      participantId?: string;
      year?: number;
      all?: boolean;
    }): Promise<Meeting[]> {
      let q = db.selectFrom('meetings').selectAll();
      if (filter.year !== undefined) q = q.where('year', '=', filter.year);
      if (!filter.all) {
        const orgIds = filter.orgIds ?? [];
        const pid = filter.participantId;
        if (!orgIds.length && !pid) return [];
        q = q.where((eb) => {
          const ors = [];
          if (orgIds.length) ors.push(eb('org_id', 'in', orgIds));
          if (pid)
            ors.push(
              eb('id', 'in', eb.selectFrom('meeting_participants').select('meeting_id').where('person_id', '=', pid)),
            );
          return eb.or(ors);
        });
      }
      return (await q.orderBy('year', 'desc').orderBy('created_at', 'desc').execute()).map(toMeeting);
    },
    async update(
      id: string,
      patch: Partial<Omit<MeetingInput, 'orgId' | 'createdBy'>> & { status?: string },
    ): Promise<MeetingDetail | null> {
      const set: Record<string, unknown> = { updated_at: nowIso() };
      const map: Record<string, string> = {
        kind: 'kind',
        year: 'year',
        theme: 'theme',
        frameworkId: 'framework_id',
        heldOn: 'held_on',
        location: 'location',
        status: 'status',
      };
      for (const [k, col] of Object.entries(map))
        if ((patch as Record<string, unknown>)[k] !== undefined) set[col] = (patch as Record<string, unknown>)[k];
      await db.updateTable('meetings').set(set).where('id', '=', id).execute();
      if (patch.stages) await replaceStages(id, patch.stages);
      if (patch.participants) await replaceParticipants(id, patch.participants);
      return this.get(id);
    },
    async setParticipants(id: string, ps: Participant[]): Promise<void> {
      await replaceParticipants(id, ps);
      await db.updateTable('meetings').set({ updated_at: nowIso() }).where('id', '=', id).execute();
    },
    async participantRole(meetingId: string, personId: string): Promise<string | null> {
      const r = await db
        .selectFrom('meeting_participants')
        .select('role')
        .where('meeting_id', '=', meetingId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return r?.role ?? null;
    },
  };
}

export type MeetingsRepository = ReturnType<typeof meetingsRepository>;
