/** Frameworks (aspect sets, 检视框架): the built-in ones of the core and those organizations define (routes/frameworks). */
import { z } from 'zod';
import { Id } from './common.js';
import { MEETING_KINDS } from '../core/meeting/kinds.js';

export const FrameworkCreateSchema = z.strictObject({
  orgId: Id,
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  year: z.number().int().min(1921).max(2100).nullable().optional(),
  aspects: z
    .array(
      z.strictObject({
        id: z.string().max(64).optional(),
        name: z.string().min(1).max(200),
        aliases: z.array(z.string().max(50)).max(30).optional(),
      }),
    )
    .min(1)
    .max(20),
});
export type FrameworkCreate = z.input<typeof FrameworkCreateSchema>;

export const AspectSchema = z.object({ id: z.string(), name: z.string(), aliases: z.array(z.string()) });

/** A framework (core/frameworks/framework.ts). */
export const FrameworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().nullable(),
  source: z.string(),
  /** True when only some aspects are known (the rest come from the year's notice). */
  partial: z.boolean().optional(),
  /** Words in a title that point at this framework ("主题教育", "党史学习教育"). */
  keywords: z.array(z.string()).optional(),
  /** The meetings it is for (民主生活会, 组织生活会); absent: any. */
  meetings: z.array(z.enum(MEETING_KINDS).exclude(['专题'])).optional(),
  aspects: z.array(AspectSchema),
});
export type Framework = z.output<typeof FrameworkSchema>;

/** A framework in the list: built in, or defined by an organization. */
export const ListedFrameworkSchema = FrameworkSchema.extend({ builtin: z.boolean(), orgId: z.string().nullable() });
export type ListedFramework = z.output<typeof ListedFrameworkSchema>;
export const FrameworkListSchema = z.object({ items: z.array(ListedFrameworkSchema) });
export type FrameworkList = z.output<typeof FrameworkListSchema>;
