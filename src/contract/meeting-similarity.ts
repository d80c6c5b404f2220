/**
 * The 查重 overview of a meeting (GET /api/meetings/:id/similarity) and one source of a material side
 * by side (GET /api/materials/:id/similarity/matches/:n); routes in routes/meetings.
 */
import { z } from 'zod';
import { Id } from './common.js';

export const SideBySideParamsSchema = z.strictObject({ id: Id, n: z.coerce.number().int().min(0).max(1000) });

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

export const SimilarityOverviewSchema = z.object({
  meetingId: z.string(),
  theme: z.string(),
  materials: z.array(OverviewRowSchema),
});
export type SimilarityOverview = z.output<typeof SimilarityOverviewSchema>;

const Range = z.tuple([z.number(), z.number()]);
/** One side of a passage (core/similarity/side-by-side.ts). */
export const ExcerptSchema = z.object({
  /** Context before the passage (up to CONTEXT characters, from the line start at most). */
  before: z.string(),
  text: z.string(),
  after: z.string(),
  /** Ranges `[start, end)` of `text` that the other side holds character for character. */
  same: z.array(Range),
  /** The passage's range in the whole text. */
  range: Range,
});
export const SidePassageSchema = z.object({
  left: ExcerptSchema,
  /** Null when the viewer may not read the source. */
  right: ExcerptSchema.nullable(),
  /** Exactly matched characters (the rest are small edits). */
  matched: z.number(),
  /** Set when the passage lies (mostly) in stock phrasing: about how many stored materials hold it. */
  stock: z.object({ support: z.number() }).nullable(),
});
export type SidePassage = z.output<typeof SidePassageSchema>;

export const SideBySideViewSchema = z.object({
  materialId: z.string(),
  title: z.string(),
  version: z.number(),
  index: z.number(),
  source: z.object({
    label: z.string(),
    readable: z.boolean(),
    title: z.string().nullable(),
    year: z.number().nullable(),
    coverage: z.number(),
  }),
  passages: z.array(SidePassageSchema),
});
export type SideBySideView = z.output<typeof SideBySideViewSchema>;
