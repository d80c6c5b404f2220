/**
 * What every procedure operation needs about its meeting: the meeting, its organization, the
 * participants as people with role sets and names, and the authorization target.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { MeetingDetail } from '../../../storage/repositories/meetings.js';
import type { Organization } from '../../../storage/repositories/orgs.js';
import { mergeParticipants, type MeetingPerson } from '../../../core/meeting/participants.js';
import { canProcedure, type ProcedureAction, type ProcedureTarget } from '../../../core/meeting/policy.js';
import { can, type Actor } from '../../../core/auth/policy.js';
import { JianshiError } from '../../../core/errors.js';
import { today } from '../../../core/meeting/dates.js';

export interface MeetingCtx {
  meeting: MeetingDetail;
  org: Organization;
  people: MeetingPerson[];
  target: ProcedureTarget;
}

export async function loadMeeting(repos: Repositories, meetingId: string): Promise<MeetingCtx> {
  const meeting = await repos.meetings.get(meetingId);
  if (!meeting) throw new JianshiError('E_NOT_FOUND', '未找到该会议。');
  const org = await repos.orgs.get(meeting.orgId);
  if (!org) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
  // Secretary first, then 班子成员/支委, then the others, each in the stored order.
  const rank: Record<string, number> = { secretary: 0, leader: 1, member: 2, recorder: 3, supervisor: 4, attendee: 5 };
  const rows = [...meeting.participants].sort((a, b) => (rank[a.role] ?? 9) - (rank[b.role] ?? 9));
  const names = new Map<string, string>();
  for (const r of rows) names.set(r.personId, (await repos.people.get(r.personId))?.name ?? r.personId);
  const people = mergeParticipants(rows.map((r) => ({ ...r, name: names.get(r.personId) })));
  const meetingRoles = new Map(people.map((p) => [p.id, p.roles as readonly string[]]));
  return { meeting, org, people, target: { orgPath: org.path, participantIds: people.map((p) => p.id), meetingRoles } };
}

/**
 * Authorize a procedure action. Someone who cannot even see the meeting gets 404 (its existence
 * is not revealed); someone who can see it but not act gets 403.
 */
export function authorizeProcedure(actor: Actor, action: ProcedureAction, ctx: MeetingCtx, personId?: string): void {
  const target = personId === undefined ? ctx.target : { ...ctx.target, personId };
  if (canProcedure(actor, action, target)) return;
  const sees = can(actor, 'meeting.read', ctx.target) || canProcedure(actor, 'record.read', ctx.target);
  throw new JianshiError(sees ? 'E_FORBIDDEN' : 'E_NOT_FOUND');
}

export function mayProcedure(actor: Actor, action: ProcedureAction, ctx: MeetingCtx, personId?: string): boolean {
  return canProcedure(actor, action, personId === undefined ? ctx.target : { ...ctx.target, personId });
}

export function requireParticipant(ctx: MeetingCtx, personId: string, what = '人员'): void {
  if (!ctx.people.some((p) => p.id === personId))
    throw new JianshiError('E_VALIDATION', `${what}不是本次会议的参会人员。`);
}

/** Today's date where the organization is (China Standard Time): the core's one "today". */
export { today };
