/** 民主评议党员: self and peer assessment by members, ballots entered by the teller, results, final grades. */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { ActorContext } from '../../domain/context.js';
import { JianshiError } from '../../../core/errors.js';
import {
  appraisalResults,
  validateAppraisalEntry,
  validateBallot,
  validateFinalGrades,
  type BallotLine,
  type Grade,
} from '../../../core/meeting/appraisal.js';
import { coreParticipants } from '../../../core/meeting/participants.js';
import { authorizeProcedure, loadMeeting, today, type MeetingCtx } from './meeting-context.js';

const memberIds = (ctx: MeetingCtx) => coreParticipants(ctx.people).map((p) => p.id);
const fail = (problems: string[]) => {
  if (problems.length) throw new JianshiError('E_VALIDATION', problems.join(''), { problems });
};

export async function saveSelf(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: { grade: Grade | null; comment?: string | null },
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.self', ctx, actor.personId);
  const e = {
    rateeId: actor.personId,
    raterId: actor.personId,
    kind: 'self' as const,
    grade: input.grade,
    comment: input.comment ?? null,
  };
  fail(validateAppraisalEntry(e, memberIds(ctx)));
  return repos.transaction(async (tx) => {
    const a = await tx.procedure.saveAssessment(meetingId, e);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'appraisal.self',
      entity: 'appraisal',
      entityId: a.id,
      after: a,
    });
    return a;
  });
}

export async function savePeer(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: { rateeId: string; grade: Grade | null; comment?: string | null },
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.peer', ctx);
  const e = {
    rateeId: input.rateeId,
    raterId: actor.personId,
    kind: 'peer' as const,
    grade: input.grade,
    comment: input.comment ?? null,
  };
  fail(validateAppraisalEntry(e, memberIds(ctx)));
  return repos.transaction(async (tx) => {
    const a = await tx.procedure.saveAssessment(meetingId, e);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'appraisal.peer',
      entity: 'appraisal',
      entityId: a.id,
      after: a,
    });
    return a;
  });
}

/**
 * One paper ballot, entered by the teller (secretary or recorder). Stored without a rater, in
 * random order, with the date only; the audit entry records that a ballot was entered, not its content.
 */
export async function castBallot(repos: Repositories, actor: ActorContext, meetingId: string, lines: BallotLine[]) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.ballot', ctx);
  fail(validateBallot(lines, memberIds(ctx)));
  return repos.transaction(async (tx) => {
    const n = await tx.procedure.castBallot(meetingId, lines, today());
    await tx.audit.append({
      actorId: actor.personId,
      action: 'appraisal.ballot',
      entity: 'meeting',
      entityId: meetingId,
      details: { lines: n },
    });
    return { accepted: n };
  });
}

export async function results(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.results', ctx);
  const all = await repos.procedure.listAppraisals(meetingId);
  const entries = all
    .filter((a) => a.kind !== 'final')
    .map((a) => ({ ...a, kind: a.kind as 'self' | 'peer' | 'vote' }));
  const r = appraisalResults(memberIds(ctx), entries);
  const finals = Object.fromEntries(all.filter((a) => a.kind === 'final').map((a) => [a.rateeId, a.grade]));
  const name = (id: string) => ctx.people.find((p) => p.id === id)?.name ?? '';
  return { ...r, members: r.members.map((m) => ({ ...m, name: name(m.personId), final: finals[m.personId] ?? null })) };
}

export async function saveFinal(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  grades: Record<string, Grade>,
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.final', ctx);
  fail(validateFinalGrades(grades, memberIds(ctx)));
  await repos.transaction(async (tx) => {
    for (const [id, g] of Object.entries(grades)) await tx.procedure.saveFinalGrade(meetingId, id, g, actor.personId);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'appraisal.final',
      entity: 'meeting',
      entityId: meetingId,
      after: grades,
    });
  });
  return results(repos, actor, meetingId);
}

/** What was said about me: my self-assessment, peer comments (without who), my final grade. */
export async function mine(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.read.own', ctx, actor.personId);
  const all = await repos.procedure.listAppraisals(meetingId, { rateeId: actor.personId });
  return {
    self: all.find((a) => a.kind === 'self') ?? null,
    peerComments: all
      .filter((a) => a.kind === 'peer' && a.comment)
      .map((a) => a.comment!)
      .sort(),
    final: all.find((a) => a.kind === 'final')?.grade ?? null,
  };
}

/** What I wrote: my self-assessment and my peer assessments (to show the forms filled in). */
export async function given(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'appraisal.peer', ctx);
  const all = await repos.procedure.listAppraisals(meetingId);
  const mineRows = all.filter((a) => a.raterId === actor.personId && (a.kind === 'self' || a.kind === 'peer'));
  return {
    members: coreParticipants(ctx.people).map((p) => ({ id: p.id, name: p.name ?? '' })),
    self: mineRows.find((a) => a.kind === 'self') ?? null,
    peers: mineRows
      .filter((a) => a.kind === 'peer')
      .map((a) => ({ rateeId: a.rateeId, grade: a.grade, comment: a.comment })),
  };
}
