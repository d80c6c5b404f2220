/**
 * 查重 (similarity): one material's report (GET /materials/:id/similarity), the meeting's overview
 * (GET /meetings/:id/similarity) and one source's passages side by side
 * (GET /materials/:id/similarity/matches/:n).
 *
 * Privacy (server/domain/similarity.ts): a source the reader may not read himself is sent by its
 * label, year and coverage only (`readable: false`); the schemas send nothing the domain leaves out.
 */
import { z } from 'zod';
import type { SidePassage } from '../core/similarity/side-by-side.js';
import type { CheckResult } from '../core/similarity/engine.js';
import { Id } from './common.js';
import type { Same } from './materials.js';

/** A range `[start, end)` of a text. */
const Range = z.tuple([z.number(), z.number()]);

export const MatchParams = z.strictObject({ id: Id, n: z.coerce.number().int().min(0).max(1000) });

/** A source of the report: a template (网络范文) or a stored material; `readable`: the reader may open it. */
export const SimilaritySourceSchema = z.object({
  id: z.string(),
  /** 网络范文 / 与本人往年材料重复 / 库内材料 (core/similarity/engine.ts SourceLabel). */
  label: z.string(),
  /** Only kind and year for a source the reader may not read. */
  meta: z.object({
    kind: z.enum(['material', 'template']).optional(),
    org: z.string().nullable().optional(),
    year: z.number().nullable().optional(),
    author: z.string().nullable().optional(),
    title: z.string().nullable().optional(),
  }),
  score: z.number(),
  coverage: z.number(),
  longest: z.number(),
  /** The passages, as ranges of the material's own text. */
  passages: z.array(z.object({ q: Range })),
  readable: z.boolean(),
});

/** The 查重 report of a material's current version (core/similarity/engine.ts CheckResult, sources filtered). */
export const SimilarityReportSchema = z.object({
  version: z.number(),
  chars: z.number(),
  officialChars: z.number(),
  matches: z.array(SimilaritySourceSchema),
  copyRatio: z.number(),
  copyRatioExcludingShared: z.number(),
  largest: z.object({ id: z.string(), coverage: z.number() }).nullable(),
  /** Stock passages (常见套话): text many stored materials share, never a source; `sources` index `matches`. */
  stock: z.array(z.object({ q: Range, qn: Range, support: z.number(), sources: z.array(z.number()) })),
  stockRatio: z.number(),
  longestRun: z.number(),
  parts: z.array(z.object({ kind: z.enum(['problems', 'causes', 'measures']), chars: z.number(), ratio: z.number() })),
  corpus: z.object({ size: z.number(), cap: z.number() }),
  ms: z.number(),
});
export type SimilarityReport = z.output<typeof SimilarityReportSchema>;
const reportMatchesCore: Same<Omit<SimilarityReport, 'version' | 'matches'>, Omit<CheckResult, 'matches'>> = true;

/** A version whose 查重 is not done yet (or failed for good: `failed` says why). */
export const SimilarityPendingSchema = z.object({
  version: z.number(),
  pending: z.literal(true),
  failed: z.string().optional(),
});
export type SimilarityPending = z.output<typeof SimilarityPendingSchema>;
export const SimilarityAnswerSchema = z.union([SimilarityReportSchema, SimilarityPendingSchema]);
export type SimilarityAnswer = z.output<typeof SimilarityAnswerSchema>;

/** A source of one material in the overview. */
export const OverviewSourceSchema = z.object({
  /** Position in the material's 查重 report (opens the side-by-side view). */
  index: z.number(),
  label: z.string(),
  readable: z.boolean(),
  title: z.string().nullable(),
  year: z.number().nullable(),
  coverage: z.number(),
});
export type OverviewSource = z.output<typeof OverviewSourceSchema>;

/** One material of the meeting in the overview. */
export const OverviewRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  status: z.string(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  chars: z.number(),
  copyRatio: z.number(),
  copyRatioExcludingShared: z.number(),
  stockRatio: z.number(),
  stockPassages: z.number(),
  longestRun: z.number(),
  sources: z.array(OverviewSourceSchema),
});
export type OverviewRow = z.output<typeof OverviewRowSchema>;

/** The meeting's 查重 overview (查重总览). */
export const SimilarityOverviewSchema = z.object({
  meetingId: z.string(),
  theme: z.string(),
  materials: z.array(OverviewRowSchema),
});
export type SimilarityOverview = z.output<typeof SimilarityOverviewSchema>;

/** One side of a passage: the passage with some context, and what the other side holds exactly. */
const ExcerptSchema = z.object({
  before: z.string(),
  text: z.string(),
  after: z.string(),
  same: z.array(Range),
  range: Range,
});
/** A passage side by side (core/similarity/side-by-side.ts); `right` null when the source may not be read. */
export const SidePassageSchema = z.object({
  left: ExcerptSchema,
  right: ExcerptSchema.nullable(),
  matched: z.number(),
  stock: z.object({ support: z.number() }).nullable(),
});
const sideMatchesCore: Same<z.output<typeof SidePassageSchema>, SidePassage> = true;
void [reportMatchesCore, sideMatchesCore];

export const SideBySideSchema = z.object({
  materialId: z.string(),
  title: z.string(),
  version: z.number(),
  index: z.number(),
  source: OverviewSourceSchema.omit({ index: true }),
  passages: z.array(SidePassageSchema),
});
export type SideBySideView = z.output<typeof SideBySideSchema>;
