/**
 * The security headers of every response (CSP, nosniff, frame options, HSTS…), computed once.
 *
 * helmet decides them from its options alone, never from the request; @fastify/helmet nevertheless
 * rebuilt helmet, CSP parsing included, on every request (a tenth of a material read's CPU). Here
 * helmet's own middleware runs once against a recorder, and the recorded headers are set as they are.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet's middleware is synchronous; if a future version were not, fail at start, not silently.
  if (!done || Object.keys(headers).length === 0) throw new Error('helmet did not produce its headers synchronously');
  return Object.freeze(headers);
}

/**
 * The headers of one response, chosen by what the browser can do with them:
 *
 * - Over plain HTTP (an intranet server opened by its address or host name, the phone that scanned
 *   the opinion QR code) the CSP carries no `upgrade-insecure-requests` — it rewrote every script,
 *   style and API call to https://, which such a server does not answer, and the page stayed blank —
 *   and there is no HSTS nor Cross-Origin-Opener-Policy (ignored, with a console error, on an
 *   untrustworthy origin). Over HTTPS — COOKIE_SECURE=1, a TLS socket, or X-Forwarded-Proto: https
 *   from a proxy trusted with TRUST_PROXY=1 — all three are sent.
 * - `script-src` is `'self'` only: no `'unsafe-inline'`. An HTML page's inline start-up scripts
 *   are allowed by their sha256 (scriptHashes), computed from the page as it is served.
 */
export interface SecurityHeaderPolicy {
  /** Whether the request reached us over HTTPS (directly, or through a trusted proxy). */
  isHttps(req: FastifyRequest): boolean;
  /** Every header for a response; `scriptHashes` (CSP sources such as `'sha256-…'`) for an HTML page. */
  headersFor(req: FastifyRequest, scriptHashes?: readonly string[]): Readonly<Record<string, string>>;
}

export function securityHeaderPolicy(opts: { cookieSecure: boolean }): SecurityHeaderPolicy {
  const build = (https: boolean, scriptHashes: readonly string[]) =>
    securityHeaders({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", ...scriptHashes], 'upgrade-insecure-requests': https ? [] : null },
      },
      strictTransportSecurity: https ? undefined : false,
      crossOriginOpenerPolicy: https ? undefined : false,
      crossOriginEmbedderPolicy: false,
    });
  const plain = build(false, []);
  const secure = build(true, []);
  // One entry per (scheme, page version): a front end rebuilt while the server runs adds one.
  const pages = new Map<string, Readonly<Record<string, string>>>();
  const isHttps = (req: FastifyRequest) => opts.cookieSecure || req.protocol === 'https';
  return {
    isHttps,
    headersFor(req, scriptHashes) {
      const https = isHttps(req);
      if (!scriptHashes?.length) return https ? secure : plain;
      const key = `${https ? 's' : 'p'} ${scriptHashes.join(' ')}`;
      let h = pages.get(key);
      if (!h) {
        if (pages.size >= 32) pages.clear();
        pages.set(key, (h = build(https, scriptHashes)));
      }
      return h;
    },
  };
}

/**
 * The CSP sources (`'sha256-…'`) of an HTML page's inline scripts: each `<script>` without `src`,
 * hashed over its exact text as the browser does.
 */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    const h = `'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`;
    if (!out.includes(h)) out.push(h);
  }
  return out;
}
