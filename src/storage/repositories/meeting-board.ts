/**
 * The meetings list (会议列表) as a 组织部 reviewer scans it: search and filters in SQL over the
 * visible meetings, each meeting's stages and record state for its phase, and — for the meetings of
 * one page only — what the progress column needs (participants, materials by status, talks, opinion
 * count, ledger items). Reads only; every figure is computed by the pure core from these rows.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema.js';
import { knownDate, knownTimestamp } from '../../core/meeting/dates.js';

export type { BoardMeeting } from '../../core/meeting/board.js';
import type { BoardMeeting } from '../../core/meeting/board.js';

export interface BoardFilter {
  /** Organizations whose meetings the viewer may read; with `participantId`, ORed. */
  orgIds: string[];
  participantId?: string;
  /** Text in the theme or the organization's name. */
  q?: string;
  orgId?: string;
  year?: number;
  kind?: string;
}

export interface PageRows {
  participants: { meetingId: string; personId: string; role: string }[];
  materials: { meetingId: string; authorId: string; kind: string; status: string }[];
  talks: { meetingId: string; personAId: string; personBId: string }[];
  opinions: Map<string, number>;
  ledger: { meetingId: string; status: string; deadlineKind: string; deadlineOn: string | null }[];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function meetingBoard(db: Kysely<Database>) {
  /** The visible meetings matching the filter (with their organization), before any select. */
  function matching(f: BoardFilter) {
    let q = db
      .selectFrom('meetings')
      .innerJoin('organizations', 'organizations.id', 'meetings.org_id')
      .where((eb) => {
        const ors = [];
        for (let i = 0; i < f.orgIds.length; i += 500)
          ors.push(eb('meetings.org_id', 'in', f.orgIds.slice(i, i + 500)));
        if (f.participantId)
          ors.push(
            eb(
              'meetings.id',
              'in',
              eb.selectFrom('meeting_participants').select('meeting_id').where('person_id', '=', f.participantId),
            ),
          );
        return eb.or(ors);
      });
    if (f.year !== undefined) q = q.where('meetings.year', '=', f.year);
    if (f.kind) q = q.where('meetings.kind', '=', f.kind);
    if (f.orgId) q = q.where('meetings.org_id', '=', f.orgId);
    const text = f.q?.trim();
    if (text) {
      const pat = `%${likeEscape(text)}%`;
      q = q.where((eb) =>
        eb.or([
          sql<SqlBool>`${eb.ref('meetings.theme')} like ${pat} escape '\\'`,
          sql<SqlBool>`${eb.ref('organizations.name')} like ${pat} escape '\\'`,
        ]),
      );
    }
    return q;
  }
  return {
    /** Visible meetings matching the filter, newest year first (no paging: the phase filter is applied after). */
    async search(f: BoardFilter): Promise<BoardMeeting[]> {
      if (!f.orgIds.length && !f.participantId) return [];
      const rows = await matching(f)
        .select([
          'meetings.id',
          'meetings.org_id',
          'organizations.name as org_name',
          'meetings.kind',
          'meetings.year',
          'meetings.theme',
          'meetings.held_on',
          'meetings.status',
          'meetings.created_at',
        ])
        .orderBy('meetings.year', 'desc')
        .orderBy('meetings.created_at', 'desc')
        .orderBy('meetings.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        kind: r.kind,
        year: Number(r.year),
        theme: r.theme,
        heldOn: knownDate(r.held_on),
        status: r.status,
        createdAt: r.created_at,
      }));
    },

    /**
     * Stages of the meetings matching the filter, and which of them have a finished meeting record
     * (the same filter as a subquery: no list of hundreds of ids sent back to the database).
     */
    async stages(f: BoardFilter): Promise<{
      stages: Map<string, { stage: string; dueOn: string | null; doneAt: string | null }[]>;
      finished: Set<string>;
    }> {
      const stages = new Map<string, { stage: string; dueOn: string | null; doneAt: string | null }[]>();
      if (!f.orgIds.length && !f.participantId) return { stages, finished: new Set() };
      const [rows, fin] = await Promise.all([
        db
          .selectFrom('meeting_stages')
          .select(['meeting_id', 'stage', 'due_on', 'done_at'])
          .where('meeting_id', 'in', matching(f).select('meetings.id'))
          .execute(),
        db
          .selectFrom('meeting_records')
          .select('meeting_id')
          .where('status', '=', 'finished')
          .where('meeting_id', 'in', matching(f).select('meetings.id'))
          .execute(),
      ]);
      for (const s of rows) {
        const list = stages.get(s.meeting_id) ?? [];
        list.push({ stage: s.stage, dueOn: knownDate(s.due_on), doneAt: knownTimestamp(s.done_at) });
        stages.set(s.meeting_id, list);
      }
      return { stages, finished: new Set(fin.map((r) => r.meeting_id)) };
    },

    /** What the progress column needs, for the meetings of one page. */
    async pageRows(ids: readonly string[]): Promise<PageRows> {
      if (!ids.length) return { participants: [], materials: [], talks: [], opinions: new Map(), ledger: [] };
      const part = [...ids];
      const [participants, materials, talks, opinions, ledger] = await Promise.all([
        db
          .selectFrom('meeting_participants')
          .select(['meeting_id', 'person_id', 'role'])
          .where('meeting_id', 'in', part)
          .orderBy('meeting_id')
          .orderBy('person_id')
          .execute(),
        db
          .selectFrom('materials')
          .select(['meeting_id', 'author_id', 'kind', 'status'])
          .where('meeting_id', 'in', part)
          .execute(),
        db
          .selectFrom('talks')
          .select(['meeting_id', 'person_a_id', 'person_b_id'])
          .where('meeting_id', 'in', part)
          .execute(),
        db
          .selectFrom('opinions')
          .innerJoin('opinion_collections', 'opinion_collections.id', 'opinions.collection_id')
          .select(['opinion_collections.meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('opinion_collections.meeting_id', 'in', part)
          .groupBy('opinion_collections.meeting_id')
          .execute(),
        db
          .selectFrom('ledger_items')
          .select(['meeting_id', 'status', 'deadline_kind', 'deadline_on'])
          .where('meeting_id', 'in', part)
          .execute(),
      ]);
      return {
        participants: participants.map((r) => ({ meetingId: r.meeting_id, personId: r.person_id, role: r.role })),
        materials: materials.map((r) => ({
          meetingId: r.meeting_id,
          authorId: r.author_id,
          kind: r.kind,
          status: r.status,
        })),
        talks: talks.map((r) => ({ meetingId: r.meeting_id, personAId: r.person_a_id, personBId: r.person_b_id })),
        opinions: new Map(opinions.map((r) => [r.meeting_id, Number(r.n)])),
        ledger: ledger.map((r) => ({
          meetingId: r.meeting_id!,
          status: r.status,
          deadlineKind: r.deadline_kind,
          deadlineOn: knownDate(r.deadline_on),
        })),
      };
    },
  };
}

export type MeetingBoard = ReturnType<typeof meetingBoard>;
