/**
 * The rectification ledger in a real browser against the real server (demo data):
 *   1. a material is approved → its items appear (one per measure) → the owner writes progress,
 *      uploads evidence and applies → the superior (督导组) sends it back once with a reason → the
 *      owner adds evidence and applies again → the superior closes it; the closed item is read-only
 *      and its history shows who did what and when;
 *   2. an item past its deadline shows as overdue (demo data, deadlines relative to today): on the
 *      owner's home page and in the ledger, where the overdue filter keeps only red rows; the
 *      dashboard charts draw; the ledger exports to .xlsx; an import with a bad row shows the row's
 *      error and imports the good rows only when asked;
 *   3. an owner cannot move his own deadline: he asks for an extension (date + reason), the item
 *      stays overdue while the secretary decides; the secretary finds the request in the ledger
 *      (延期待批) and agrees; the new deadline shows and the history keeps the request and the decision.
 * Screenshots: test-results/screenshots/ledger/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { confirmSubmit, journeys, poll, shooter } from './harness.js';
import { exportLedgerXlsx } from '../../src/formats/ledger-xlsx.js';

const J = journeys();
const pageAs = J.pageAs;
const shot = shooter('ledger');

async function visit(page: Page, url: string, readyTestId: string) {
  await page.goto(url);
  await page.getByTestId(readyTestId).first().waitFor({ timeout: 20_000 });
}

const pdf = (label: string) =>
  Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/**
 * A date typed into the application's Chinese date picker (a text field with a calendar, not the
 * browser's mm/dd/yyyy field): the date as written, Enter to take it; the field then shows it.
 */
async function typeDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
  await poll(() => field.inputValue()).toBe(date);
}

let itemUrl = '';
let itemNumber = '';

