import { randomUUID } from 'node:crypto';
import { JianshiError } from '../../core/errors.js';

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

export function parseJson<T>(s: string | null): T | null {
  return s === null ? null : (JSON.parse(s) as T);
}

/** Kysely returns affected-row counts as bigint on both dialects. */
export function affected(
  r: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | { numUpdatedRows: bigint }[],
): number {
  const x = Array.isArray(r) ? r[0] : r;
  return Number(
    (x as { numUpdatedRows?: bigint }).numUpdatedRows ?? (x as { numDeletedRows?: bigint }).numDeletedRows ?? 0,
  );
}

export function notFound(what: string): JianshiError {
  return new JianshiError('E_NOT_FOUND', `未找到${what}。`);
}

/** Unique-constraint violations look different on the two databases. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}

export function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string };
  return err?.code === '23503' || err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
