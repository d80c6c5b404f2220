/**
 * Web front end benchmark:
 *   1. initial JavaScript, gzipped: the entry script and its modulepreloads in web/dist/index.html
 *      (what the browser must fetch before the first route's own chunk), goal ≤ 300 KB;
 *   2. time until the editor is interactive on localhost (fresh browser context, cold cache):
 *      navigation start → performance mark `editor-interactive`, and → first checks from the
 *      worker (`checks-ready`); baseline in the same run: the login page of the same app, and a
 *      static page with a bare textarea;
 *   3. keystroke latency while editing a ~6,000-character material: per key, keydown → the task
 *      after the input was handled (React's urgent render included), and keydown → the frame after
 *      it was painted; baseline in the same run: a bare <textarea> holding the same 6,000 characters.
 *   4. page readiness on throttled lines (Chromium DevTools Protocol Network.emulateNetworkConditions,
 *      cold cache, the server opened by a host name — jianshi.test, mapped to 127.0.0.1 — over plain
 *      HTTP as on an intranet): time from navigation start until a meaningful element shows content
 *      (the secretary's home: its task or meeting-progress card with text; the editor: the first
 *      problem's textarea with text; the opinion form: its submit button under the loaded form),
 *      and the bytes that travelled (encodedDataLength of every response: compressed size plus
 *      headers). Targets: home and editor ≤ 2 s on 10 Mbit/s + 40 ms with ≤ 400 KB; the opinion
 *      form ≤ 1.5 s and ≤ 100 KB on 4 Mbit/s + 100 ms.
 * The browser is the tests' headless Chromium (test/e2e/harness.ts), with its WebUI omnibox popup
 * off: Chromium 156 builds that popup for every new window, and on a 2-core machine its ~200
 * chrome:// loads made each cold load up to ~0.5 s slower and its timings erratic.
 * Usage: tsx bench/web/run.ts [--quick] [--throttled [--pages=home,editor] [--requests]].
 * Results: bench/results/web.json (web-throttled.json with --throttled).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchBrowser, newContext, startServer, DEMO_PASSWORD, type Server } from '../../test/e2e/harness.js';

const quick = process.argv.includes('--quick');
/** Only the throttled profiles (part 4): `--throttled`. */
const throttledOnly = process.argv.includes('--throttled');
/** Every response of each throttled load, listed (`--requests`); `--pages=home,editor` picks pages. */
const showRequests = process.argv.includes('--requests');
const onlyPages = process.argv
  .find((a) => a.startsWith('--pages='))
  ?.slice('--pages='.length)
  .split(',');
