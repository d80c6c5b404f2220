/**
 * Session tokens, CSRF tokens and the hashes under which random tokens are stored.
 *
 * Every credential the server hands out (session cookie, invitation / reset link, opinion link) is
 * a random 256-bit token; the database keeps only a one-way hash of it. Nothing in the database is
 * a key: the hash is plain SHA-256 (of the token with a purpose prefix), which for a 256-bit random
 * token is as strong as a keyed hash, so a copy of the database or a backup yields no token and
 * nothing to compute one from. When `SESSION_SECRET` is set (it lives in the environment, never in
 * the database) it keys the hash (HMAC-SHA256) as an extra pepper; deployments that set it keep
 * their sessions and opinion links across the upgrade that dropped the database-kept secret.
 *
 * The CSRF token is derived from the session token itself (hash of "csrf:"+token): the server
 * recomputes it from the cookie on every request (no state), the client gets it from the login
 * response or GET /api/auth/me and sends it back as `X-CSRF-Token` (see docs/SCHEMA.md § Security).
 * The stored session hash ("sid:"+token) does not give it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'jianshi_sid';
export const CSRF_HEADER = 'x-csrf-token';

/** A random 256-bit token (43 characters, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The one-way hash of a random token for one purpose; `key`: SESSION_SECRET, or '' (none). */
export function hashToken(
  key: string | undefined,
  purpose: string,
  token: string,
  encoding: 'hex' | 'base64url' = 'hex',
): string {
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(`${purpose}:${token}`).digest(encoding);
}

/** What `sessions.token_hash` holds for a cookie token. */
export function tokenHash(key: string | undefined, token: string): string {
  return hashToken(key, 'sid', token);
}

/** The CSRF token of a session: derived from the cookie token alone (no stored secret). */
export function csrfToken(key: string | undefined, token: string): string {
  return hashToken(key, 'csrf', token, 'base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
