/** The built front end served by the API's own server: SPA fallback, assets built after start, caching. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './harness.js';
import { pickEncoding } from '../../src/server/static.js';

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

  it("sends a file's brotli or gzip copy by Accept-Encoding (q-values honoured), with Vary; the file itself otherwise", async () => {
    const js = 'export const text = "' + '检视'.repeat(2000) + '";\n';
    writeFileSync(join(dist, 'assets', 'big-dddd.js'), js);
    writeFileSync(join(dist, 'assets', 'big-dddd.js.br'), brotliCompressSync(js));
    writeFileSync(join(dist, 'assets', 'big-dddd.js.gz'), gzipSync(js));
    const cases: [string | undefined, string | undefined][] = [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', undefined],
      ['gzip;q=0, br;q=0', undefined],
      [undefined, undefined],
    ];
    for (const [ae, coding] of cases) {
      const r = await t.anon().get('/assets/big-dddd.js', ae === undefined ? {} : { 'accept-encoding': ae });
      expect([r.status, r.headers['content-encoding']], String(ae)).toEqual([200, coding]);
      expect(r.headers['vary'], String(ae)).toBe('Accept-Encoding');
      expect(String(r.headers['content-type']), String(ae)).toMatch(/^text\/javascript/);
      expect(Number(r.headers['content-length']), String(ae)).toBe(r.raw.rawPayload.length);
      expect(r.body, String(ae)).toBe(js);
      if (coding) expect(r.raw.rawPayload.length, String(ae)).toBeLessThan(Buffer.byteLength(js) / 5);
    }
    // The copies themselves are not files of the site.
    expect((await t.anon().get('/assets/big-dddd.js.br')).status).toBe(404);
    expect(pickEncoding('GZIP;q=0.5, BR;q=0.1', new Set(['gzip']))).toBe('gzip');
    expect(pickEncoding('br', new Set())).toBeNull();
  });
});