describe('ledger', () => {
  it('a material is approved → its items appear', async () => {
    // 张伟 submits his material (the demo imported it as a draft).
    const { page: zhang, errors: e1 } = await pageAs('zhangwei');
    const mine = (await (await zhang.context().request.get('/api/materials')).json()) as {
      items: { id: string; title: string; content?: unknown }[];
    };
    const material = mine.items.find((m) => m.title.includes('剖析发言材料'))!;
    expect(material).toBeTruthy();
    await visit(zhang, `/materials/${material.id}`, 'submit');
    await confirmSubmit(zhang);
    await zhang.locator('[data-status="submitted"]').first().waitFor();

    // The 党委 secretary approves it: the items are made at once and listed on the review page.
    const { page: wang, errors: e2 } = await pageAs('wangjianguo');
    await visit(wang, `/materials/${material.id}/review`, 'approve');
    await wang.getByTestId('approve').click();
    await wang.getByTestId('confirm-decision').click();
    await wang.locator('[data-status="approved"]').first().waitFor();
    const card = wang.getByTestId('material-ledger');
    await poll(() => card.getByTestId('material-ledger-item').count()).toBeGreaterThan(0);
    const n = await card.getByTestId('material-ledger-item').count();
    expect(await card.innerText()).toContain(`整改台账（${n} 项）`);
    expect(await card.innerText()).toContain('待整改');
    // Each item links to its page; the number is "<year>-<organization>-<seq>".
    const first = card.getByTestId('material-ledger-item').first().getByRole('link').first();
    itemNumber = (await first.innerText()).trim();
    expect(itemNumber).toMatch(/^2023-某县机关党委-\d{3}$/);
    itemUrl = (await first.getAttribute('href'))!;
    await shot(wang, 'approved-items-appear', true);

    // The owner sees them in his ledger.
    await visit(zhang, '/ledger?org=mine&tab=tasks', 'ledger-table');
    await poll(() => zhang.getByTestId('ledger-table').innerText()).toContain(itemNumber);
    await shot(zhang, 'owner-ledger-tasks');
    expect([...e1, ...e2]).toEqual([]);
  }, 180_000);

  it('the owner uploads evidence and applies; the superior sends it back once, then closes it', async () => {
    expect(itemUrl).not.toBe('');
    const { page: zhang, errors: e1 } = await pageAs('zhangwei');
    await visit(zhang, itemUrl, 'item-number');
    await poll(() => zhang.getByTestId('item-number').innerText()).toBe(itemNumber);
    // Where it came from: a link back to the material.
    expect(await zhang.getByTestId('source-material').innerText()).toContain('第 1 条整改措施');
    // No evidence yet: applying is not possible.
    expect(await zhang.getByTestId('apply').isDisabled()).toBe(true);
    await zhang.getByLabel('整改进展').fill('已制定个人学习计划，11月完成专题学习2次。');
    await zhang.getByRole('button', { name: '记录' }).click();
    await poll(() => zhang.getByTestId('notes').innerText()).toContain('已制定个人学习计划');
    await typeDate(zhang.getByLabel('佐证日期'), '2026-11-20');
    // No browser date field (mm/dd/yyyy in an English browser) anywhere on the page.
    expect(await zhang.locator('input[type="date"]').count()).toBe(0);
    await zhang
      .locator('[data-testid="evidence"] input[type="file"]')
      .setInputFiles({ name: '学习记录.pdf', mimeType: 'application/pdf', buffer: pdf('study') });
    await poll(() => zhang.getByTestId('evidence').innerText()).toContain('学习记录.pdf');
    const ev = await zhang.getByTestId('evidence').innerText();
    expect(ev).toContain('2026-11-20');
    expect(ev).toContain('张伟');
    // A file that is not an allowed type is refused with a Chinese message.
    await zhang
      .locator('[data-testid="evidence"] input[type="file"]')
      .setInputFiles({ name: '病毒.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
    await zhang.getByRole('alert').filter({ hasText: '不支持的佐证材料类型' }).first().waitFor();
    await zhang.getByTestId('apply').click();
    await zhang.getByRole('button', { name: '提交申请' }).click();
    await poll(() => zhang.getByTestId('item-status').innerText()).toContain('待销号');
    await shot(zhang, 'owner-applied', true);

    // The 督导组 reviewer sends it back with a reason.
    const { page: zhao, errors: e2 } = await pageAs('zhaomin');
    await poll(() => zhao.getByTestId('tasks').innerText()).toContain(itemNumber);
    await visit(zhao, itemUrl, 'item-number');
    await poll(() => zhao.getByTestId('item-status').innerText()).toContain('待销号');
    await zhao.getByTestId('send-back').click();
    expect(await zhao.getByTestId('confirm-send-back').isDisabled()).toBe(true);
    await zhao.getByLabel('退回理由').fill('佐证材料只有学习记录，请补充研讨发言和运用到分管工作的情况。');
    await zhao.getByTestId('confirm-send-back').click();
    await poll(() => zhao.getByTestId('item-status').innerText()).toContain('整改中');
    await shot(zhao, 'superior-sent-back', true);

    // The owner sees why, adds evidence and applies again.
    await visit(zhang, itemUrl, 'sent-back-banner');
    await poll(() => zhang.getByTestId('sent-back-banner').innerText()).toContain('请补充研讨发言');
    expect(await zhang.getByTestId('sent-back-banner').innerText()).toContain('赵敏');
    await zhang
      .locator('[data-testid="evidence"] input[type="file"]')
      .setInputFiles({ name: '专题研讨发言.pdf', mimeType: 'application/pdf', buffer: pdf('talk') });
    await poll(() => zhang.getByTestId('evidence-file').count()).toBe(2);
    await zhang.getByTestId('apply').click();
    await zhang.getByRole('button', { name: '提交申请' }).click();
    await poll(() => zhang.getByTestId('item-status').innerText()).toContain('待销号');

    // The superior closes it.
    await visit(zhao, itemUrl, 'item-number');
    await poll(() => zhao.getByTestId('item-status').innerText()).toContain('待销号');
    await zhao.getByTestId('close').click();
    await zhao.getByRole('button', { name: '确认销号' }).click();
    await poll(() => zhao.getByTestId('item-status').innerText()).toContain('已销号');
    await zhao.getByTestId('closed-banner').waitFor();
    // The history: who, when, which state — applied, sent back (with the reason), applied, closed.
    const history = zhao.getByTestId('transition');
    expect(await history.count()).toBe(4);
    const lines = await history.allInnerTexts();
    expect(lines[0]).toMatch(/张伟 · 待整改 → 待销号/);
    expect(lines[1]).toMatch(/赵敏 · 待销号 → 整改中[\s\S]*理由：佐证材料只有学习记录/);
    expect(lines[2]).toMatch(/张伟 · 整改中 → 待销号/);
    expect(lines[3]).toMatch(/赵敏 · 待销号 → 已销号/);
    // The evidence downloads as the same bytes.
    const [download] = await Promise.all([
      zhao.waitForEvent('download'),
      zhao.getByTestId('evidence-file').first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('学习记录.pdf');
    expect(readFileSync((await download.path())!).toString()).toContain('% study');
    await shot(zhao, 'superior-closed', true);

    // Closed is read-only for the owner: no upload, no note, no apply.
    await visit(zhang, itemUrl, 'closed-banner');
    await zhang.getByTestId('closed-banner').waitFor();
    expect(await zhang.getByTestId('upload-evidence').count()).toBe(0);
    expect(await zhang.getByLabel('整改进展').count()).toBe(0);
    expect(await zhang.getByTestId('apply').count()).toBe(0);

    // The owner was told in the app: sent back (with the reason), then closed; one click opens the item.
    await zhang.goto('/');
    await poll(() => zhang.getByTestId('notifications').getAttribute('aria-label')).toMatch(/[1-9]\d*条未读/);
    await zhang.getByTestId('notifications').click();
    const notes = zhang.getByTestId('notification');
    await poll(() => notes.allInnerTexts().then((t) => t.join('\n'))).toContain('已销号');
    expect((await notes.allInnerTexts()).join('\n')).toContain('退回');
    await shot(zhang, 'owner-notifications');
    await notes.filter({ hasText: '已销号' }).first().click();
    await zhang.waitForURL((u) => u.pathname === new URL(itemUrl, 'http://x').pathname);
    expect([...e1, ...e2]).toEqual([]);
  }, 240_000);

  it('an item past its deadline shows as overdue; dashboard, export and import', async () => {
    // The owner's home: overdue items first, in red.
    const { page: zhang, errors: e1 } = await pageAs('zhangwei');
    const my = zhang.getByTestId('my-ledger');
    await poll(() => my.innerText()).toContain('分管项目遇到难题时主动协调不够');
    // Overdue items come first; the one 12 days past its deadline says so.
    expect(await my.getByTestId('my-ledger-item').first().getAttribute('data-due')).toBe('overdue');
    const late = my.getByTestId('my-ledger-item').filter({ hasText: '分管项目遇到难题时主动协调不够' });
    expect(await late.getAttribute('data-due')).toBe('overdue');
    expect(await late.innerText()).toMatch(/超期[\s\S]*已超期 12 天/);
    await shot(zhang, 'owner-home-overdue');
    // The owner splits a measure into two tasks, the second with its own date.
    await my
      .getByTestId('my-ledger-item')
      .filter({ hasText: '批评下属时方式方法简单' })
      .getByRole('link')
      .first()
      .click();
    await zhang.getByTestId('split').click();
    const splitDlg = zhang.getByRole('dialog');
    await splitDlg.getByLabel('第 2 项措施').fill('每季度与下属谈心一次，听取对工作方法的意见。');
    // A part may be due earlier than the item (D+5), never later (that would be an extension).
    await typeDate(splitDlg.getByLabel('完成日期').nth(1), inDays(3));
    await splitDlg.getByRole('button', { name: '拆分', exact: true }).click();
    await poll(() => zhang.locator('.ant-message').innerText()).toMatch(
      /已拆分为 2 项：2023-某县机关党委-\d{3}、2023-某县机关党委-\d{3}-2/,
    );

    // The superior's ledger of the whole 机关党委 subtree, with the dashboard.
    const { page: zhao, errors: e2 } = await pageAs('zhaomin');
    await visit(zhao, '/ledger', 'ledger-dashboard');
    const dash = zhao.getByTestId('ledger-dashboard');
    await poll(() => dash.getByTestId('chart').count()).toBe(3);
    const overdueCount = Number((await dash.getByTestId('overdue-count').innerText()).replace(/\D+/g, ''));
    expect(overdueCount).toBeGreaterThanOrEqual(3);
    expect(await dash.getByTestId('chart').first().getAttribute('aria-label')).toContain('第一党支部');
    // Every status appears in the colors of the customary Excel.
    const tones = await zhao
      .getByTestId('ledger-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tone')));
    for (const t of ['overdue', 'open', 'awaiting', 'closed']) expect(tones).toContain(t);
    await shot(zhao, 'ledger-dashboard', true);
    // The overdue filter keeps only the red rows, the item past its deadline among them.
    await dash.getByTestId('overdue-count').click();
    await poll(() => zhao.getByTestId('ledger-total').innerText()).toContain(`共 ${overdueCount} 项`);
    const overdueTones = await zhao
      .getByTestId('ledger-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tone')));
    expect(overdueTones.length).toBe(overdueCount);
    expect(new Set(overdueTones)).toEqual(new Set(['overdue']));
    expect(await zhao.getByTestId('ledger-table').innerText()).toContain('分管项目遇到难题时主动协调不够');
    await shot(zhao, 'ledger-overdue-tasks', true);
    // 责任清单: one row per person with the overdue count.
    await zhao.getByRole('tab', { name: '责任清单' }).click();
    const resp = zhao.getByTestId('responsibility-table');
    await poll(() => resp.innerText()).toContain('张伟');
    // Filtered to overdue items: each row is a person (or unit) with overdue work, the count in red.
    expect(await resp.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(3);
    await shot(zhao, 'ledger-responsibilities');

    // Export the ledger of the 党委 as .xlsx.
    await visit(zhao, '/ledger', 'ledger-export');
    const [download] = await Promise.all([zhao.waitForEvent('download'), zhao.getByTestId('ledger-export').click()]);
    expect(download.suggestedFilename()).toMatch(/整改台账\.xlsx$/);
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
    const xml = (
      await Promise.all(
        Object.values(zip.files)
          .filter((f) => f.name.endsWith('.xml'))
          .map((f) => f.async('string')),
      )
    ).join('\n');
    expect(xml).toContain('分管项目遇到难题时主动协调不够');

    // The branch secretary imports a sheet with one bad row: nothing is imported until he chooses so.
    const { page: li, errors: e3 } = await pageAs('liming');
    await visit(li, '/ledger', 'ledger-total');
    // The branch has demo items: wait for them (the list first answers for the default scope).
    await poll(() => li.getByTestId('ledger-total').innerText()).toMatch(/共 [1-9]\d* 项/);
    const before = Number((await li.getByTestId('ledger-total').innerText()).replace(/\D+/g, ''));
    const sheet = await exportLedgerXlsx(
      [
        {
          number: null,
          source: '征求意见',
          aspect: '工作作风',
          problem: '支部学习时间安排不合理，与业务工作冲突',
          target: null,
          measures: '调整到每月第一个周五下午',
          leaderName: null,
          department: null,
          ownerName: '陈静',
          deadlineKind: 'date',
          deadlineOn: '2027-03-31',
          status: 'pending',
          progress: null,
          evidence: null,
          closure: null,
        },
        {
          number: null,
          source: '自查',
          aspect: null,
          problem: '党员档案不全',
          target: null,
          measures: null,
          leaderName: null,
          department: null,
          ownerName: '查无此人',
          deadlineKind: 'ongoing',
          deadlineOn: null,
          status: 'pending',
          progress: null,
          evidence: null,
          closure: null,
        },
      ],
      { title: '第一党支部整改台账' },
    );
    await li.getByRole('button', { name: '导入 Excel' }).click();
    const dlg = li.getByRole('dialog');
    await dlg.locator('input[type="file"]').setInputFiles({
      name: '补充台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: sheet,
    });
    await dlg.getByRole('button', { name: '导入', exact: true }).click();
    await poll(() => dlg.getByTestId('import-blocked').innerText()).toContain('未导入任何事项');
    expect(await dlg.getByTestId('import-errors').innerText()).toMatch(/查无此人/);
    await shot(li, 'import-row-errors');
    await dlg.getByRole('button', { name: /仍然导入无误的 1 行/ }).click();
    await poll(() => dlg.getByTestId('import-done').innerText()).toContain('已导入 1 项');
    await dlg.getByRole('button', { name: '完成' }).click();
    await poll(() => li.getByTestId('ledger-total').innerText()).toContain(`共 ${before + 1} 项`);
    expect(await li.getByTestId('ledger-table').innerText()).toContain('支部学习时间安排不合理');

    // A plain member sees only the items he answers for, his overdue one in red, and no Excel buttons.
    const { page: liu, errors: e4 } = await pageAs('liuyang');
    await visit(liu, '/ledger', 'ledger-total');
    expect(await liu.getByTestId('ledger-scope').innerText()).toContain('我负责的整改事项');
    await poll(() => liu.getByTestId('ledger-table').innerText()).toContain('参加支部活动主动性不强');
    const own = liu.getByTestId('ledger-row').filter({ hasText: '参加支部活动主动性不强' });
    expect(await own.getAttribute('data-tone')).toBe('overdue');
    expect(await liu.getByTestId('ledger-table').innerText()).not.toContain('支部活动记录不完整');
    expect(await liu.getByTestId('ledger-export').count()).toBe(0);
    await shot(liu, 'member-own-items');
    expect([...e1, ...e2, ...e3, ...e4]).toEqual([]);
  }, 300_000);
  it('the owner asks for an extension; the secretary agrees; the new deadline shows and the history keeps both', async () => {
    const problem = '分管项目遇到难题时主动协调不够';
    const newDate = inDays(60);
    // The owner (张伟) opens his overdue item: the deadline is not his to edit, he asks for more time.
    const { page: zhang, errors: e1 } = await pageAs('zhangwei');
    await visit(zhang, '/ledger?org=mine&tab=tasks', 'ledger-table');
    await poll(() => zhang.getByTestId('ledger-table').innerText()).toContain(problem);
    await zhang.getByTestId('ledger-row').filter({ hasText: problem }).getByRole('link').first().click();
    await zhang.getByTestId('overdue-banner').waitFor();
    const url = new URL(zhang.url()).pathname;
    const oldDeadline = (await zhang.getByTestId('item-deadline').innerText()).trim();
    await zhang.getByRole('button', { name: '修改' }).click();
    const edit = zhang.getByRole('dialog');
    expect(await edit.getByLabel('完成日期').isDisabled()).toBe(true);
    expect(await edit.innerText()).toContain('如需延期，请使用“申请延期”');
    await edit.getByRole('button', { name: '取消' }).click();
    await zhang.getByTestId('request-extension').click();
    const dlg = zhang.getByRole('dialog', { name: '申请延期' });
    expect(await dlg.getByTestId('confirm-extension').isDisabled()).toBe(true);
    await typeDate(dlg.getByLabel('延期至'), newDate);
    await dlg.getByLabel('延期理由').fill('难题清单中两项需省级部门协调，预计两个月内办结。');
    await dlg.getByTestId('confirm-extension').click();
    await poll(() => zhang.getByTestId('extension-pending').innerText()).toContain(`延至 ${newDate}`);
    // While it waits, nothing changes: still overdue, same deadline, no second request.
    expect(await zhang.getByTestId('overdue-banner').count()).toBe(1);
    expect((await zhang.getByTestId('item-deadline').innerText()).trim()).toBe(oldDeadline);
    expect(await zhang.getByTestId('request-extension').count()).toBe(0);
    expect(await zhang.getByTestId('approve-extension').count()).toBe(0);
    await shot(zhang, 'owner-extension-requested', true);

    // The secretary (王建国) was told, finds it among the pending requests, and agrees.
    const { page: wang, errors: e2 } = await pageAs('wangjianguo');
    await wang.goto('/');
    await wang.getByTestId('notifications').click();
    await poll(() =>
      wang
        .getByTestId('notification')
        .allInnerTexts()
        .then((t) => t.join('\n')),
    ).toContain('延期申请待审批');
    await visit(wang, '/ledger?extension=pending', 'ledger-table');
    await poll(() => wang.getByTestId('ledger-table').innerText()).toContain(problem);
    const row = wang.getByTestId('ledger-row').filter({ hasText: problem });
    expect(await row.getByTestId('extension-pending-badge').innerText()).toContain('延期待批');
    expect(await wang.getByTestId('ledger-row').count()).toBe(
      await wang.getByTestId('extension-pending-badge').count(),
    );
    await shot(wang, 'secretary-pending-extensions', true);
    await visit(wang, url, 'extension-pending');
    await wang.getByTestId('approve-extension').click();
    const decide = wang.getByRole('dialog', { name: '同意延期' });
    await decide.getByLabel('审批意见').fill('同意，请按月报告协调进展。');
    await decide.getByTestId('confirm-decision-extension').click();
    await poll(() => wang.getByTestId('item-deadline').innerText()).toBe(
      `${Number(newDate.slice(0, 4))}年${Number(newDate.slice(5, 7))}月${Number(newDate.slice(8, 10))}日`,
    );
    expect(await wang.getByTestId('extension-pending').count()).toBe(0);
    expect(await wang.getByTestId('overdue-banner').count()).toBe(0);

    // The owner sees the new deadline, no longer overdue, and the history shows the request and the decision.
    await visit(zhang, url, 'extensions');
    await poll(() => zhang.getByTestId('item-deadline').innerText()).toContain(
      `${Number(newDate.slice(5, 7))}月${Number(newDate.slice(8, 10))}日`,
    );
    expect(await zhang.getByTestId('overdue-banner').count()).toBe(0);
    const lines = await zhang.getByTestId('extension').allInnerTexts();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `张伟 · 申请延期：\\d{4}-\\d{2}-\\d{2} → ${newDate}[\\s\\S]*已同意[\\s\\S]*理由：难题清单中两项需省级部门协调`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(`王建国 · 同意延期：完成时限改为 ${newDate}[\\s\\S]*意见：同意，请按月报告协调进展`),
    );
    await shot(zhang, 'owner-extension-approved', true);
    expect([...e1, ...e2]).toEqual([]);
  }, 240_000);
});
