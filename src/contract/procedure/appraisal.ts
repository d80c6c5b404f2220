/** 民主评议党员: self-assessment, peer assessment, the anonymous ballots, results and final grades. */
import { z } from 'zod';
import { APPRAISAL_KINDS, GRADES } from '../../core/meeting/appraisal.js';
import { Id } from '../common.js';
import { OptText } from './fields.js';

export const GradeSchema = z.enum(GRADES);
export type Grade = z.output<typeof GradeSchema>;

// ---------------------------------------------------------------- requests

export const SelfBody = z.strictObject({ grade: GradeSchema.nullable(), comment: OptText(2000) });
export type SelfInput = z.input<typeof SelfBody>;
export const PeerBody = z.strictObject({ rateeId: Id, grade: GradeSchema.nullable(), comment: OptText(2000) });
export type PeerInput = z.input<typeof PeerBody>;
export const BallotBody = z.strictObject({
  lines: z
    .array(z.strictObject({ rateeId: Id, grade: GradeSchema }))
    .min(1)
    .max(500),
});
export type BallotLine = z.input<typeof BallotBody>['lines'][number];
export const FinalBody = z.strictObject({ grades: z.record(Id, GradeSchema) });

// ---------------------------------------------------------------- answers

/** One stored assessment (a self or peer assessment; a vote has no rater; `final` the decided grade). */
export const AppraisalSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  rateeId: z.string(),
  raterId: z.string().nullable(),
  kind: z.enum([...APPRAISAL_KINDS, 'final'] as const),
  grade: GradeSchema.nullable(),
  comment: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type Appraisal = z.output<typeof AppraisalSchema>;

export const BallotResultSchema = z.object({ accepted: z.number() });
export type BallotResult = z.output<typeof BallotResultSchema>;

export const GradeCountsSchema = z.object({
  优秀: z.number(),
  合格: z.number(),
  基本合格: z.number(),
  不合格: z.number(),
}) satisfies z.ZodType<Record<Grade, number>>;
export type GradeCounts = z.output<typeof GradeCountsSchema>;

export const MemberAppraisalRowSchema = z.object({
  personId: z.string(),
  name: z.string(),
  self: GradeSchema.nullable(),
  selfComment: z.string().nullable(),
  peer: GradeCountsSchema,
  peerComments: z.array(z.string()),
  vote: GradeCountsSchema,
  votes: z.number(),
  /** The grade proposed from the vote (plurality; ties go to the lower grade), after the 优秀 cap. */
  proposed: GradeSchema.nullable(),
  /** Set when the cap moved the proposal from 优秀 to 合格. */
  cappedFromExcellent: z.boolean(),
  final: GradeSchema.nullable(),
});
export type MemberAppraisalRow = z.output<typeof MemberAppraisalRowSchema>;

export const AppraisalResultsSchema = z.object({
  members: z.array(MemberAppraisalRowSchema),
  maxExcellent: z.number(),
  proposedCounts: GradeCountsSchema,
  missingSelf: z.array(z.string()),
  missingVotes: z.array(z.string()),
  problems: z.array(z.string()),
});
export type AppraisalResults = z.output<typeof AppraisalResultsSchema>;

/** What the member wrote: his self-assessment and his peer assessments. */
export const AppraisalGivenSchema = z.object({
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  self: AppraisalSchema.nullable(),
  peers: z.array(
    z.object({ rateeId: z.string(), grade: GradeSchema.nullable(), comment: z.string().nullable().optional() }),
  ),
});
export type AppraisalGiven = z.output<typeof AppraisalGivenSchema>;

/** What was said about the member: his self-assessment, peer comments (without who), his final grade. */
export const AppraisalMineSchema = z.object({
  self: AppraisalSchema.nullable(),
  peerComments: z.array(z.string()),
  final: GradeSchema.nullable(),
});
export type AppraisalMine = z.output<typeof AppraisalMineSchema>;
