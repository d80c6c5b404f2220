/** The audit log and the check of its hash chain (routes/audit; system administrators). */
import { z } from 'zod';

export const AuditQuerySchema = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
});

/** One entry of the chain: what was done to what, with digests of before/after and the links. */
export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.output<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });
export type AuditList = z.output<typeof AuditListSchema>;

/** GET /api/audit/verify: the chain, and this machine's checkpoints when it keeps a checkpoint file. */
export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  count: z.number(),
  /** The first entry whose link does not hold. */
  firstBroken: z.object({ seq: z.number(), reason: z.string() }).optional(),
  checkpoints: z
    .object({
      checked: z.number(),
      /** The first checkpoint the database no longer matches. */
      failed: z
        .object({
          kind: z.enum(['truncated', 'rewritten']),
          count: z.number(),
          at: z.string(),
          goodUpTo: z.number(),
          message: z.string(),
        })
        .optional(),
    })
    .optional(),
  /** The checkpoint file could not be read (why). */
  checkpointError: z.string().optional(),
});
export type AuditVerify = z.output<typeof AuditVerifySchema>;
