/**
 * The meeting record, entered live by the recorder: attendance (with the quorum), the agenda,
 * speeches (each linked to its material), the criticisms each speaker received and from whom,
 * the supervisors' comments and the secretary's summary.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { MeetingComment, MeetingRecord } from '../../../storage/repositories/meeting-procedure.js';
import type { ActorContext } from '../../domain/context.js';
import { JianshiError } from '../../../core/errors.js';
import { quorum, type AttendanceEntry } from '../../../core/meeting/attendance.js';
import {
  buildAgenda,
  criticismCoverage,
  storedAgendaItems,
  validateAgenda,
  type Agenda,
  type AgendaItem,
} from '../../../core/meeting/agenda.js';
import { authorizeProcedure, loadMeeting, requireParticipant, type MeetingCtx } from './meeting-context.js';

async function writable(repos: Repositories, actor: ActorContext, meetingId: string): Promise<MeetingCtx> {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'record.write', ctx);
  return ctx;
}

/** The default agenda of a meeting, from its participants and who is absent. */
export function defaultAgenda(ctx: MeetingCtx, attendance: readonly AttendanceEntry[]): Agenda {
  const absentIds = attendance.filter((a) => a.status !== 'present').map((a) => a.personId);
  return buildAgenda(ctx.people, { meetingKind: ctx.meeting.kind, absentIds });
}

export async function getRecord(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'record.read', ctx);
  const p = repos.procedure;
  const [record, attendance, speeches, criticisms, comments] = await Promise.all([
    p.getRecord(meetingId),
    p.listAttendance(meetingId),
    p.listSpeeches(meetingId),
    p.listCriticisms(meetingId),
    p.listComments(meetingId),
  ]);
  const computed = defaultAgenda(ctx, attendance);
  const agenda: Agenda = record?.agenda
    ? { items: storedAgendaItems(record.agenda), skipped: computed.skipped, problems: computed.problems }
    : computed;
  return {
    meeting: {
      id: ctx.meeting.id,
      kind: ctx.meeting.kind,
      year: ctx.meeting.year,
      theme: ctx.meeting.theme,
      heldOn: ctx.meeting.heldOn,
      location: ctx.meeting.location,
    },
    people: ctx.people.map((x) => ({ id: x.id, name: x.name ?? '', roles: [...x.roles] })),
    record,
    attendance,
    quorum: quorum(ctx.people, attendance),
    agenda,
    agendaStored: !!record?.agenda,
    speeches,
    criticisms,
    criticismCoverage: criticismCoverage(agenda, criticisms),
    comments,
  };
}

export async function saveRecord(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  patch: Partial<Omit<MeetingRecord, 'meetingId' | 'updatedAt'>>,
): Promise<MeetingRecord> {
  await writable(repos, actor, meetingId);
  if (patch.agenda !== undefined && patch.agenda !== null) {
    const problems = validateAgenda(patch.agenda);
    if (problems.length) throw new JianshiError('E_VALIDATION', problems.join(''), { problems });
  }
  return repos.transaction(async (tx) => {
    const before = await tx.procedure.getRecord(meetingId);
    const after = await tx.procedure.saveRecord(meetingId, {
      ...patch,
      recorderId: patch.recorderId ?? before?.recorderId ?? actor.personId,
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'record.save',
      entity: 'meeting_record',
      entityId: meetingId,
      before,
      after,
      details: { fields: Object.keys(patch) },
    });
    return after;
  });
}

/** Store the computed default agenda (the recorder then edits it). */
export async function resetAgenda(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await writable(repos, actor, meetingId);
  const agenda = defaultAgenda(ctx, await repos.procedure.listAttendance(meetingId));
  await saveRecord(repos, actor, meetingId, { agenda: agenda.items });
  return agenda;
}

export async function setAttendance(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  entries: AttendanceEntry[],
) {
  const ctx = await writable(repos, actor, meetingId);
  for (const e of entries) requireParticipant(ctx, e.personId, '出席登记的人员');
  if (new Set(entries.map((e) => e.personId)).size !== entries.length)
    throw new JianshiError('E_VALIDATION', '同一人员登记了多次。');
  await repos.transaction(async (tx) => {
    await tx.procedure.setAttendance(meetingId, entries);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'attendance.set',
      entity: 'meeting',
      entityId: meetingId,
      after: entries,
      details: { count: entries.length },
    });
  });
  return quorum(ctx.people, await repos.procedure.listAttendance(meetingId));
}

// ---------------------------------------------------------------- speeches

