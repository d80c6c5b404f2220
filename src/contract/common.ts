/**
 * The API contract's common pieces. The contract (src/contract/*) is the one description of the HTTP
 * API: zod schemas of every request and response, which the routes use to validate requests and to
 * serialize answers (an answer holds only what its schema declares), which the OpenAPI document is
 * generated from, and whose inferred types the web uses (`import type` only: no zod in the browser).
 * A field renamed here is a compile error in the route that fills it and in the page that reads it.
 *
 * Conventions: one file per resource; request schemas are strict objects (unknown fields are
 * rejected), response schemas plain objects; `XxxSchema` is the schema, `Xxx` its output type; lists
 * answer `{ items }` (and `next` when paged by keyset), never a bare array.
 */
import { z } from 'zod';
import { MATERIAL_KINDS, ROLES } from '../core/auth/policy.js';
import { ERROR_CODES } from '../core/errors.js';
import { isIsoDate } from '../core/meeting/dates.js';

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

/** `{ ok: true }`: the answer of an action that has nothing else to say. */
export const Ok = z.strictObject({ ok: z.literal(true) });
export type OkBody = z.output<typeof Ok>;

/** The body of every error answer (server/errors.ts): a stable code and a Chinese message. */
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.output<typeof ErrorBody>;

/**
 * A file download (.docx, .xlsx, .zip, evidence): documented as binary in the OpenAPI document.
 * The serializer never sees it (fastify sends buffers and streams as they are).
 */
export const Binary = z.string().meta({ format: 'binary', description: '文件（二进制）' });

/** A list answer: `{ items }`. */
export const List = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** A list paged by keyset: `{ items, next }`; `next` is the cursor of the following page, or null at the end. */
export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });
