/**
 * Canonical JSON and SHA-256 digests: the audit log records digests of before/after states,
 * and material versions carry the digest of their content, so equal content ⇔ equal digest.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Digest of any JSON-able value; null stays null (nothing before a create, nothing after a delete). */
export function digestOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return sha256Hex(canonicalJson(value));
}