export async function addSpeech(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: { speakerId: string; seq?: number; materialId?: string | null; notes?: string | null },
) {
  const ctx = await writable(repos, actor, meetingId);
  requireParticipant(ctx, input.speakerId, '发言人');
  if (input.materialId) {
    const m = await repos.materials.getSummary(input.materialId);
    if (!m || m.meetingId !== meetingId) throw new JianshiError('E_VALIDATION', '所链接的材料不属于本次会议。');
  }
  return repos.transaction(async (tx) => {
    const s = await tx.procedure.addSpeech({ meetingId, ...input });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'speech.create',
      entity: 'speech',
      entityId: s.id,
      after: s,
    });
    return s;
  });
}

async function owned<T extends { meetingId: string }>(
  repos: Repositories,
  actor: ActorContext,
  get: () => Promise<T | null>,
  what: string,
): Promise<T> {
  const x = await get();
  if (!x) throw new JianshiError('E_NOT_FOUND', `未找到该${what}。`);
  await writable(repos, actor, x.meetingId);
  return x;
}

export async function updateSpeech(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: { seq?: number; materialId?: string | null; notes?: string | null },
) {
  const before = await owned(repos, actor, () => repos.procedure.getSpeech(id), '发言');
  return repos.transaction(async (tx) => {
    const after = (await tx.procedure.updateSpeech(id, patch))!;
    await tx.audit.append({
      actorId: actor.personId,
      action: 'speech.update',
      entity: 'speech',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteSpeech(repos: Repositories, actor: ActorContext, id: string) {
  const before = await owned(repos, actor, () => repos.procedure.getSpeech(id), '发言');
  await repos.transaction(async (tx) => {
    await tx.procedure.deleteSpeech(id);
    await tx.audit.append({ actorId: actor.personId, action: 'speech.delete', entity: 'speech', entityId: id, before });
  });
}

// ---------------------------------------------------------------- criticisms

export async function addCriticism(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: { speechId?: string | null; targetPersonId: string; criticId?: string | null; body: string },
) {
  const ctx = await writable(repos, actor, meetingId);
  requireParticipant(ctx, input.targetPersonId, '被批评人');
  if (input.criticId) requireParticipant(ctx, input.criticId, '批评人');
  if (input.criticId === input.targetPersonId)
    throw new JianshiError('E_VALIDATION', '批评人与被批评人不能是同一人（自我批评请记入发言）。');
  if (input.speechId) {
    const s = await repos.procedure.getSpeech(input.speechId);
    if (!s || s.meetingId !== meetingId) throw new JianshiError('E_VALIDATION', '所属发言不属于本次会议。');
  }
  return repos.transaction(async (tx) => {
    const c = await tx.procedure.addCriticism({ meetingId, ...input });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'criticism.create',
      entity: 'criticism',
      entityId: c.id,
      after: c,
    });
    return c;
  });
}

export async function updateCriticism(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: { body?: string; criticId?: string | null },
) {
  const before = await owned(repos, actor, () => repos.procedure.getCriticism(id), '批评意见');
  return repos.transaction(async (tx) => {
    const after = (await tx.procedure.updateCriticism(id, patch))!;
    await tx.audit.append({
      actorId: actor.personId,
      action: 'criticism.update',
      entity: 'criticism',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteCriticism(repos: Repositories, actor: ActorContext, id: string) {
  const before = await owned(repos, actor, () => repos.procedure.getCriticism(id), '批评意见');
  await repos.transaction(async (tx) => {
    await tx.procedure.deleteCriticism(id);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'criticism.delete',
      entity: 'criticism',
      entityId: id,
      before,
    });
  });
}

// ---------------------------------------------------------------- comments and summary

export async function addComment(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  input: { kind: MeetingComment['kind']; body: string; targetPersonId?: string | null; authorId?: string | null },
) {
  const ctx = await writable(repos, actor, meetingId);
  if (input.targetPersonId) requireParticipant(ctx, input.targetPersonId, '点评对象');
  // The recorder enters what a supervisor said: the author is the supervisor when named.
  const authorId = input.authorId ?? actor.personId;
  if (input.authorId) requireParticipant(ctx, input.authorId, '点评人');
  return repos.transaction(async (tx) => {
    const c = await tx.procedure.addComment({
      meetingId,
      authorId,
      kind: input.kind,
      body: input.body,
      targetPersonId: input.targetPersonId ?? null,
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'comment.create',
      entity: 'meeting_comment',
      entityId: c.id,
      after: c,
    });
    return c;
  });
}

export async function deleteComment(repos: Repositories, actor: ActorContext, id: string) {
  const before = await owned(repos, actor, () => repos.procedure.getComment(id), '点评');
  await repos.transaction(async (tx) => {
    await tx.procedure.deleteComment(id);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'comment.delete',
      entity: 'meeting_comment',
      entityId: id,
      before,
    });
  });
}
