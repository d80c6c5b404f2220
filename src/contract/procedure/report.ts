/**
 * 会议情况报告: the preview (figures, text, deadline), the .docx, the report deadlines, the
 * deadline setting of an organization; and the drafts of ledger items the meeting produced.
 */
import { z } from 'zod';
import { DEADLINE_LEVELS } from '../../core/meeting/deadline.js';
import { LEDGER_DRAFT_SOURCES } from '../../core/meeting/ledger-drafts.js';
import { REPORT_BLOCK_ROLES } from '../../core/meeting/report.js';
import { DateStr, Id, List } from '../common.js';

// ---------------------------------------------------------------- requests

const Days = z.coerce.number().int().min(1).max(365);
export const ReportQuerySchema = z.strictObject({
  studySessions: z.coerce.number().int().min(0).max(1000).optional(),
  superiorName: z.string().max(200).optional(),
  reportOn: DateStr.optional(),
  deadlineDays: Days.optional(),
});
/** What the report page asks for (null or empty: not given). */
export interface ReportQuery {
  studySessions?: number | null;
  superiorName?: string | null;
  reportOn?: string | null;
}
export const DeadlineDaysQuery = z.strictObject({ days: Days.optional() });
export const SettingsQuery = z.strictObject({ orgId: Id });
export const SettingsBody = z.strictObject({
  orgId: Id,
  reportDeadlineDays: z.number().int().min(1).max(365).nullable(),
});

// ---------------------------------------------------------------- answers

/** How near a due date is (core deadlineState). */
export const DeadlineStateSchema = z.object({
  dueOn: z.string(),
  daysLeft: z.number(),
  overdue: z.boolean(),
  level: z.enum(DEADLINE_LEVELS),
  label: z.string(),
});
export type DeadlineState = z.output<typeof DeadlineStateSchema>;

/** The figures the report quotes (core ReportFigures). */
export const ReportFiguresSchema = z.object({
  studySessions: z.number().nullable(),
  opinionsTotal: z.number(),
  opinionsGroup: z.number(),
  opinionsPersonal: z.number(),
  talkCount: z.number(),
  talkPersonTimes: z.number(),
  talkPairsRequired: z.number(),
  talkPairsDone: z.number(),
  materials: z.number().nullable(),
  expected: z.number(),
  present: z.number(),
  quorumMet: z.boolean(),
  attendanceRecorded: z.boolean(),
  speeches: z.number(),
  criticisms: z.number(),
  problems: z.number(),
  measures: z.number(),
  ledgerItems: z.number(),
  dueOn: z.string().nullable(),
});
export type ReportFigures = z.output<typeof ReportFiguresSchema>;

/** A paragraph of the report; `headChars`: the length of a run-in （一）heading (set in 楷体). */
export const ReportBlockSchema = z.object({
  role: z.enum(REPORT_BLOCK_ROLES),
  text: z.string(),
  headChars: z.number().optional(),
});
export type ReportBlock = z.output<typeof ReportBlockSchema>;

export const ReportPreviewSchema = z.object({
  title: z.string(),
  figures: ReportFiguresSchema,
  blocks: z.array(ReportBlockSchema),
  /** What was not recorded, hence not in the text. */
  gaps: z.array(z.string()),
  deadlineDays: z.number(),
  heldOn: z.string().nullable(),
  deadline: DeadlineStateSchema.nullable(),
});
export type ReportPreview = z.output<typeof ReportPreviewSchema>;

/** A meeting's report deadline; null before the meeting is held. */
export const ReportDeadlineSchema = z.object({ deadline: DeadlineStateSchema.nullable() });

export const ReportDeadlineItemSchema = z.object({
  meetingId: z.string(),
  orgName: z.string(),
  kind: z.string(),
  year: z.number(),
  theme: z.string(),
  heldOn: z.string(),
  days: z.number(),
  deadline: DeadlineStateSchema,
});
export type ReportDeadlineItem = z.output<typeof ReportDeadlineItemSchema>;
export const ReportDeadlineListSchema = List(ReportDeadlineItemSchema);

export const ReportSettingsSchema = z.object({
  orgId: z.string(),
  /** The organization's own setting; null when it inherits. */
  reportDeadlineDays: z.number().nullable(),
  effectiveDays: z.number(),
  inheritedFrom: z.string().nullable(),
  defaultDays: z.number(),
});
export type ReportSettings = z.output<typeof ReportSettingsSchema>;

/**
 * A ledger item drafted from a criticism, a comment or merged opinions. `key` is the same on every
 * call; an opinion draft names the meeting, the collections and the count — never opinion rows.
 */
export const LedgerDraftSchema = z.object({
  key: z.string(),
  source: z.enum(LEDGER_DRAFT_SOURCES),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  problem: z.string(),
  aspect: z.string().nullable(),
  sourceRef: z.union([
    z.object({
      kind: z.enum(['criticism', 'comment']),
      id: z.string().optional(),
      count: z.number().optional(),
      meetingId: z.string(),
    }),
    z.object({
      kind: z.literal('opinion'),
      meetingId: z.string(),
      collectionIds: z.array(z.string()),
      count: z.number(),
    }),
  ]),
});
export type LedgerDraft = z.output<typeof LedgerDraftSchema>;
export const LedgerDraftListSchema = List(LedgerDraftSchema);
