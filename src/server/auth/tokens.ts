/**
 * Session tokens and CSRF tokens.
 *
 * The cookie carries a random 256-bit token; the database stores only HMAC(secret, token), so a
 * copy of the database does not let anyone log in. The CSRF token is HMAC(secret, "csrf:"+token):
 * the server recomputes it from the cookie on every request (no state), and the client gets it
 * from the login response or GET /api/auth/me and sends it back as the `X-CSRF-Token` header on
 * every state-changing request (see docs/SCHEMA.md § Security).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'jianshi_sid';
export const CSRF_HEADER = 'x-csrf-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`sid:${token}`).digest('hex');
}

export function csrfToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`csrf:${token}`).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
