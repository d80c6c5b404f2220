/**
 * The meeting record: attendance and the quorum, the agenda, speeches, criticisms (who criticised
 * whom), the supervisors' comments and the secretary's summary.
 */
import { z } from 'zod';
import { AGENDA_ITEM_KINDS } from '../../core/meeting/agenda.js';
import { ATTENDANCE_STATUSES } from '../../core/meeting/attendance.js';
import { MEETING_COMMENT_KINDS, RECORD_STATUSES, RECORDED_COMMENT_KINDS } from '../../core/meeting/record.js';
import { DateStr, Id, IsoDateTime } from '../common.js';
import { OptText, Text } from './fields.js';
import { ParticipantBriefSchema } from './talks.js';

// ---------------------------------------------------------------- requests

export const RecordStatusSchema = z.enum(RECORD_STATUSES);
export const SaveRecordBody = z.strictObject({
  heldOn: DateStr.nullable().optional(),
  startedAt: IsoDateTime.nullable().optional(),
  endedAt: IsoDateTime.nullable().optional(),
  location: OptText(200),
  agenda: z.array(z.record(z.string(), z.unknown())).max(200).nullable().optional(),
  summary: OptText(20_000),
  status: RecordStatusSchema.optional(),
});
/** The web sends agenda items as it holds them (`RecordAgendaItem`); the server checks them (core validateAgenda). */
export type RecordPatch = Omit<z.input<typeof SaveRecordBody>, 'agenda'> & { agenda?: RecordAgendaItem[] | null };

export const AttendanceEntrySchema = z.strictObject({
  personId: Id,
  status: z.enum(ATTENDANCE_STATUSES),
  reason: OptText(200),
});
export type AttendanceEntry = z.input<typeof AttendanceEntrySchema>;
export const AttendanceBody = z.strictObject({ entries: z.array(AttendanceEntrySchema).min(1).max(500) });

export const SpeechBody = z.strictObject({
  speakerId: Id,
  seq: z.number().int().min(1).max(1000).optional(),
  materialId: Id.nullable().optional(),
  notes: OptText(20_000),
});
export type SpeechInput = z.input<typeof SpeechBody>;
export const SpeechPatchBody = z.strictObject({
  seq: z.number().int().min(1).max(1000).optional(),
  materialId: Id.nullable().optional(),
  notes: OptText(20_000),
});
export type SpeechPatch = z.input<typeof SpeechPatchBody>;

export const CriticismBody = z.strictObject({
  speechId: Id.nullable().optional(),
  targetPersonId: Id,
  criticId: Id.nullable().optional(),
  body: Text(5000),
});
export type CriticismInput = z.input<typeof CriticismBody>;
export const CriticismPatchBody = z.strictObject({ body: Text(5000).optional(), criticId: Id.nullable().optional() });
export type CriticismPatch = z.input<typeof CriticismPatchBody>;

export const CommentBody = z.strictObject({
  kind: z.enum(RECORDED_COMMENT_KINDS),
  body: Text(20_000),
  targetPersonId: Id.nullable().optional(),
  authorId: Id.nullable().optional(),
});
export type CommentInput = z.input<typeof CommentBody>;

// ---------------------------------------------------------------- answers

/** An agenda item (core AgendaItem) as the recorder keeps it: plus a tick once it is done. */
export const RecordAgendaItemSchema = z.object({
  seq: z.number(),
  kind: z.enum(AGENDA_ITEM_KINDS),
  title: z.string(),
  /** Who speaks (the secretary for the opening, reports and summary). */
  personId: z.string().nullable(),
  /** For speeches: on behalf of the 班子 (group) or of himself (self). */
  subject: z.enum(['group', 'self']).optional(),
  /** For personal speeches: who criticises him afterwards, in order. */
  critics: z.array(z.string()).optional(),
  /** For supervisor comments: the supervisors. */
  personIds: z.array(z.string()).optional(),
  done: z.boolean().optional(),
});
export type RecordAgendaItem = z.output<typeof RecordAgendaItemSchema>;

/** The agenda: its items, the people left out (absent) and what is wrong with it. */
export const AgendaSchema = z.object({
  items: z.array(RecordAgendaItemSchema),
  skipped: z.array(z.string()),
  problems: z.array(z.string()),
});
export type Agenda = z.output<typeof AgendaSchema>;

const PersonReason = z.object({ personId: z.string(), reason: z.string().nullable() });
/** Attendance against the quorum of two thirds (core quorum). */
export const QuorumSchema = z.object({
  expected: z.number(),
  present: z.number(),
  /** The smallest number present that satisfies the quorum. */
  needed: z.number(),
  met: z.boolean(),
  presentIds: z.array(z.string()),
  leave: z.array(PersonReason),
  absent: z.array(PersonReason),
  /** Expected people with no attendance entry yet (counted as not present). */
  unrecorded: z.array(z.string()),
  /** Entries for people who are not participants of the meeting. */
  unknown: z.array(z.string()),
  problems: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type QuorumResult = z.output<typeof QuorumSchema>;

export const MeetingRecordSchema = z.object({
  meetingId: z.string(),
  heldOn: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  location: z.string().nullable(),
  /** The agenda as stored (items checked by core validateAgenda), null until saved. */
  agenda: z.unknown(),
  summary: z.string().nullable(),
  status: RecordStatusSchema,
  recorderId: z.string().nullable(),
  updatedAt: z.string(),
});
export type MeetingRecord = z.output<typeof MeetingRecordSchema>;

export const AttendanceRowSchema = z.object({
  personId: z.string(),
  status: z.enum(ATTENDANCE_STATUSES),
  reason: z.string().nullable().optional(),
});

export const SpeechSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  speakerId: z.string(),
  seq: z.number(),
  materialId: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});
export type Speech = z.output<typeof SpeechSchema>;

export const CriticismSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  speechId: z.string().nullable(),
  targetPersonId: z.string(),
  criticId: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type Criticism = z.output<typeof CriticismSchema>;

export const MeetingCommentSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  authorId: z.string(),
  targetPersonId: z.string().nullable(),
  kind: z.enum(MEETING_COMMENT_KINDS),
  body: z.string(),
  createdAt: z.string(),
});
export type MeetingComment = z.output<typeof MeetingCommentSchema>;

/** Did every speaker receive the criticisms the agenda expects (core criticismCoverage)? */
export const SpeakerCriticismsSchema = z.object({
  speakerId: z.string(),
  expected: z.array(z.string()),
  /** Critics who spoke (each once even if they raised several points). */
  from: z.array(z.string()),
  missing: z.array(z.string()),
  count: z.number(),
});
export type SpeakerCriticisms = z.output<typeof SpeakerCriticismsSchema>;

/** The record page: everything recorded about the meeting, and what is computed from it. */
export const RecordViewSchema = z.object({
  meeting: z.object({
    id: z.string(),
    kind: z.string(),
    year: z.number(),
    theme: z.string(),
    heldOn: z.string().nullable(),
    location: z.string().nullable(),
  }),
  people: z.array(ParticipantBriefSchema),
  record: MeetingRecordSchema.nullable(),
  attendance: z.array(AttendanceRowSchema),
  quorum: QuorumSchema,
  agenda: AgendaSchema,
  agendaStored: z.boolean(),
  speeches: z.array(SpeechSchema),
  criticisms: z.array(CriticismSchema),
  criticismCoverage: z.array(SpeakerCriticismsSchema),
  comments: z.array(MeetingCommentSchema),
});
export type RecordView = z.output<typeof RecordViewSchema>;