const HOST = 'jianshi.test';
const LOADS = quick ? 3 : 7;
const KEYS = quick ? 60 : 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- 1. bundle size
function bundle() {
  const dist = join(ROOT, 'web', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const js = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const size = (f: string) => {
    const b = readFileSync(join(dist, f.replace(/^\//, '')));
    return { file: f, raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  };
  const files = [...new Set(js)].map(size);
  const cssFiles = css.map(size);
  const total = files.reduce((n, f) => n + f.gzip, 0);
  return {
    initialJsGzipKB: r1(total / 1024),
    initialJsRawKB: r1(files.reduce((n, f) => n + f.raw, 0) / 1024),
    cssGzipKB: r1(cssFiles.reduce((n, f) => n + f.gzip, 0) / 1024),
    files: files.map((f) => ({ file: f.file, gzipKB: r1(f.gzip / 1024) })),
  };
}

// ---------------------------------------------------------------- helpers in the page
/** Installs the keystroke probe on `selector`; returns after KEYS keys typed one by one. */
async function typeAndMeasure(
  page: Page,
  selector: string,
  keys: number,
): Promise<{ handled: number[]; painted: number[] }> {
  await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    window.__lat = { handled: [], painted: [] };
    el.addEventListener('keydown', () => {
      const t0 = performance.now();
      // A message posted now runs after this key's whole task (keydown, input, React's urgent render).
      const ch = new MessageChannel();
      ch.port1.onmessage = () => window.__lat.handled.push(performance.now() - t0);
      ch.port2.postMessage(0);
      requestAnimationFrame(() => {
        const c2 = new MessageChannel();
        c2.port1.onmessage = () => window.__lat.painted.push(performance.now() - t0);
        c2.port2.postMessage(0);
      });
    }, true);
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  })()`);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < keys; i++) {
    await page.keyboard.press(letters[i % letters.length]);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(300);
  return (await page.evaluate('window.__lat')) as { handled: number[]; painted: number[] };
}

function sixThousand(sample: string): string {
  // The sample (~3,200 characters) with its problems and measures repeated under new headings.
  const lines = sample.split('\n');
  const problemsStart = lines.findIndex((l) => l.startsWith('一、'));
  const causesStart = lines.findIndex((l) => l.startsWith('二、'));
  const extra = lines
    .slice(problemsStart + 1, causesStart)
    .map((l, i) => l.replace(/^（[一二三四五六七八九十]+）/, `（${'七八九十'[i] ?? '十'}）补充`));
  let out = lines.slice(0, causesStart);
  for (
    let k = 0;
    out.join('\n').length + lines.slice(causesStart).join('\n').length < 6000 && k < extra.length * 3;
    k++
  )
    out.push(extra[k % extra.length]);
  return [...out, ...lines.slice(causesStart)].join('\n');
}

// ---------------------------------------------------------------- 4. throttled lines
interface Profile {
  name: string;
  label: string;
  downKbit: number;
  upKbit: number;
  latencyMs: number;
}
const PROFILES: Profile[] = [
  { name: 'office-10M', label: '10 Mbit/s, 40 ms', downKbit: 10_000, upKbit: 10_000, latencyMs: 40 },
  { name: 'phone-4G', label: '4 Mbit/s, 100 ms (a phone on 4G)', downKbit: 4_000, upKbit: 2_000, latencyMs: 100 },
  // A county or township office sharing one ADSL-class line: little bandwidth, a long way to the server.
  { name: 'county-line', label: '2 Mbit/s down, 1 Mbit/s up, 80 ms', downKbit: 2_000, upKbit: 1_000, latencyMs: 80 },
];

/** Ready conditions, checked in the page every animation frame from the first script on. */
const READY: Record<string, string> = {
  home: `(() => { const e = document.querySelector('[data-testid="tasks"], [data-testid="meeting-progress"]'); return !!e && e.textContent.trim().length > 0; })()`,
  editor: `(() => { const t = document.querySelector('[data-testid="item-problems-0"] textarea'); return !!t && t.value.length > 0; })()`,
  opinion: `(() => !!document.querySelector('[data-testid="submit-opinions"]') && !!document.querySelector('[data-testid="anonymity-notice"]'))()`,
};

async function throttledLoad(
  browser: Browser,
  base: string,
  path: string,
  ready: string,
  profile: Profile,
  cookie: { name: string; value: string } | null,
): Promise<{ readyMs: number; bytes: number; bytesAtReady: number; requests: number }> {
  const ctx = await newContext(browser, base, { width: 1440, height: 900 });
  if (cookie) await ctx.addCookies([{ ...cookie, url: base }]);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: (profile.downKbit * 1000) / 8,
    uploadThroughput: (profile.upKbit * 1000) / 8,
  });
  let bytes = 0;
  let requests = 0;
  let last = Date.now();
  const urls = new Map<string, string>();
  const seen: { path: string; kb: number; beforeReady: boolean }[] = [];
  let readyYet = false;
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) =>
    urls.set(e.requestId, e.request.url),
  );
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests++;
    last = Date.now();
    if (showRequests) {
      const u = new URL(urls.get(e.requestId) ?? 'about:blank');
      seen.push({ path: u.pathname, kb: r1(e.encodedDataLength / 1024), beforeReady: !readyYet });
    }
  });
  // Checked every frame from the document's first script on (an init script: CSP does not apply).
  await page.addInitScript({
    content: `(function () { var f = function () { try { if (${ready}) { window.__ready = performance.now(); return; } } catch (e) {} requestAnimationFrame(f); }; requestAnimationFrame(f); })();`,
  });
  await page.goto(path, { waitUntil: 'commit' });
  let readyMs = NaN;
  let bytesAtReady = NaN;
  for (const t0 = Date.now(); Date.now() - t0 < 60_000;) {
    const r = (await page.evaluate('window.__ready || 0').catch(() => 0)) as number;
    if (r) {
      readyMs = r;
      bytesAtReady = bytes;
      readyYet = true;
      break;
    }
    await new Promise((res) => setTimeout(res, 20));
  }
  // Whatever else the page fetches by itself (the rest of its first data, the checks' worker).
  for (const t0 = Date.now(); Date.now() - last < 1500 && Date.now() - t0 < 20_000;)
    await new Promise((res) => setTimeout(res, 100));
  await ctx.close();
  if (showRequests) {
    console.log(`  ${path} (${profile.name}): what travelled, in order of arrival (* = after ready)`);
    for (const x of seen) console.log(`    ${x.beforeReady ? ' ' : '*'} ${String(x.kb).padStart(7)} KB  ${x.path}`);
  }
  return { readyMs, bytes, bytesAtReady, requests };
}

async function throttled(browser: Browser, server: Server, materialId: string, loads: number) {
  const base = `http://${HOST}:${server.port}`;
  const loginAs = async (username: string) => {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'login' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const raw = r.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    const i = raw.indexOf('=');
    return { cookie: { name: raw.slice(0, i), value: raw.slice(i + 1) }, header: raw, csrfToken };
  };
  const secretary = await loginAs('liming');
  const author = await loginAs('liuyang');
  // An opinion collection of the branch's meeting, for the form's link.
  const h = { cookie: secretary.header, 'x-csrf-token': secretary.csrfToken, 'content-type': 'application/json' };
  const meetings = (await (await fetch(`${server.url}/api/meetings`, { headers: h })).json()) as {
    items: { id: string; kind: string }[];
  };
  const opened = await fetch(`${server.url}/api/meetings/${meetings.items[0].id}/opinion-collections`, {
    method: 'POST',
    headers: h,
    body: JSON.stringify({ baseUrl: base }),
  });
  if (!opened.ok) throw new Error(`opening an opinion collection failed: ${opened.status} ${await opened.text()}`);
  const { token } = (await opened.json()) as { token: string };

  const pages = [
    { page: 'home', path: '/', cookie: secretary.cookie, profiles: ['office-10M', 'county-line'] },
    {
      page: 'editor',
      path: `/materials/${materialId}`,
      cookie: author.cookie,
      profiles: ['office-10M', 'county-line'],
    },
    { page: 'opinion', path: `/o#${token}`, cookie: null, profiles: ['phone-4G', 'county-line'] },
  ];
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of pages.filter((x) => !onlyPages || onlyPages.includes(x.page)))
    for (const name of p.profiles) {
      const profile = PROFILES.find((x) => x.name === name)!;
      const runs = [];
      for (let i = 0; i < loads; i++)
        runs.push(await throttledLoad(browser, base, p.path, READY[p.page], profile, p.cookie));
      const row = {
        line: profile.label,
        runs: loads,
        readyMedianMs: r1(median(runs.map((r) => r.readyMs))),
        readyMaxMs: r1(Math.max(...runs.map((r) => r.readyMs))),
        kbAtReady: r1(median(runs.map((r) => r.bytesAtReady)) / 1024),
        kbTotal: r1(median(runs.map((r) => r.bytes)) / 1024),
        requests: median(runs.map((r) => r.requests)),
      };
      (out[p.page] ??= {})[name] = row;
      console.log(
        `${p.page.padEnd(8)} ${profile.label.padEnd(34)} ready median ${row.readyMedianMs} ms (max ${row.readyMaxMs}) · ${row.kbAtReady} KB by ready, ${row.kbTotal} KB in all, ${row.requests} requests`,
      );
    }
  return out;
}

// ---------------------------------------------------------------- run
async function main() {
  const size = bundle();
  console.log(
    `initial JS (entry + modulepreload) gzip: ${size.initialJsGzipKB} KB (raw ${size.initialJsRawKB} KB; CSS ${size.cssGzipKB} KB gzip) — goal ≤ 300 KB`,
  );

  const server = await startServer();
  const browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick,
    // The machine is shared: its load when the run started and ended (1, 5, 15-minute averages).
    machine: { cores: cpus().length, loadAverageAtStart: loadavg().map(r1) },
    bundle: size,
  };
  try {
    // Log in over HTTP, create a ~6,000-character material for 刘洋 in the branch meeting.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'login' },
      body: JSON.stringify({ username: 'liuyang', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const h = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const meetings = (await (await fetch(`${server.url}/api/meetings`, { headers: h })).json()) as {
      items: { id: string; kind: string }[];
    };
    const meeting = meetings.items.find((m) => m.kind === '组织生活会')!;
    const text = sixThousand(
      readFileSync(join(ROOT, 'test', 'fixtures', 'sample-2023.txt'), 'utf8').replace(/稿子铺整理|##paid\w+##/g, ''),
    );
    const created = await fetch(`${server.url}/api/materials`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ meetingId: meeting.id, kind: 'member', text }),
    });
    if (!created.ok) throw new Error(`creating the material failed: ${created.status} ${await created.text()}`);
    const mat = (await created.json()) as { id: string };
    const [name, value] = cookie.split('=');

    out.throttled = await throttled(browser, server, mat.id, quick ? 3 : 5);
    // --throttled: only the throttled lines above.
    if (!throttledOnly) {
      async function load(path: string, mark: string | null, extraMark?: string) {
        const ctx = await newContext(browser, server.url);
        await ctx.addCookies([{ name, value, url: server.url }]);
        const page = await ctx.newPage();
        await page.goto(path);
        // A string, not a function: tsx's keepNames helpers do not exist in the page.
        const r = (await page.evaluate(`(async () => {
        const wait = (m) => new Promise((res) => { const f = () => { const e = performance.getEntriesByName(m)[0]; if (e) res(e.startTime); else setTimeout(f, 5); }; f(); });
        const a = ${JSON.stringify(mark)} ? await wait(${JSON.stringify(mark)}) : performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
        const b = ${JSON.stringify(extraMark ?? null)} ? await wait(${JSON.stringify(extraMark ?? null)}) : null;
        return { ready: a, extra: b };
      })()`)) as { ready: number; extra: number | null };
        await ctx.close();
        return r;
      }

      const loginReady: number[] = [],
        editorReady: number[] = [],
        checksReady: number[] = [],
        bare: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        bare.push((await load('/api/health', null)).ready);
        loginReady.push((await load('/login?bench', 'login-ready')).ready);
        const e = await load(`/materials/${mat.id}`, 'editor-interactive', 'checks-ready');
        editorReady.push(e.ready);
        checksReady.push(e.extra!);
      }
      out.load = {
        runs: LOADS,
        bareDocumentMs: r1(median(bare)),
        loginPageReadyMs: r1(median(loginReady)),
        editorInteractiveMs: r1(median(editorReady)),
        editorInteractiveP95Ms: r1(pct(editorReady, 95)),
        firstChecksMs: r1(median(checksReady)),
      };
      console.log(
        `time to interactive (median of ${LOADS}, cold cache): bare JSON document ${r1(median(bare))} ms · login page ${r1(median(loginReady))} ms · editor ${r1(median(editorReady))} ms (p95 ${r1(pct(editorReady, 95))}) — goal ≤ 1000 ms · first checks from the worker ${r1(median(checksReady))} ms`,
      );

      // Keystrokes: the editor vs a bare textarea with the same text.
      const ctx = await newContext(browser, server.url);
      await ctx.addCookies([{ name, value, url: server.url }]);
      const page = await ctx.newPage();
      await page.goto(`/materials/${mat.id}`);
      await page.getByTestId('item-problems-0').waitFor();
      // (waitForFunction would eval a string, which the server's CSP forbids.)
      for (let i = 0; i < 600 && !(await page.evaluate(`performance.getEntriesByName('checks-ready').length > 0`)); i++)
        await page.waitForTimeout(50);
      const chars = (await page.evaluate(
        `document.querySelector('[data-testid="preview"]').textContent.length`,
      )) as number;
      const ed = await typeAndMeasure(page, '[data-testid="item-problems-0"] textarea', KEYS);
      const base = await ctx.newPage();
      await base.setContent(
        `<textarea id="t" style="width:600px;height:400px">${text.replace(/</g, '&lt;')}</textarea>`,
      );
      const bl = await typeAndMeasure(base, '#t', KEYS);
      await ctx.close();
      const row = (x: { handled: number[]; painted: number[] }) => ({
        n: x.handled.length,
        handledMedianMs: r1(median(x.handled)),
        handledP95Ms: r1(pct(x.handled, 95)),
        paintedMedianMs: r1(median(x.painted)),
        paintedP95Ms: r1(pct(x.painted, 95)),
      });
      out.keystrokes = { materialChars: chars, editor: row(ed), bareTextarea: row(bl) };
      console.log(
        `keystrokes on a ${chars}-character material (${KEYS} keys): editor handled median ${r1(median(ed.handled))} ms / p95 ${r1(pct(ed.handled, 95))} ms, next frame median ${r1(median(ed.painted))} / p95 ${r1(pct(ed.painted, 95))} ms — goal < 16 ms`,
      );
      console.log(
        `  baseline bare <textarea>: handled median ${r1(median(bl.handled))} / p95 ${r1(pct(bl.handled, 95))} ms, next frame median ${r1(median(bl.painted))} / p95 ${r1(pct(bl.painted, 95))} ms`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  (out.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map(r1);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', throttledOnly ? 'web-throttled.json' : 'web.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`→ ${file.slice(ROOT.length + 1)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
