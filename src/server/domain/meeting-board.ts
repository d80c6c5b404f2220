/**
 * The meetings list with each meeting's phase and progress: search (theme, organization) and
 * filters (phase, year, kind, organization) on the server, a page at a time.
 *
 * Who sees what: the list holds the meetings the viewer may read (their organizations' and those
 * they take part in). The progress figures (materials by status, talks, opinions, ledger) are shown
 * for the meetings whose materials the viewer may read or whose arrangements he keeps (书记, 上级审核人
 * / 督导组, 管理员); a member sees the phase only.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import type { BoardItem, BoardPage } from '../../contract/meetings.js';
export type { BoardItem, BoardPage };
import { can } from '../../core/auth/policy.js';
import { today as todayIn } from '../../core/meeting/dates.js';
import { meetingPhase, type MeetingPhase } from '../../core/meeting/stage.js';
import { meetingProgress, type MeetingProgress } from '../../core/meeting/progress.js';
import { authorize, type ActorContext } from './context.js';

export interface BoardQuery {
  q?: string;
  orgId?: string;
  year?: number;
  kind?: string;
  phase?: MeetingPhase;
  page?: number;
  pageSize?: number;
}

export async function meetingBoardPage(
  repos: Repositories,
  actor: ActorContext,
  query: BoardQuery,
  today: string = todayIn(),
): Promise<BoardPage> {
  authorize(actor, 'meeting.list');
  const orgs = await repos.orgs.list();
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const visible = orgs.filter((o) => can(actor, 'meeting.read', { orgPath: o.path })).map((o) => o.id);
  const board = repos.meetingBoard;
  const filter = {
    orgIds: visible,
    participantId: actor.personId,
    q: query.q,
    orgId: query.orgId,
    year: query.year,
    kind: query.kind,
  };
  const [found, { stages, finished }] = await Promise.all([board.search(filter), board.stages(filter)]);
  const phases: BoardPage['phases'] = {};
  const phased = found.map((m) => {
    const phase = meetingPhase({ ...m, stages: stages.get(m.id) ?? [] }, today, finished.has(m.id));
    phases[phase] = (phases[phase] ?? 0) + 1;
    return { ...m, phase };
  });
  const matching = query.phase ? phased.filter((m) => m.phase === query.phase) : phased;
  const pageSize = query.pageSize ?? 20;
  const page = Math.max(1, Math.min(query.page ?? 1, Math.max(1, Math.ceil(matching.length / pageSize))));
  const slice = matching.slice((page - 1) * pageSize, page * pageSize);
  const mayProgress = (orgId: string) => {
    const orgPath = pathOf.get(orgId) ?? '/';
    return can(actor, 'material.read', { orgPath }) || can(actor, 'meeting.update', { orgPath });
  };
  const shown = slice.filter((m) => mayProgress(m.orgId)).map((m) => m.id);
  const rows = await board.pageRows(shown);
  const by = <T extends { meetingId: string }>(xs: T[], id: string) => xs.filter((x) => x.meetingId === id);
  const items = slice.map((m) => ({
    ...m,
    similarityOverview: can(actor, 'material.read', { orgPath: pathOf.get(m.orgId) ?? '/' }),
    progress: shown.includes(m.id)
      ? meetingProgress(
          {
            kind: m.kind,
            participants: by(rows.participants, m.id),
            materials: by(rows.materials, m.id),
            talks: by(rows.talks, m.id),
            opinions: rows.opinions.get(m.id) ?? 0,
            ledger: by(rows.ledger, m.id),
          },
          today,
        )
      : null,
  }));
  return { items, total: matching.length, page, pageSize, phases };
}
