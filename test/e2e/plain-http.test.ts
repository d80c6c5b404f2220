/**
 * The normal intranet deployment — the server opened by a host name (not
 * localhost) over plain HTTP, and a phone opening the opinion link of the QR code. Chromium resolves
 * jianshi.test to the test server (--host-resolver-rules), so the origin is neither https nor
 * localhost: not a secure context. The CSP used to carry upgrade-insecure-requests (every script and
 * API call rewritten to https://, a blank page) and script-src 'unsafe-inline'. Here a demo
 * secretary logs in, sees the home page, opens an opinion collection and copies its link (no
 * navigator.clipboard outside a secure context); an anonymous visitor submits an opinion through
 * /o; no console message reports a CSP violation, and no request went to https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { launchBrowser, login, newContext, poll, shooter, startServer, watchErrors, type Server } from './harness.js';

const HOST = 'jianshi.test';
const shot = shooter('plain-http');
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('plain HTTP through a host name other than localhost', () => {
  let server: Server;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let base = '';
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

  /** A page whose console messages, CSP violation events and https requests are all recorded. */
  async function watchedPage(): Promise<{ page: Page; problems: string[]; errors: string[] }> {
    const ctx = await newContext(browser, base);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (/Content.Security.Policy|Refused to|upgrade|insecure/i.test(m.text()))
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(`${base}/`) && !r.url().startsWith('data:') && !r.url().startsWith('about:'))
        problems.push(`request to ${r.url()}`);
    });
    // ERR_ABORTED: a preload cut short by the next navigation, not a refusal.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
    });
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation (Content-Security-Policy): ' + e.violatedDirective + ' ' + e.blockedURI); });",
    });
    return { page, problems, errors: watchErrors(page) };
  }

  it('a demo secretary logs in and sees the home page; an anonymous visitor submits an opinion through /o', async () => {
    const { page, problems, errors } = await watchedPage();
    await page.goto('/');
    expect(await page.evaluate('[location.protocol, location.hostname, window.isSecureContext]')).toEqual([
      'http:',
      HOST,
      false,
    ]);
    await login(page, 'liming');
    await page.goto('/');
    await page.getByTestId('user-menu').waitFor();
    await poll(() => page.locator('#root').innerText()).toContain('李明');
    await shot(page, 'home');

    // A fresh meeting of 第一党支部, and its opinion collection opened through the page.
    const meetingId = await page.evaluate(async (heldOn) => {
      const get = async <T>(u: string) => (await (await fetch(u)).json()) as T;
      const me = await get<{ csrfToken: string }>('/api/auth/me');
      const orgs = (await get<{ items: { id: string; name: string }[] }>('/api/orgs')).items;
      const people = (await get<{ items: { id: string; name: string }[] }>('/api/people')).items;
      const pid = (n: string) => people.find((p) => p.name === n)!.id;
      const r = await fetch('/api/meetings', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({
          orgId: orgs.find((o) => o.name === '第一党支部')!.id,
          kind: '组织生活会',
          year: 2026,
          theme: '明文 HTTP 测试会议',
          frameworkId: '2023-theme-education',
          heldOn,
          participants: [
            { personId: pid('李明'), role: 'secretary' },
            { personId: pid('刘洋'), role: 'member' },
            { personId: pid('王建国'), role: 'member' },
          ],
        }),
      });
      if (r.status !== 201) throw new Error(`meeting not created: ${r.status} ${await r.text()}`);
      const body = (await r.json()) as { id: string; meeting?: { id: string } };
      return (body.meeting ?? body).id;
    }, TODAY);
    await page.goto(`/meetings/${meetingId}/opinions`);
    await page.getByRole('tab', { name: '开展征集' }).click();
    await page.getByTestId('open-collection').click();
    const linkBox = page.getByTestId('opinion-link');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^http://${HOST.replace('.', '\\.')}:${server.port}/o#[A-Za-z0-9_-]{43}$`));
    await poll(() => page.getByTestId('qr').locator('svg').count()).toBe(1);
    // 复制 works without navigator.clipboard (absent outside a secure context).
    await page.getByRole('button', { name: '复制', exact: true }).click();
    await poll(() => page.getByText('已复制链接').count()).toBeGreaterThan(0);
    await shot(page, 'collection-opened');

    // The phone: a fresh browser with the link, over plain HTTP.
    const anon = await watchedPage();
    const ap = anon.page;
    await ap.goto(link);
    await ap.getByTestId('anonymity-notice').waitFor();
    await poll(() => ap.getByText('第一党支部').first().count()).toBeGreaterThan(0);
    await ap.getByTestId('opinion-line').getByText('刘洋', { exact: true }).click();
    // The form is a page of its own (o.html, no antd): the category is a native <select>.
    await ap.getByLabel('第1条的类别').selectOption('理论学习');
    await ap.getByLabel('第1条意见内容').fill('联系群众不够经常，下基层调研少');
    await ap.getByTestId('submit-opinions').click();
    await poll(() => ap.getByText('已收到您的1条意见建议').count()).toBe(1);
    await shot(ap, 'opinion-submitted');
    // The other public page, the invitation, renders too.
    await ap.goto('/invite');
    await ap.getByText('接受邀请，设置登录密码').waitFor();

    expect(problems).toEqual([]);
    expect(anon.problems).toEqual([]);
    expect(errors).toEqual([]);
    expect(anon.errors).toEqual([]);
  }, 180_000);
});
