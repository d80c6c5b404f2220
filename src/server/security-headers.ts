/**
 * The security headers of every response (CSP, nosniff, frame options, HSTS…), computed once.
 *
 * helmet decides them from its options alone, never from the request; @fastify/helmet nevertheless
 * rebuilt helmet, CSP parsing included, on every request (a tenth of a material read's CPU). Here
 * helmet's own middleware runs once against a recorder, and the recorded headers are set as they are.
 */
import helmet, { type HelmetOptions } from 'helmet';

export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
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
