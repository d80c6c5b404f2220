/**
 * Meetings (routes/meetings): a meeting with its stages and participants, the form's input, and the
 * meetings list with each meeting's phase and progress (GET /api/meetings/board).
 */
import { z } from 'zod';
import { DateStr, Id, IsoDateTime } from './common.js';
import { MEETING_KINDS, MEETING_STATUSES } from '../core/meeting/kinds.js';
import { MEETING_ROLES } from '../core/meeting/participants.js';
import { PHASE_LABELS, PROCEDURE_STAGES, type MeetingPhase } from '../core/meeting/stage.js';

export const MeetingKindSchema = z.enum(MEETING_KINDS);
export const MeetingStatusSchema = z.enum(MEETING_STATUSES);
export const ProcedureStageSchema = z.enum(PROCEDURE_STAGES);
export const MeetingRoleSchema = z.enum(MEETING_ROLES);
export const MeetingPhaseSchema = z.enum(Object.keys(PHASE_LABELS) as [MeetingPhase, ...MeetingPhase[]], {
  error: `阶段只能是：${Object.values(PHASE_LABELS).join('、')}`,
});
const Year = z.number().int().min(2000).max(2100);

// ---------------------------------------------------------------- requests

/** A stage with its dates, as the meeting form sends it. */
export const StageInputSchema = z.strictObject({
  stage: ProcedureStageSchema,
  startOn: DateStr.nullable().default(null),
  dueOn: DateStr.nullable().default(null),
  doneAt: IsoDateTime.nullable().default(null),
});
export const ParticipantInputSchema = z.strictObject({ personId: Id, role: MeetingRoleSchema });

export const MeetingCreateSchema = z.strictObject({
  orgId: Id,
  kind: MeetingKindSchema,
  year: Year,
  theme: z.string().trim().min(1).max(300),
  frameworkId: z.string().max(64).nullable().optional(),
  heldOn: DateStr.nullable().optional(),
  location: z.string().max(200).nullable().optional(),
  stages: z.array(StageInputSchema).max(20).optional(),
  participants: z.array(ParticipantInputSchema).max(500).optional(),
});
/** What the web's meeting form sends (POST /api/meetings). */
export type MeetingInput = z.input<typeof MeetingCreateSchema>;

export const MeetingPatchSchema = z.strictObject({
  kind: MeetingKindSchema.optional(),
  year: Year.optional(),
  theme: z.string().trim().min(1).max(300).optional(),
  frameworkId: z.string().max(64).nullable().optional(),
  heldOn: DateStr.nullable().optional(),
  location: z.string().max(200).nullable().optional(),
  status: MeetingStatusSchema.optional(),
  stages: z.array(StageInputSchema).max(20).optional(),
  participants: z.array(ParticipantInputSchema).max(500).optional(),
});
export type MeetingPatch = z.input<typeof MeetingPatchSchema>;

export const MeetingListQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgId: Id.optional(),
});

export const MeetingBoardQuerySchema = z.strictObject({
  q: z.string().max(100).optional(),
  orgId: Id.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: MeetingKindSchema.optional(),
  phase: MeetingPhaseSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});

// ---------------------------------------------------------------- answers
// Kinds and statuses are answered as stored (strings; the vocabularies: MEETING_KINDS, MEETING_STATUSES).

export const MeetingStageSchema = z.object({
  stage: ProcedureStageSchema,
  /** YYYY-MM-DD. */
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  /** ISO time. */
  doneAt: z.string().nullable(),
});
export type MeetingStage = z.output<typeof MeetingStageSchema>;

export const MeetingSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  kind: z.string(),
  year: z.number(),
  theme: z.string(),
  frameworkId: z.string().nullable(),
  heldOn: z.string().nullable(),
  location: z.string().nullable(),
  status: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Meeting = z.output<typeof MeetingSchema>;
export const MeetingListSchema = z.object({ items: z.array(MeetingSchema) });
export type MeetingList = z.output<typeof MeetingListSchema>;

/** A participant with the display name whoever may read the meeting sees (null: person deleted). */
export const ParticipantSchema = z.object({
  personId: z.string(),
  role: MeetingRoleSchema,
  name: z.string().nullable(),
});
export type Participant = z.output<typeof ParticipantSchema>;

export const MeetingDetailSchema = MeetingSchema.extend({
  stages: z.array(MeetingStageSchema),
  participants: z.array(ParticipantSchema),
  /** How the group examined is named (领导班子, 支部委员会, 党总支委员会, 党小组 …; core groupName). */
  groupName: z.string(),
});
export type MeetingDetail = z.output<typeof MeetingDetailSchema>;

/** The figures of a meeting's progress (core/meeting/progress.ts). */
export const MeetingProgressSchema = z.object({
  /** People who owe an own material. */
  writers: z.number(),
  /** Of them: with a material at all / submitted (or approved) / approved. */
  started: z.number(),
  submitted: z.number(),
  approved: z.number(),
  /** The 班子 material's status (null: none; only 民主生活会 have one as a rule). */
  leadership: z.string().nullable(),
  talks: z.object({ done: z.number(), required: z.number() }),
  opinions: z.number(),
  ledger: z.object({ total: z.number(), closed: z.number(), overdue: z.number() }),
});
export type MeetingProgress = z.output<typeof MeetingProgressSchema>;

export const BoardItemSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.string(),
  year: z.number(),
  theme: z.string(),
  heldOn: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  phase: MeetingPhaseSchema,
  /** Null when the viewer sees the phase only. */
  progress: MeetingProgressSchema.nullable(),
  /** May the viewer open the meeting's 查重 overview (reads every material: 书记, 上级审核人)? */
  similarityOverview: z.boolean(),
});
export type BoardItem = z.output<typeof BoardItemSchema>;

export const BoardPageSchema = z.object({
  items: z.array(BoardItemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  /** Count per phase over the matching meetings before the phase filter (the filter's badges). */
  phases: z.partialRecord(MeetingPhaseSchema, z.number()),
});
export type BoardPage = z.output<typeof BoardPageSchema>;
