/** 谈心谈话: records, the required pairs, and the coverage view of missing pairs. */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { Talk } from '../../../storage/repositories/meeting-procedure.js';
import type { ActorContext } from '../../domain/context.js';
import { JianshiError } from '../../../core/errors.js';
import { TALK_RULE_SETS, defaultTalkRules, requiredPairs, talkCoverage } from '../../../core/meeting/talks.js';
import { nameOf } from '../../../core/meeting/participants.js';
import { authorizeProcedure, loadMeeting, mayProcedure, type MeetingCtx } from './meeting-context.js';

export type RuleSetName = keyof typeof TALK_RULE_SETS;

export interface TalkInput {
  personAId: string;
  personBId: string;
  heldOn?: string | null;
  topics?: string | null;
  notes?: string | null;
}

function mayWrite(
  actor: ActorContext,
  ctx: MeetingCtx,
  t: { personAId: string; personBId: string; recordedBy?: string },
): boolean {
  if (mayProcedure(actor, 'talks.write.any', ctx)) return true;
  const party = t.personAId === actor.personId || t.personBId === actor.personId || t.recordedBy === actor.personId;
  return party && mayProcedure(actor, 'talks.write.own', ctx, actor.personId);
}

export async function listTalks(repos: Repositories, actor: ActorContext, meetingId: string): Promise<Talk[]> {
  const ctx = await loadMeeting(repos, meetingId);
  if (mayProcedure(actor, 'talks.read.all', ctx)) return repos.procedure.listTalks(meetingId);
  authorizeProcedure(actor, 'talks.read.own', ctx, actor.personId);
  return repos.procedure.listTalks(meetingId, { personId: actor.personId });
}

export async function addTalk(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: TalkInput,
): Promise<Talk> {
  const ctx = await loadMeeting(repos, meetingId);
  if (!mayWrite(actor, ctx, input)) authorizeProcedure(actor, 'talks.write.any', ctx);
  if (input.personAId === input.personBId) throw new JianshiError('E_VALIDATION', '谈话双方不能是同一人。');
  // One of the two must take part in the meeting; the other may be e.g. the head of a department he oversees.
  if (!ctx.people.some((p) => p.id === input.personAId || p.id === input.personBId))
    throw new JianshiError('E_VALIDATION', '谈话双方至少一人须为本次会议的参会人员。');
  for (const id of [input.personAId, input.personBId])
    if (!(await repos.people.get(id))) throw new JianshiError('E_VALIDATION', `人员不存在：${id}`);
  return repos.transaction(async (tx) => {
    const t = await tx.procedure.addTalk({ meetingId, ...input, recordedBy: actor.personId });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'talk.create',
      entity: 'talk',
      entityId: t.id,
      after: t,
      details: { meetingId },
    });
    return t;
  });
}

async function talkCtx(repos: Repositories, actor: ActorContext, id: string) {
  const talk = await repos.procedure.getTalk(id);
  if (!talk) throw new JianshiError('E_NOT_FOUND', '未找到该谈话记录。');
  const ctx = await loadMeeting(repos, talk.meetingId);
  if (!mayWrite(actor, ctx, talk)) {
    // Not even visible to a stranger.
    if (!mayProcedure(actor, 'talks.read.all', ctx)) throw new JianshiError('E_NOT_FOUND', '未找到该谈话记录。');
    throw new JianshiError('E_FORBIDDEN');
  }
  return talk;
}

export async function updateTalk(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: Omit<Partial<TalkInput>, 'personAId' | 'personBId'>,
): Promise<Talk> {
  const before = await talkCtx(repos, actor, id);
  return repos.transaction(async (tx) => {
    const after = (await tx.procedure.updateTalk(id, patch))!;
    await tx.audit.append({
      actorId: actor.personId,
      action: 'talk.update',
      entity: 'talk',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteTalk(repos: Repositories, actor: ActorContext, id: string): Promise<void> {
  const before = await talkCtx(repos, actor, id);
  await repos.transaction(async (tx) => {
    await tx.procedure.deleteTalk(id);
    await tx.audit.append({ actorId: actor.personId, action: 'talk.delete', entity: 'talk', entityId: id, before });
  });
}

/** Required pairs and coverage, with names; the rule set defaults to the meeting kind's. */
export async function coverage(repos: Repositories, actor: ActorContext, meetingId: string, ruleSet?: RuleSetName) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'talks.coverage', ctx);
  const rules = ruleSet ? TALK_RULE_SETS[ruleSet] : defaultTalkRules(ctx.meeting.kind);
  const pairs = requiredPairs(ctx.people, rules);
  const talks = await repos.procedure.listTalks(meetingId);
  const cov = talkCoverage(ctx.people, pairs, talks);
  const n = (id: string) => nameOf(ctx.people, id);
  return {
    rules: rules.map((r) => ({ id: r.id, label: r.label })),
    required: cov.required,
    done: cov.done,
    ratio: cov.ratio,
    talkCount: cov.talkCount,
    personTimes: cov.personTimes,
    missingPairs: cov.missingPairs.map((p) => ({ a: p.a, b: p.b, aName: n(p.a), bName: n(p.b), rules: p.rules })),
    donePairs: cov.donePairs.map((p) => ({ a: p.a, b: p.b, aName: n(p.a), bName: n(p.b), lastOn: p.lastOn })),
    perPerson: cov.perPerson
      .filter((p) => p.required > 0 || p.talks > 0)
      .map((p) => ({ ...p, name: n(p.personId), missingNames: p.missing.map(n) })),
    extraTalks: cov.extraTalks.length,
    people: ctx.people.map((p) => ({ id: p.id, name: p.name ?? '', roles: [...p.roles] })),
  };
}
