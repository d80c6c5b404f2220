/**
 * The review loop in a real browser, as the roles live it (demo data; the demo's 网络范文 library
 * holds the sample as the template site sold it):
 *   the member (刘洋) imports the sample — a template copy — and clicks 提交审核: he sees the open
 *   findings and the 查重 result with a strong warning, confirms, then withdraws (撤回) and
 *   submits again; the secretary (李明) finds it in her 待办 under the author's name and in the
 *   bell, opens it from the notification and returns it with a comment; the member is notified,
 *   replies and marks the comment handled; the secretary sees the reply and the mark and approves;
 *   the member is notified of the approval with the comment count.
 * Screenshots: test-results/screenshots/review-loop/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { journeys, poll, ROOT, shooter } from './harness.js';

const SAMPLE = join(ROOT, 'test', 'fixtures', 'sample-2023.txt');
const J = journeys();

async function openBell(page: Page, hasText: string) {
  await page.goto('/');
  await poll(() => page.getByTestId('notifications').getAttribute('aria-label')).toMatch(/[1-9]\d*条未读/);
  await page.getByTestId('notifications').click();
  const note = page.getByTestId('notification').filter({ hasText });
  await poll(() => note.count()).toBeGreaterThan(0);
  return note.first();
}

async function submitWithConfirm(page: Page) {
  await page.getByTestId('submit').click();
  const dialog = page.getByTestId('submit-confirm');
  await dialog.waitFor();
  // The server's summary of the saved version: the copy is flagged, and submitting waits for the author's word.
  await page.getByTestId('submit-copy-heavy').waitFor({ timeout: 40_000 });
  return dialog;
}

describe('review-loop', () => {
  it('closes the loop: confirm a copied material, withdraw, resubmit, return, reply, handle, approve', async () => {
    const shot = shooter('review-loop');
    const { page: liu, errors: e1 } = await J.pageAs('liuyang');
    const meetings = (await liu.evaluate(async () => (await fetch('/api/meetings')).json())) as {
      items: { id: string; kind: string; orgId: string }[];
    };
    const zsh = meetings.items.find((m) => m.kind === '组织生活会')!;
    expect(zsh).toBeTruthy();
    await liu.goto(`/meetings/${zsh.id}`);
    await liu.getByTestId('file-input').setInputFiles(SAMPLE);
    await liu.waitForURL(/\/materials\/[^/?]+\?imported=1/);
    const materialId = new URL(liu.url()).pathname.split('/').pop()!;

    // 1. Submit: the open findings and the 查重 result, with the strong warning of a copy.
    const dialog = await submitWithConfirm(liu);
    const heavy = await liu.getByTestId('submit-copy-heavy').innerText();
    expect(heavy).toMatch(/材料大部分与已有材料或网络范文相同/);
    const findings = await liu.getByTestId('submit-findings').innerText();
    expect(findings).toMatch(/仍有 \d+ 条提示/);
    expect(findings).toMatch(/问题 \d+/);
    // The template is held by several stored materials here: its text counts as stock, shown apart.
    expect(await liu.getByTestId('submit-similarity').innerText()).toMatch(/与已有来源重复 [\d.]+%/);
    expect(await liu.getByTestId('submit-similarity').innerText()).toMatch(/常见套话、通用段落 \d+ 处/);
    const ok = liu.getByTestId('confirm-submit');
    expect(await ok.isDisabled()).toBe(true); // not before the author has acknowledged the copy
    await shot(liu, 'submit-warning');
    await liu.getByTestId('submit-ack').click();
    await poll(() => ok.isDisabled()).toBe(false);
    await ok.click();
    await liu.locator('[data-status="submitted"]').first().waitFor();
    expect(await dialog.isVisible()).toBe(false);

    // The secretary has it in her 待办, under the author's name.
    const { page: li, errors: e2 } = await J.pageAs('liming');
    await poll(() => li.getByTestId('tasks').innerText()).toContain('刘洋 · ');

    // 2. 撤回 before the reviewer acts: back to draft, off the secretary's 待办.
    await liu.getByTestId('withdraw').click();
    await liu.getByTestId('confirm-withdraw').click();
    await liu.locator('[data-status="draft"]').first().waitFor();
    await shot(liu, 'withdrawn');
    await li.reload();
    await li.getByTestId('tasks').waitFor();
    await poll(async () => (await li.getByTestId('tasks').innerText()).includes('刘洋 · ')).toBe(false);

    // 3. Submit again (the warning again, confirmed again).
    await submitWithConfirm(liu);
    await liu.getByTestId('submit-ack').click();
    await liu.getByTestId('confirm-submit').click();
    await liu.locator('[data-status="submitted"]').first().waitFor();

    // 4. The secretary is notified; the notification opens the review page; she returns it with a comment.
    const submitted = await openBell(li, '待审核');
    expect(await submitted.innerText()).toContain('刘洋');
    await shot(li, 'reviewer-notified');
    await submitted.click();
    await li.waitForURL((u) => u.pathname === `/materials/${materialId}/review`);
    await li.getByLabel('意见内容').fill('全文与网络范文相同，请结合本人实际重写问题和事例。');
    await li.getByRole('button', { name: '添加意见' }).click();
    await poll(() => li.getByTestId('review-comment').count()).toBe(1);
    await li.getByTestId('return').click();
    await li.getByTestId('confirm-decision').click();
    await li.locator('[data-status="returned"]').first().waitFor();

    // 5. The member is notified (with the number of comments), replies and marks it handled.
    const returned = await openBell(liu, '退回修改');
    expect(await returned.innerText()).toContain('共 1 条修改意见');
    await returned.click();
    await liu.waitForURL((u) => u.pathname === `/materials/${materialId}`);
    const thread = liu.getByTestId('comment-threads').getByTestId('comment-thread').first();
    await thread.waitFor();
    expect(await thread.innerText()).toContain('请结合本人实际重写');
    await thread.getByLabel('答复意见').fill('已删去照抄的内容，按本人实际重写了理论学习方面的问题和事例。');
    await thread.getByRole('button', { name: '答复' }).click();
    await poll(() => thread.getByTestId('comment-reply').count()).toBe(1);
    await thread.getByTestId('toggle-handled').click();
    await poll(() => thread.getAttribute('data-handled')).toBe('1');
    await shot(liu, 'replied-and-handled');

    // 6. The secretary sees the reply and the mark on the review page, and approves.
    await li.goto(`/materials/${materialId}/review`);
    const seen = li.getByTestId('comment-thread').first();
    await poll(() => seen.getAttribute('data-handled')).toBe('1');
    expect(await seen.getByTestId('comment-reply').innerText()).toContain('按本人实际重写');
    expect(await li.getByTestId('handled-count').innerText()).toContain('作者已处理 1 / 1');
    await shot(li, 'reviewer-sees-reply');
    // A returned material comes back only by resubmission; the reviewer decides on what the author sends.
    await submitWithConfirm(liu).then(async () => {
      await liu.getByTestId('submit-ack').click();
      await liu.getByTestId('confirm-submit').click();
      await liu.locator('[data-status="resubmitted"]').first().waitFor();
    });
    await li.reload();
    await li.getByTestId('approve').click();
    await li.getByTestId('confirm-decision').click();
    await li.locator('[data-status="approved"]').first().waitFor();

    // 7. The member is told of the approval, with the comment count.
    const approved = await openBell(liu, '审核通过');
    expect(await approved.innerText()).toContain('共提出 1 条意见');
    await shot(liu, 'author-notified-approved');
    await approved.click();
    await liu.waitForURL((u) => u.pathname === `/materials/${materialId}`);
    expect([...e1, ...e2]).toEqual([]);
  }, 300_000);
});
