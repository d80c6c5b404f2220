/** Zod schemas shared by several routes. Objects are strict: unknown fields are rejected. */
import { z } from 'zod';
import { MATERIAL_KINDS, ROLES } from '../../core/auth/policy.js';

export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });
export const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD');
export const Role = z.enum(ROLES);
export const MaterialKindSchema = z.enum(MATERIAL_KINDS);
export const Ok = z.strictObject({ ok: z.literal(true) });

const S = (max: number) => z.string().max(max);
export const MaterialContentSchema = z.strictObject({
  title: S(500),
  preface: S(200_000),
  problems: z.array(z.strictObject({ aspect: S(200).nullable(), heading: S(2000), text: S(200_000), points: z.array(S(50_000)).max(200), examples: z.array(S(50_000)).max(200) })).max(100),
  causes: z.array(z.strictObject({ heading: S(2000), text: S(200_000) })).max(100),
  measures: z.array(z.strictObject({ heading: S(2000), text: S(200_000), deadline: S(200).nullable() })).max(100),
  closing: S(50_000),
  /** Lines under the title (date, author). */
  byline: S(2000).optional(),
  /** Part headings as the author wrote them ("对照六个方面存在的问题") and their lead-in paragraphs. */
  parts: z.array(z.object({ kind: z.enum(['problems', 'causes', 'measures']), heading: S(200), intro: S(50_000).optional() })).max(3).optional(),
});

export const STAGES = ['opinions', 'talks', 'materials', 'review', 'meeting', 'report', 'rectification'] as const;
export const StageSchema = z.strictObject({ stage: z.enum(STAGES), startOn: DateStr.nullable().default(null), dueOn: DateStr.nullable().default(null), doneAt: z.string().max(40).nullable().default(null) });
export const ParticipantSchema = z.strictObject({ personId: Id, role: z.enum(['secretary', 'leader', 'member', 'recorder', 'supervisor', 'attendee']) });
