/** Zod schemas shared by several routes. Objects are strict: unknown fields are rejected. */
import { z } from 'zod';
import { LIMITS } from '../../core/limits.js';

// The generic pieces moved to the contract; re-exported while the routes move over.
export { Id, IdParams, IsoDate, DateStr, IsoDateTime, Role, MaterialKindSchema, Ok } from '../../contract/common.js';
import { Id, IsoDateTime, DateStr } from '../../contract/common.js';

const S = (max: number) => z.string().max(max);
const PartKindSchema = z.enum(['problems', 'causes', 'measures']);
const FixKey = { key: S(200), n: z.number().int().min(0).max(10_000).optional() };
/** The author's corrections of the structure (core/material/restructure.ts), kept for re-imports. */
export const StructureFixSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('heading'), ...FixKey, kind: PartKindSchema }),
  z.strictObject({ op: z.literal('body'), ...FixKey }),
  z.strictObject({ op: z.literal('merge'), ...FixKey }),
  z.strictObject({ op: z.literal('move'), ...FixKey, to: PartKindSchema }),
  z.strictObject({ op: z.literal('aspect'), ...FixKey, aspect: S(200).nullable() }),
  z.strictObject({
    op: z.literal('split'),
    ...FixKey,
    at: z.string().min(1).max(20),
    k: z.number().int().min(0).max(10_000).optional(),
  }),
  z.strictObject({ op: z.literal('framework'), key: z.literal(''), id: z.string().min(1).max(200) }),
]);

export const MaterialContentSchema = z.strictObject({
  title: S(500),
  preface: S(200_000),
  problems: z
    .array(
      z.strictObject({
        aspect: S(200).nullable(),
        heading: S(2000),
        text: S(200_000),
        points: z.array(S(50_000)).max(LIMITS.material.maxPointsPerProblem),
        examples: z.array(S(50_000)).max(LIMITS.material.maxExamplesPerProblem),
      }),
    )
    .max(LIMITS.material.maxProblems),
  causes: z.array(z.strictObject({ heading: S(2000), text: S(200_000) })).max(LIMITS.material.maxCauses),
  measures: z
    .array(z.strictObject({ heading: S(2000), text: S(200_000), deadline: S(200).nullable() }))
    .max(LIMITS.material.maxMeasures),
  closing: S(50_000),
  /** Lines under the title (date, author). */
  byline: S(2000).optional(),
  /** Part headings as the author wrote them ("对照六个方面存在的问题") and their lead-in paragraphs. */
  parts: z
    .array(z.object({ kind: z.enum(['problems', 'causes', 'measures']), heading: S(200), intro: S(50_000).optional() }))
    .max(3)
    .optional(),
  /** Corrections of the structure the author made in the editor, replayed when the material is imported again. */
  fixes: z.array(StructureFixSchema).max(1000).optional(),
});
