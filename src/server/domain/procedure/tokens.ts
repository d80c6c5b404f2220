/**
 * The public opinion link: `/o#<token>` with a 256-bit token — derived from a random nonce and the
 * link key kept outside the database (link-key.ts), or random when there is no key. Only
 * SHA-256("opinion:"+token) is stored (HMAC keyed by SESSION_SECRET when that is set:
 * auth/tokens.ts), so a copy of the database cannot be used to submit, and the token cannot be
 * recovered from it; the printed QR code is the credential (rotate the link to revoke).
 */
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../auth/tokens.js';

export const newOpinionToken = (): string => randomBytes(32).toString('base64url');

export function opinionTokenHash(key: string | undefined, token: string): string {
  return hashToken(key, 'opinion', token);
}

/**
 * The public form's address in the web app. The token is in the URL *fragment*: browsers never
 * send a fragment to the server, so it appears in no access log (ours or a proxy's) and in no
 * Referer header; the page reads it and posts it in the request body.
 */
export const opinionPath = (token: string): string => `/o#${token}`;

export const isTokenShaped = (t: unknown): t is string => typeof t === 'string' && /^[A-Za-z0-9_-]{32,64}$/.test(t);
