/** The built front end served by the API's own server: SPA fallback, assets built after start, caching. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './harness.js';

describe('the front end on the same port', () => {
  let t: TestApp;
  const dist = mkdtempSync(join(tmpdir(), 'jianshi-dist-'));
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>检视</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-aaaa.js'), 'console.log(1)');
    t = await startTestApp('sqlite', { webDist: dist });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html for any page of the app, never for an API route or a missing asset', async () => {
    const page = await t.anon().get('/materials/123/review');
    expect([page.status, String(page.raw.body)]).toEqual([200, expect.stringContaining('<div id="root">')]);
    expect(page.headers['cache-control']).toBe('no-cache');
    const api = await t.anon().get('/api/nope');
    expect([api.status, api.body.code]).toEqual([404, 'E_NOT_FOUND']);
    expect((await t.anon().get('/assets/missing-bbbb.js')).status).toBe(404);
  });

  it('sends the security headers on pages, API answers and errors alike', async () => {
    for (const path of ['/', '/materials/123', '/api/health', '/api/nope', '/assets/index-aaaa.js']) {
      const r = await t.anon().get(path);
      const csp = String(r.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['x-frame-options'], path).toBe('SAMEORIGIN');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      expect(r.headers['x-powered-by'], path).toBeUndefined();
      // API answers are never stored by a browser or a proxy.
      if (path.startsWith('/api/')) expect(r.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('serves hashed assets with a long cache, including ones built after the server started', async () => {
    const a = await t.anon().get('/assets/index-aaaa.js');
    expect([a.status, a.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    writeFileSync(join(dist, 'assets', 'index-cccc.js'), 'console.log(2)');
    const b = await t.anon().get('/assets/index-cccc.js');
    expect([b.status, String(b.raw.body)]).toEqual([200, 'console.log(2)']);
    expect(String(a.headers['content-type'])).toMatch(/^text\/javascript/);
    // Only names inside assets/: no way out of it.
    for (const p of ['/assets/..%2Findex.html', '/assets/..%2F..%2Fpackage.json', '/assets/.hidden'])
      expect((await t.anon().get(p)).status, p).toBe(404);
  });
});
