/** Zod schemas shared by several routes. Objects are strict: unknown fields are rejected. */
import { z } from 'zod';
import { MATERIAL_KINDS, ROLES } from '../../core/auth/policy.js';
import { ERROR_CODES } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';
import { isIsoDate } from '../../core/meeting/dates.js';

export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });
/**
 * The one schema of a calendar date (`YYYY-MM-DD`) in every route: a date that exists — 2024-02-29
 * yes; 2023-02-29, 2024-13-45, 9999-99-99 no. Its failures answer E_BAD_DATE (server/errors.ts
 * recognises the message), so a client can tell a bad date from other validation problems.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, ERROR_CODES.E_BAD_DATE)
  .refine(isIsoDate, ERROR_CODES.E_BAD_DATE);
export const DateStr = IsoDate;
/** A moment (2024-05-31T08:00:00.000Z, as the web app sends them) whose date is a real calendar date. */
export const IsoDateTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/, ERROR_CODES.E_BAD_DATE)
  .refine((s) => isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), ERROR_CODES.E_BAD_DATE);
export const Role = z.enum(ROLES);
export const MaterialKindSchema = z.enum(MATERIAL_KINDS);
export const Ok = z.strictObject({ ok: z.literal(true) });

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

export const STAGES = ['opinions', 'talks', 'materials', 'review', 'meeting', 'report', 'rectification'] as const;
export const StageSchema = z.strictObject({
  stage: z.enum(STAGES),
  startOn: DateStr.nullable().default(null),
  dueOn: DateStr.nullable().default(null),
  doneAt: IsoDateTime.nullable().default(null),
});
export const ParticipantSchema = z.strictObject({
  personId: Id,
  role: z.enum(['secretary', 'leader', 'member', 'recorder', 'supervisor', 'attendee']),
});
