/**
 * A deployment opened over plain HTTP (its LAN address or host name, the phone
 * that scanned the opinion QR code) must work. The CSP used to carry `upgrade-insecure-requests`
 * on every response, which rewrote every asset and API call to https:// (a blank page), and allowed
 * inline scripts with 'unsafe-inline'. Now: plain HTTP gets neither upgrade-insecure-requests nor
 * HSTS; HTTPS (COOKIE_SECURE=1, or X-Forwarded-Proto: https from a proxy trusted with
 * TRUST_PROXY=1) gets both; every HTML page allows exactly its own inline scripts by hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

const BOOT = 'window.__early = 1; // 启动脚本';
const PRELOAD = '(function(){var l=document.createElement("link");l.rel="modulepreload";})();';
const INDEX = `<!doctype html><html><head><title>检视</title><script>${BOOT}</script>\n<script>${PRELOAD}</script><script type="module" crossorigin src="/assets/index-aaaa.js"></script></head><body><div id="root"></div></body></html>`;
const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const PAGES = ['/', '/index.html', '/o', '/invite', '/materials/123/review', '/login'];
const OTHER = ['/api/health', '/api/nope', '/assets/index-aaaa.js'];

function scriptSrc(csp: string): string[] {
  return (/(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '').trim().split(/\s+/);
}

describe('security headers over plain HTTP and over HTTPS', () => {
  const dist = mkdtempSync(join(tmpdir(), 'jianshi-dist-'));
  const apps: TestApp[] = [];
  let plain: TestApp, secure: TestApp, proxied: TestApp, fallback: TestApp;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-aaaa.js'), 'console.log(1)');
    apps.push((plain = await startTestApp('sqlite', { webDist: dist })));
    apps.push((secure = await startTestApp('sqlite', { webDist: dist, cookieSecure: true })));
    apps.push((proxied = await startTestApp('sqlite', { webDist: dist, trustProxy: true })));
    apps.push((fallback = await startTestApp('sqlite', { webDist: join(dist, 'missing') })));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('plain HTTP: no upgrade-insecure-requests and no HSTS on any response, even with a forged X-Forwarded-Proto', async () => {
    for (const path of [...PAGES, ...OTHER]) {
      for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
        const r = await plain.anon().get(path, headers);
        const csp = String(r.headers['content-security-policy']);
        expect(csp, path).toContain("default-src 'self'");
        expect(csp, path).not.toContain('upgrade-insecure-requests');
        expect(r.headers['strict-transport-security'], path).toBeUndefined();
      }
    }
  });

  it('HTTPS (COOKIE_SECURE=1, or X-Forwarded-Proto: https behind TRUST_PROXY=1): upgrade-insecure-requests and HSTS', async () => {
    for (const path of [...PAGES, ...OTHER]) {
      for (const r of [
        await secure.anon().get(path),
        await proxied.anon().get(path, { 'x-forwarded-proto': 'https' }),
      ]) {
        expect(String(r.headers['content-security-policy']), path).toContain('upgrade-insecure-requests');
        expect(String(r.headers['strict-transport-security']), path).toMatch(/max-age=\d{7,}/);
      }
      // Behind the trusted proxy, a request that came in over http stays plain.
      const http = await proxied.anon().get(path, { 'x-forwarded-proto': 'http' });
      expect(String(http.headers['content-security-policy']), path).not.toContain('upgrade-insecure-requests');
      expect(http.headers['strict-transport-security'], path).toBeUndefined();
    }
  });

  it("no 'unsafe-inline' scripts: every HTML page allows exactly its inline scripts by sha256", async () => {
    for (const app of [plain, secure]) {
      for (const path of PAGES) {
        const r = await app.anon().get(path);
        expect([path, r.status]).toEqual([path, 200]);
        expect(String(r.raw.body), path).toContain('<div id="root">');
        const src = scriptSrc(String(r.headers['content-security-policy']));
        expect(src, path).not.toContain("'unsafe-inline'");
        expect(src.sort(), path).toEqual(["'self'", sha(BOOT), sha(PRELOAD)].sort());
      }
      for (const path of OTHER) {
        const r = await app.anon().get(path);
        expect(scriptSrc(String(r.headers['content-security-policy'])), path).toEqual(["'self'"]);
      }
    }
    // A front end rebuilt while the server runs: the new page's scripts, not the old ones.
    writeFileSync(join(dist, 'index.html'), INDEX.replace(BOOT, `${BOOT} // v2`));
    const r = await plain.anon().get('/o');
    expect(scriptSrc(String(r.headers['content-security-policy']))).toContain(sha(`${BOOT} // v2`));
    expect(scriptSrc(String(r.headers['content-security-policy']))).not.toContain(sha(BOOT));
    writeFileSync(join(dist, 'index.html'), INDEX);
  });

  it('the minimal login page (front end not built) allows its own inline script by hash', async () => {
    const r = await fallback.anon().get('/');
    const body = String(r.raw.body);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(body)![1];
    const src = scriptSrc(String(r.headers['content-security-policy']));
    expect(src).toContain(sha(inline));
    expect(src).not.toContain("'unsafe-inline'");
    expect(String(r.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
  });
});
