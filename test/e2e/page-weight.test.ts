/**
 * What a page costs to open, and what heavy work shows while it runs — in Chromium, against the
 * demo server opened by a host name over plain HTTP (the intranet deployment):
 * - the built front end is sent compressed (brotli or gzip by Accept-Encoding, Vary, a body a
 *   fraction of the file), the page works from it, and index.html keeps its CSP script hashes;
 * - the anonymous opinion form (/o#token, opened from a QR code) is a page of its own: at most
 *   100 KB on the wire, none of the application's files, no cookie, and an opinion goes through;
 * - the editor's checks panel says 检查中 — never 未发现需要注意的问题 — until the checks have answered;
 * - a file with more items than a material may hold is refused at import with the numbers, not
 *   accepted and then impossible to save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import {
  DEMO_PASSWORD,
  ROOT,
  launchBrowser,
  login,
  newContext,
  poll,
  shooter,
  startServer,
  watchErrors,
  type Server,
} from './harness.js';

const HOST = 'jianshi.test';
const shot = shooter('page-weight');
const DIST = join(ROOT, 'web', 'dist');
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The application's own files, as index.html names them (entry script and stylesheet). */
function appFiles(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
}

/** A raw GET (no decoding), with the headers given. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = httpRequest(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('page weight and honest progress', () => {
  let server: Server;
  let browser: Browser;
  let base = '';
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
    base = `http://${HOST}:${server.port}`;
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  async function freshPage(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
    const ctx = await newContext(browser, base, { width: 1440, height: 900 });
    contexts.push(ctx);
    const page = await ctx.newPage();
    return { ctx, page, errors: watchErrors(page) };
  }

  it('sends the front end compressed by Accept-Encoding, with Vary, and the page works from it', async () => {
    const { page, errors } = await freshPage();
    const assets: Response[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push(r);
    });
    await page.goto('/login');
    await page.getByLabel('用户名').waitFor();
    const [entryJs, css] = [appFiles().find((f) => f.endsWith('.js'))!, appFiles().find((f) => f.endsWith('.css'))!];
    for (const file of [entryJs, css]) {
      const r = assets.find((a) => a.url().endsWith(`/${file}`));
      expect(r, file).toBeDefined();
      const h = await r!.allHeaders();
      expect(['br', 'gzip'], file).toContain(h['content-encoding']);
      expect(h['vary'], file).toMatch(/accept-encoding/i);
      expect(h['cache-control'], file).toBe('public, max-age=31536000, immutable');
      // What travelled: a fraction of the file on disk (986 KB of CSS, 800 KB of JS).
      const onDisk = readFileSync(join(DIST, file)).length;
      const sent = (await r!.request().sizes()).responseBodySize;
      expect(sent, file).toBeLessThan(onDisk / 3);
    }
    expect(errors).toEqual([]);

    // Every variant, byte for byte: brotli, gzip, and the file itself when neither is accepted.
    const url = `http://127.0.0.1:${server.port}/${entryJs}`;
    const file = readFileSync(join(DIST, entryJs));
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect([br.status, br.headers['content-encoding'], br.headers['content-type']]).toEqual([
      200,
      'br',
      'text/javascript; charset=utf-8',
    ]);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(file)).toBe(true);
    for (const ae of ['', 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const id = await rawGet(url, ae ? { 'accept-encoding': ae } : {});
      expect(id.headers['content-encoding'], ae).toBeUndefined();
      expect(id.headers['vary'], ae).toMatch(/accept-encoding/i);
      expect(id.body.equals(file), ae).toBe(true);
    }

    // The page itself, compressed, still carries the hashes of its inline scripts in its CSP.
    const page1 = await rawGet(`http://127.0.0.1:${server.port}/login`, { 'accept-encoding': 'gzip' });
    expect(page1.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(page1.body).toString('utf8');
    const csp = String(page1.headers['content-security-policy']);
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const code of inline)
      expect(csp).toContain(`'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
    expect(/script-src ([^;]*)/.exec(csp)![1]).not.toContain('unsafe-inline');
  }, 120_000);

  it('the opinion form is a page of its own: ≤ 100 KB, none of the application, no cookie, and it works', async () => {
    // The secretary opens a collection (over the API: the page that does it has its own tests).
    const loginRes = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'login' },
      body: JSON.stringify({ username: 'liming', password: DEMO_PASSWORD }),
    });
    const cookie = loginRes.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await loginRes.json()) as { csrfToken: string };
    const h = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const get = async <T>(u: string) => (await (await fetch(`${server.url}${u}`, { headers: h })).json()) as T;
    const orgs = (await get<{ items: { id: string; name: string }[] }>('/api/orgs')).items;
    const people = (await get<{ items: { id: string; name: string }[] }>('/api/people')).items;
    const pid = (n: string) => people.find((p) => p.name === n)!.id;
    const created = await fetch(`${server.url}/api/meetings`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({
        orgId: orgs.find((o) => o.name === '第一党支部')!.id,
        kind: '组织生活会',
        year: 2026,
        theme: '页面体积测试会议',
        frameworkId: '2023-theme-education',
        heldOn: TODAY,
        participants: [
          { personId: pid('李明'), role: 'secretary' },
          { personId: pid('刘洋'), role: 'member' },
          { personId: pid('王建国'), role: 'member' },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const mb = (await created.json()) as { id: string; meeting?: { id: string } };
    const meetingId = (mb.meeting ?? mb).id;
    const opened = await fetch(`${server.url}/api/meetings/${meetingId}/opinion-collections`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ baseUrl: base }),
    });
    expect(opened.status).toBe(201);
    const { token } = (await opened.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The phone: a fresh browser (and one with the secretary's session cookie: none is sent).
    const { ctx, page, errors } = await freshPage();
    await ctx.addCookies([{ name: cookie.split('=')[0], value: cookie.split('=').slice(1).join('='), url: base }]);
    const requests: { url: string; cookie?: string }[] = [];
    const sizes: Promise<number>[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), cookie: r.headers()['cookie'] }));
    page.on('requestfinished', (r) =>
      sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize + s.requestHeadersSize)),
    );
    await page.goto(`/o#${token}`);
    await page.getByTestId('anonymity-notice').waitFor();
    expect(await page.getByTestId('anonymity-notice').innerText()).toContain('不记录您的账号');
    await poll(() => page.locator('body').innerText()).toContain('第一党支部即将召开2026年度组织生活会');
    // What it took to show the form: at most 100 KB, and nothing of the application.
    const app = appFiles();
    expect(app.length).toBeGreaterThanOrEqual(2);
    const loaded = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThanOrEqual(100 * 1024);
    expect(requests.filter((r) => app.some((f) => r.url.endsWith(`/${f}`)))).toEqual([]);
    await page.getByTestId('opinion-line').getByText('刘洋', { exact: true }).click();
    await page.getByLabel('第1条的类别').selectOption('理论学习');
    await page.getByLabel('第1条意见内容').fill('学习笔记摘抄多，联系岗位实际思考少');
    await shot(page, 'opinion-form');
    await page.getByTestId('submit-opinions').click();
    await poll(() => page.getByText('已收到您的1条意见建议').count()).toBe(1);
    await shot(page, 'opinion-sent');

    // And with the opinion sent.
    expect((await Promise.all(sizes)).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100 * 1024);
    for (const r of requests) {
      expect(r.url.startsWith(`${base}/`), r.url).toBe(true);
      expect(
        app.some((f) => r.url.endsWith(`/${f}`)),
        r.url,
      ).toBe(false);
      if (r.url.includes('/api/')) expect(r.cookie, r.url).toBeUndefined();
      expect(r.url, 'the token never travels in a URL').not.toContain(token);
    }
    expect(requests.filter((r) => r.url.includes('/api/public/')).length).toBeGreaterThanOrEqual(2);
    expect(requests.some((r) => r.url.includes('/api/auth/'))).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);

  /** Logs in over the API (the browser's cache stays cold); the session cookie and CSRF token. */
  async function apiLogin(username: string) {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'login' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const raw = r.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    const i = raw.indexOf('=');
    return { name: raw.slice(0, i), value: raw.slice(i + 1), header: raw, csrfToken };
  }

  /**
   * What the browser downloads until the page is ready — every response's encodedDataLength (the
   * compressed body and the headers) from the Network events of the DevTools protocol, up to the
   * moment the page shows its content — on a fresh profile (cold cache) and a 10 Mbit/s, 40 ms line.
   */
  async function bytesUntilReady(cookie: { name: string; value: string }, path: string, ready: string) {
    const ctx = await newContext(browser, base, { width: 1440, height: 900 });
    contexts.push(ctx);
    await ctx.addCookies([{ name: cookie.name, value: cookie.value, url: base }]);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 40,
      downloadThroughput: 10_000_000 / 8,
      uploadThroughput: 10_000_000 / 8,
    });
    const urls = new Map<string, string>();
    const got: { url: string; bytes: number }[] = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) =>
      got.push({ url: urls.get(e.requestId) ?? '', bytes: e.encodedDataLength }),
    );
    let atReady: typeof got | null = null;
    await page.exposeBinding('__pageReady', () => {
      atReady ??= [...got];
    });
    // Checked every frame from the document's first script on (an init script: CSP does not apply).
    await page.addInitScript({
      content: `(function () { var f = function () { try { if (${ready}) { window.__pageReady(); return; } } catch (e) {} requestAnimationFrame(f); }; requestAnimationFrame(f); })();`,
    });
    await page.goto(path, { waitUntil: 'commit' });
    await poll(() => atReady !== null, 60_000).toBe(true);
    expect(errors).toEqual([]);
    const list = atReady!;
    return { kb: list.reduce((n, x) => n + x.bytes, 0) / 1024, list, page };
  }

  let materialId = '';
  it('the checks panel says 检查中 until the checks answer, never the all-clear before', async () => {
    const { ctx, page, errors } = await freshPage();
    await login(page, 'liuyang');
    materialId = await page.evaluate(async () => {
      const get = async <T>(u: string) => (await (await fetch(u)).json()) as T;
      const me = await get<{ csrfToken: string }>('/api/auth/me');
      const meetings = (await get<{ items: { id: string; kind: string }[] }>('/api/meetings')).items;
      const r = await fetch('/api/materials', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({
          meetingId: meetings.find((m) => m.kind === '组织生活会')!.id,
          kind: 'member',
          text: '对照检查材料\n一、存在的问题\n（一）理论学习方面。学习不够深入，满足于读原文。\n二、原因剖析\n（一）理想信念有所淡漠。\n三、整改措施\n（一）加强理论学习。2026年6月底前完成。',
        }),
      });
      if (r.status !== 201) throw new Error(`material not created: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { id: string }).id;
    });
    // The checks' worker is held back until the panel has been looked at: as a slow machine or a
    // very large material holds it back.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await ctx.route('**/assets/checks.worker-*', async (route) => {
      await held;
      await route.continue();
    });
    // Everything the page ever shows before the checks' first answer, including what is committed
    // to the document for a moment and replaced before the next frame.
    await page.addInitScript({
      content: `window.__allClearEarly = false;
        new MutationObserver(function () {
          if (!performance.getEntriesByName('checks-ready').length && document.body &&
              document.body.textContent.indexOf('未发现需要注意的问题') >= 0) window.__allClearEarly = true;
        }).observe(document, { subtree: true, childList: true, characterData: true });`,
    });
    await page.goto(`/materials/${materialId}`);
    await page.getByTestId('item-problems-0').waitFor();
    const panel = page.getByTestId('checks');
    await panel.waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate('window.__allClearEarly'), 'the all-clear was shown before the checks ran').toBe(false);
    expect(await panel.innerText()).toContain('检查中');
    expect(await panel.innerText()).not.toContain('未发现需要注意的问题');
    await shot(page, 'checks-pending');
    release();
    await poll(() => panel.innerText()).not.toContain('检查中');
    await poll(() => page.evaluate(`performance.getEntriesByName('checks-ready').length`)).toBeGreaterThan(0);
    expect(await page.evaluate('window.__allClearEarly')).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a file with more measures than a material may hold is refused at import, with the numbers', async () => {
    expect(materialId).not.toBe('');
    const { page, errors } = await freshPage();
    await login(page, 'liuyang');
    await page.goto(`/materials/${materialId}`);
    await page.getByTestId('item-problems-0').waitFor();
    // Forty-eight materials in one file: each one's measures follow the last, 710 in all.
    const sample = readFileSync(join(ROOT, 'test', 'fixtures', 'sample-2023.txt'), 'utf8');
    const text = Array.from({ length: 48 }, (_, i) => sample.replace(/学习/g, `学习${i}`)).join('\n');
    await page.getByRole('button', { name: '导入文件' }).click();
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: '合订本.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    const alert = page.locator('.ant-modal').getByRole('alert');
    await poll(() => alert.count(), 60_000).toBeGreaterThan(0);
    const msg = await alert.innerText();
    expect(msg).toContain('整改措施');
    expect(msg).toContain('710');
    expect(msg).toContain('100');
    await shot(page, 'import-refused');
    // Nothing was stored: the material is still at its first version.
    const v = await page.evaluate(`fetch('/api/materials/${materialId}').then((r) => r.json()).then((m) => m.version)`);
    expect(v).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);
  it('the secretary’s home and the editor are ready after at most 400 KB (measured in the browser)', async () => {
    const secretary = await apiLogin('liming');
    const author = await apiLogin('liuyang');
    // The author's material of the checks test above (the code, not the material, is most of the weight).
    expect(materialId).not.toBe('');
    const id = materialId;
    const home = await bytesUntilReady(
      secretary,
      '/',
      `(() => { const e = document.querySelector('[data-testid="tasks"], [data-testid="meeting-progress"]'); return !!e && e.textContent.trim().length > 0; })()`,
    );
    const editor = await bytesUntilReady(
      author,
      `/materials/${id}`,
      `(() => { const t = document.querySelector('[data-testid="item-problems-0"] textarea'); return !!t && t.value.length > 0; })()`,
    );
    const show = (r: { list: { url: string; bytes: number }[] }) =>
      r.list.map((x) => `${(x.bytes / 1024).toFixed(1)} KB ${new URL(x.url).pathname}`).join('\n');
    // The application's code was among what came (not a page served from somewhere else).
    for (const r of [home, editor]) expect(r.list.some((x) => /\/assets\/index-[^/]+\.js$/.test(x.url))).toBe(true);
    expect(home.kb, show(home)).toBeLessThanOrEqual(400);
    expect(editor.kb, show(editor)).toBeLessThanOrEqual(400);
    // And the pages work: the editor's month picker and 方面 choice arrive after the page showed.
    const ed = editor.page;
    await ed.getByLabel('措施1完成时限').click();
    await poll(() => ed.locator('.ant-picker-dropdown').count()).toBeGreaterThan(0);
    await ed.keyboard.press('Escape');
    await poll(() => ed.locator('.ant-select').count()).toBeGreaterThan(0);
  }, 180_000);
});
