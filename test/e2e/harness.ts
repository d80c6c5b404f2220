/**
 * The one helper of the browser tests: starts the real server (`bin/jianshi demo`, temp DATA_DIR,
 * free port), launches Debian's Chromium headless (never a downloaded browser; CHROMIUM_PATH
 * overrides), logs in as a demo account, and saves screenshots under
 * test-results/screenshots/<journey>/NN-name.png.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Features of Chromium 156 we turn off, on top of Playwright's own list. */
const OUR_DISABLED_FEATURES = [
  // Chromium builds its omnibox popup as a WebUI page for every new window, headless too: some two
  // hundred chrome:// loads on the browser's threads, at the very moment the page under test loads.
  // On a 2-core machine that took a third of a page's cold start (bench/web), and none of it is the
  // application's: the popup cannot even be shown headless.
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
];

/**
 * Playwright's own `--disable-features` list (PaintHolding, the start-up requests to Google, …).
 * Chromium keeps only the last copy of a repeated switch, so ours must carry theirs, and theirs is
 * then left out (ignoreDefaultArgs). Read from playwright-core itself so that an upgrade cannot
 * silently switch their features back on; a browser test checks the command line Chromium got.
 */
function playwrightDisabledFeatures(): string[] {
  const bundle = join(dirname(createRequire(import.meta.url).resolve('playwright-core')), 'lib', 'coreBundle.js');
  const src = existsSync(bundle) ? readFileSync(bundle, 'utf8') : '';
  const list = /\bdisabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(src)?.[1];
  const names = list ? [...list.replace(/\/\/.*$/gm, '').matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
  if (!names.includes('PaintHolding'))
    throw new Error(
      `test/e2e/harness.ts: Playwright's disabled-feature list not found in ${bundle}; update playwrightDisabledFeatures()`,
    );
  return names;
}
const PLAYWRIGHT_DISABLED = playwrightDisabledFeatures();
export const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED, ...OUR_DISABLED_FEATURES];
export const CHROMIUM_ARGS = [
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
export const DEMO_PASSWORD = 'jianshi2023';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Build web/dist when it is missing or stale (the same script `npm start` runs). */
export function ensureWeb(): void {
  // vitest sets NODE_ENV=test, which would make vite build React's development bundle.
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-web.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('building web/dist failed');
}

export interface Server {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  ensureWeb();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'jianshi-e2e-'));
  // The server serves its own copy of the front end: another process rebuilding web/dist (which
  // empties it first) cannot pull the pages from under a running journey.
  const webDist = join(dataDir, 'web-dist');
  cpSync(join(ROOT, 'web', 'dist'), webDist, { recursive: true });
  let out = '';
  const proc = spawn(join(ROOT, 'bin', 'jianshi'), ['demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JIANSHI_DISABLE_RATE_LIMIT: '1',
      LOG_LEVEL: 'warn',
      WEB_DIST: webDist,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not answer /api/health within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    dataDir,
    proc,
    log: () => out,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            r(null);
          }, 5000);
          proc.once('exit', () => {
            clearTimeout(t);
            r(null);
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium, headless; `extraArgs` are added to ours (e.g. `--host-resolver-rules=…`). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ignoreDefaultArgs: [`--disable-features=${PLAYWRIGHT_DISABLED.join(',')}`],
  });
}

export async function newContext(
  browser: Browser,
  baseURL: string,
  opts: { width?: number; height?: number } = {},
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    acceptDownloads: true,
    locale: 'zh-CN',
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    reducedMotion: 'reduce',
  });
  ctx.setDefaultTimeout(30_000);
  return ctx;
}

/** Screenshots of one journey, numbered in order. */
export function shooter(journey: string) {
  const dir = join(ROOT, 'test-results', 'screenshots', journey);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string, fullPage = false) => {
    n++;
    const file = join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  };
}

/** Log in through the login page. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('user-menu').waitFor();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByText('退出登录').click();
  await page.waitForURL(/\/login/);
}

/** Collect page errors (uncaught exceptions) so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Wait for a value to satisfy the matcher; generous because the machine may be shared and busy. */
export const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * The set-up every journey file shares: one demo server and one browser for the file, pages logged
 * in as demo users (page errors collected), a screenshot of every open page when a test fails,
 * and everything closed at the end. Call at the top level of the test file.
 */
export function journeys() {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 120_000);
  afterEach(async (t) => {
    if (t.task.result?.state !== 'fail') return;
    const shot = shooter(`failed-${t.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff-]+/g, '_')}`);
    for (const c of contexts) for (const p of c.pages()) await shot(p, 'page').catch(() => {});
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  const j = {
    get server(): Server {
      if (!server) throw new Error('journeys(): the server is not started yet');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('journeys(): the browser is not launched yet');
      return browser;
    },
    /** A fresh browser context (no cookies), closed after the file. */
    async context(opts: { width?: number; height?: number } = {}): Promise<BrowserContext> {
      const ctx = await newContext(j.browser, j.server.url, opts);
      contexts.push(ctx);
      return ctx;
    },
    /** A page in a fresh context, logged in through the login page. */
    async pageAs(
      username: string,
      opts: { width?: number; height?: number } = {},
    ): Promise<{ page: Page; errors: string[] }> {
      const page = await (await j.context(opts)).newPage();
      const errors = watchErrors(page);
      await login(page, username);
      return { page, errors };
    },
  };
  return j;
}

/**
 * 提交审核 in the editor: the confirm dialog shows the open findings and the 查重 result of the saved
 * version; a material the 查重 finds largely copied must be acknowledged before it can go.
 */
export async function confirmSubmit(page: Page): Promise<void> {
  await page.getByTestId('submit').click();
  const dialog = page.getByTestId('submit-confirm');
  await dialog.getByTestId('submit-findings').or(dialog.getByRole('alert')).first().waitFor({ timeout: 40_000 });
  const ack = page.getByTestId('submit-ack');
  if (await ack.isVisible()) await ack.click();
  await page.getByTestId('confirm-submit').click();
}
