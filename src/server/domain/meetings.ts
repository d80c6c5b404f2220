/** Meetings: set up by the secretary of the organization; visible to its members, participants and superiors. */
import type { Repositories } from '../../storage/repositories/index.js';
import type { Meeting, MeetingDetail, MeetingInput, Participant } from '../../storage/repositories/meetings.js';
import { JianshiError } from '../../core/errors.js';
import { findFramework, type Framework } from '../../core/frameworks/framework.js';
import { can } from '../../core/auth/policy.js';
import { authorize, type ActorContext } from './context.js';
import { groupName } from '../../core/meeting/report.js';

async function orgPath(repos: Repositories, orgId: string): Promise<string> {
  const o = await repos.orgs.get(orgId);
  if (!o) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
  return o.path;
}

export async function resolveFramework(repos: Repositories, id: string | null | undefined): Promise<Framework | null> {
  if (!id) return null;
  const builtin = findFramework(id);
  if (builtin) return builtin;
  return (await repos.frameworks.get(id))?.framework ?? null;
}

async function checkRefs(repos: Repositories, input: { frameworkId?: string | null; participants?: Participant[] }) {
  if (input.frameworkId && !(await resolveFramework(repos, input.frameworkId)))
    throw new JianshiError('E_VALIDATION', `未知的检视框架：${input.frameworkId}`);
  for (const p of input.participants ?? [])
    if (!(await repos.people.get(p.personId))) throw new JianshiError('E_VALIDATION', `参会人员不存在：${p.personId}`);
  const ids = (input.participants ?? []).map((p) => p.personId);
  if (new Set(ids).size !== ids.length) throw new JianshiError('E_VALIDATION', '参会人员重复。');
}

export async function createMeeting(
  repos: Repositories,
  actor: ActorContext | null,
  input: MeetingInput,
): Promise<NamedMeetingDetail> {
  const path = await orgPath(repos, input.orgId);
  if (actor) authorize(actor, 'meeting.create', { orgPath: path });
  await checkRefs(repos, input);
  return repos
    .transaction(async (tx) => {
      const m = await tx.meetings.create({ ...input, createdBy: actor?.personId ?? null });
      await tx.audit.append({
        actorId: actor?.personId ?? null,
        action: 'meeting.create',
        entity: 'meeting',
        entityId: m.id,
        after: m,
      });
      return m;
    })
    .then((m) => withNames(repos, m));
}

async function meetingTarget(repos: Repositories, id: string) {
  const m = await repos.meetings.get(id);
  if (!m) throw new JianshiError('E_NOT_FOUND', '未找到该会议。');
  return {
    meeting: m,
    target: { orgPath: await orgPath(repos, m.orgId), participantIds: m.participants.map((p) => p.personId) },
  };
}

/**
 * The meeting with each participant's display name: whoever may read the meeting sees who takes
 * part in it, without the people directory (which stays closed to members and the 督导组).
 */
export type NamedMeetingDetail = MeetingDetail & {
  participants: (Participant & { name: string | null })[];
  /** How the group examined is named (领导班子, 支部委员会, 党总支委员会, 党小组 …; core groupName). */
  groupName: string;
};

async function withNames(repos: Repositories, m: MeetingDetail): Promise<NamedMeetingDetail> {
  const [names, org] = await Promise.all([
    repos.people.names(m.participants.map((p) => p.personId)),
    repos.orgs.get(m.orgId),
  ]);
  return {
    ...m,
    participants: m.participants.map((p) => ({ ...p, name: names.get(p.personId) ?? null })),
    groupName: groupName(m.kind, org?.kind),
  };
}

export async function getMeeting(repos: Repositories, actor: ActorContext, id: string): Promise<NamedMeetingDetail> {
  const { meeting, target } = await meetingTarget(repos, id);
  authorize(actor, 'meeting.read', target, 'meeting.read');
  return withNames(repos, meeting);
}

export async function listMeetings(
  repos: Repositories,
  actor: ActorContext,
  filter: { year?: number; orgId?: string },
): Promise<Meeting[]> {
  authorize(actor, 'meeting.list');
  const orgs = await repos.orgs.list();
  const visible = orgs.filter((o) => can(actor, 'meeting.read', { orgPath: o.path })).map((o) => o.id);
  let list = await repos.meetings.list({ orgIds: visible, participantId: actor.personId, year: filter.year });
  if (filter.orgId) list = list.filter((m) => m.orgId === filter.orgId);
  return list;
}

export async function updateMeeting(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: Partial<Omit<MeetingInput, 'orgId' | 'createdBy'>> & { status?: string },
): Promise<NamedMeetingDetail> {
  const { meeting, target } = await meetingTarget(repos, id);
  authorize(actor, 'meeting.update', target, 'meeting.read');
  await checkRefs(repos, patch);
  return repos
    .transaction(async (tx) => {
      const after = (await tx.meetings.update(id, patch))!;
      await tx.audit.append({
        actorId: actor.personId,
        action: 'meeting.update',
        entity: 'meeting',
        entityId: id,
        before: meeting,
        after,
        details: { fields: Object.keys(patch) },
      });
      return after;
    })
    .then((m) => withNames(repos, m));
}
