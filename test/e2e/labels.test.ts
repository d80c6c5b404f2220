/**
 * What a screen reader reads is Chinese: on the main pages, as the secretary and as a member, no
 * aria-label, title, alt or placeholder is in English ("Clear", "Increase Value", "close", …) —
 * antd's own labels included, with its dialogs, pickers and number fields open.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { journeys, poll } from './harness.js';

const j = journeys();

/** Every label-like attribute with a Latin word in it, with the element it is on. */
async function englishLabels(page: Page): Promise<string[]> {
  // A Latin word of two letters or more with no Chinese beside it (".docx" inside a Chinese title is
  // not a label in English).
  return (await page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))
      for (const a of ['aria-label', 'title', 'alt', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && /[A-Za-z]{2,}/.test(v) && !/[\\u4e00-\\u9fff]/.test(v))
          out.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0] + ' ' + a + '="' + v + '"');
      }
    return [...new Set(out)];
  })()`)) as string[];
}

describe('labels a screen reader reads are Chinese', () => {
  it('on the secretary’s pages: home, meetings, a meeting and its form, the ledger and one item', async () => {
    const { page, errors } = await j.pageAs('liming');
    const seen: Record<string, string[]> = {};
    const look = async (name: string) => {
      await page.waitForLoadState('networkidle');
      seen[name] = await englishLabels(page);
    };
    await look('home');
    await page.goto('/meetings');
    await look('meetings');
    const meetingLink = page.locator('a[href^="/meetings/"]').filter({ hasNotText: '新建' }).first();
    await meetingLink.waitFor();
    const href = (await meetingLink.getAttribute('href'))!;
    await page.goto(href);
    await look('meeting');
    await page.goto(`${href.replace(/\/$/, '')}/edit`);
    await look('meeting form');
    await page.goto('/ledger');
    await page.locator('a[href^="/ledger/"]').first().waitFor();
    await look('ledger');
    // The ledger's new-item dialog: its date fields, its close button.
    const add = page.getByRole('button', { name: /新增|添加/ }).first();
    if (await add.count()) {
      await add.click();
      await page.locator('.ant-modal').first().waitFor();
      await look('ledger dialog');
      await page.keyboard.press('Escape');
    }
    const itemHref = (await page.locator('a[href^="/ledger/"]').first().getAttribute('href'))!;
    await page.goto(itemHref);
    await look('ledger item');
    for (const [k, v] of Object.entries(seen)) expect(v, k).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);

  it('on a member’s editor, with the month picker and the 方面 choice open', async () => {
    const { page, errors } = await j.pageAs('liuyang');
    // His material in the branch's 组织生活会 (made here over the API when the demo has none).
    const id = (await page.evaluate(`(async () => {
      const get = async (u) => (await fetch(u)).json();
      const me = await get('/api/auth/me');
      const meetings = (await get('/api/meetings')).items;
      const meeting = meetings.find((m) => m.kind === '组织生活会');
      const mine = (await get('/api/materials?meetingId=' + meeting.id)).items.find((x) => x.authorId === me.personId || x.authorId === (me.person && me.person.id));
      if (mine) return mine.id;
      const r = await fetch('/api/materials', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ meetingId: meeting.id, kind: 'member', text: '对照检查材料\\n一、存在的问题\\n（一）理论学习方面。学习不够深入，满足于读原文。\\n二、原因剖析\\n（一）理想信念有所淡漠。\\n三、整改措施\\n（一）加强理论学习。2026年6月底前完成。' }),
      });
      return (await r.json()).id;
    })()`)) as string;
    await page.goto(`/materials/${id}`);
    await page.getByTestId('material-form').waitFor();
    await page.waitForLoadState('networkidle');
    const seen: Record<string, string[]> = { editor: await englishLabels(page) };
    const month = page.getByLabel(/^措施\d+完成时限$/).first();
    if (await month.count()) {
      await month.click();
      await poll(() => page.locator('.ant-picker-dropdown').count()).toBeGreaterThan(0);
      seen['month picker'] = await englishLabels(page);
      await page.keyboard.press('Escape');
    }
    await page.getByLabel('所属方面').first().click();
    seen['方面'] = await englishLabels(page);
    for (const [k, v] of Object.entries(seen)) expect(v, k).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
