/**
 * The main user journeys in a real browser against the real server (demo data):
 *   1. secretary-setup: the branch secretary sets up a meeting (framework, participants, stage dates)
 *      and sees its stage timeline;
 *   2. material-review: a member imports the sample material, sees the cleaned watermarks, fixes a
 *      flagged problem and submits; the secretary returns it with a comment; the member sees the
 *      comment in place, revises and resubmits; the secretary compares versions and approves; the
 *      .docx export downloads and opens.
 * Screenshots: test-results/screenshots/<journey>/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { confirmSubmit, DISABLED_FEATURES, journeys, poll, ROOT, shooter, watchErrors } from './harness.js';

const SAMPLE = join(ROOT, 'test', 'fixtures', 'sample-2023.txt');

const J = journeys();
const pageAs = J.pageAs;

async function pickOption(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

let meetingId = '';
let materialId = '';

describe('secretary-setup', () => {
  it('the branch secretary sets up a meeting and sees its timeline', async () => {
    const shot = shooter('secretary-setup');
    const { page, errors } = await pageAs('liming');
    await shot(page, 'home');
    await page.getByRole('menuitem', { name: '会议' }).click();
    await page.getByRole('button', { name: '新建会议' }).click();
    await page.waitForURL(/\/meetings\/new$/);
    await page.getByRole('button', { name: '创建会议' }).waitFor();
    await page.locator('form').getByText('组织生活会', { exact: true }).click();
    await page.getByLabel('年度').fill('2024');
    await page.getByLabel('会议主题').fill('第一党支部2024年度专题组织生活会');
    await pickOption(page, '检视框架（对照检查的方面）', '2023年主题教育');
    await poll(() => page.getByTestId('framework-aspects').innerText()).toContain('廉洁自律');
    // Participants come from the branch's members.
    await poll(() => page.locator('table').last().innerText()).toContain('刘洋');
    await page.getByLabel('地点').fill('党员活动室');
    await shot(page, 'meeting-form', true);
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.waitForURL((u) => /\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    meetingId = new URL(page.url()).pathname.split('/').pop()!;
    await poll(() => page.getByTestId('meeting-title').innerText()).toContain('第一党支部2024年度专题组织生活会');
    const timeline = await page.getByTestId('timeline').innerText();
    for (const s of ['征求意见', '谈心谈话', '材料提交', '审核', '召开会议', '会议报告', '整改落实'])
      expect(timeline).toContain(s);
    await shot(page, 'meeting-page', true);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('material-review', () => {
  it('a member imports the sample, sees what was cleaned, fixes a flagged problem and submits', async () => {
    expect(meetingId).not.toBe('');
    const shot = shooter('material-review');
    const { page, errors } = await pageAs('liuyang');
    await poll(() => page.getByTestId('tasks').innerText()).toContain('撰写本人检视剖析材料');
    await shot(page, 'member-home');
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('dropzone').waitFor();
    await page.getByTestId('file-input').setInputFiles(SAMPLE);
    await page.waitForURL(/\/materials\/[^/?]+\?imported=1/);
    materialId = new URL(page.url()).pathname.split('/').pop()!;
    const report = page.getByTestId('import-report');
    await poll(() => report.innerText()).toContain('稿子铺整理');
    expect(await report.innerText()).toMatch(/稿子铺整理\s*×4/);
    // The checks arrive from the worker.
    await poll(() => page.locator('[data-rule="measure-no-deadline"]').count(), 40_000).toBeGreaterThan(0);
    await shot(page, 'imported');
    const before = await page.locator('[data-rule="measure-no-deadline"]').count();
    // Click the finding: the text scrolls to it and highlights it.
    await page.locator('[data-rule="measure-no-deadline"]').first().getByTestId('finding').click();
    await page.getByTestId('preview').locator('mark.active').first().waitFor();
    await shot(page, 'finding-highlighted');
    // Fix it: give the first measure a deadline.
    await page.getByTestId('item-measures-0').getByRole('button', { name: '立行立改' }).click();
    await poll(() => page.locator('[data-rule="measure-no-deadline"]').count()).toBe(before - 1);
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toContain('已自动保存');
    await shot(page, 'fixed-and-saved');
    await confirmSubmit(page);
    await page.locator('[data-status="submitted"]').first().waitFor();
    await shot(page, 'submitted');
    expect(errors).toEqual([]);
  }, 150_000);

  it('the secretary returns it with a comment on a problem', async () => {
    expect(materialId).not.toBe('');
    const shot = shooter('material-review-return');
    const { page, errors } = await pageAs('liming');
    await poll(() => page.getByTestId('tasks').innerText()).toContain('审核');
    await shot(page, 'secretary-home-with-progress', true);
    await page.goto(`/materials/${materialId}/review`);
    await pickOption(page, '意见针对的部分', '存在的问题（一）');
    await page.getByLabel('意见内容').fill('理论学习方面只有态度，没有具体事例，请补充学习的时间、篇目和体会。');
    await page.getByRole('button', { name: '添加意见' }).click();
    await poll(() => page.getByTestId('review-comment').count()).toBe(1);
    await shot(page, 'review-with-comment');
    await page.getByTestId('return').click();
    await page.getByTestId('confirm-decision').click();
    await page.locator('[data-status="returned"]').first().waitFor();
    await shot(page, 'returned');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the member sees the comment in place, revises and resubmits', async () => {
    const shot = shooter('material-review-revise');
    const { page, errors } = await pageAs('liuyang');
    await poll(() => page.getByTestId('tasks').innerText()).toContain('修改');
    await page.goto(`/materials/${materialId}`);
    await page.getByTestId('returned-banner').waitFor();
    const card = page.getByTestId('item-problems-0');
    await poll(() => card.getByTestId('comment-in-place').innerText()).toContain('具体事例');
    await shot(page, 'comment-in-place');
    const area = card.getByLabel('方面1正文');
    await area.click();
    await area.press('End');
    await area.pressSequentially('比如，2023年9月集中学习《习近平著作选读》第一卷，我只读了三篇，没有写心得体会。');
    await page.keyboard.press('Control+s');
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toMatch(/已保存 · 第 \d+ 版/);
    await poll(() => page.getByTestId('preview').innerText()).toContain('《习近平著作选读》');
    await shot(page, 'revised');
    await confirmSubmit(page);
    await page.locator('[data-status="resubmitted"]').first().waitFor();
    await shot(page, 'resubmitted');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the secretary compares versions, approves, and the .docx export downloads and opens', async () => {
    const shot = shooter('material-review-approve');
    const { page, errors } = await pageAs('liming');
    await page.goto(`/materials/${materialId}/review`);
    await page.locator('[data-status="resubmitted"]').first().waitFor();
    await page.getByRole('button', { name: '版本比较' }).click();
    await poll(() => page.getByTestId('diff').innerText()).toContain('《习近平著作选读》');
    await shot(page, 'version-diff');
    await page.keyboard.press('Escape');
    await page.getByTestId('approve').click();
    await page.getByTestId('confirm-decision').click();
    await page.locator('[data-status="approved"]').first().waitFor();
    await shot(page, 'approved');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Word' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const path = await download.path();
    const zip = await JSZip.loadAsync(readFileSync(path!));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('理论学习');
    expect(text).toContain('《习近平著作选读》');
    expect(text).not.toContain('稿子铺整理');
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('keyboard-tablet-print', () => {
  it('logs in and works the checks with the keyboard; reads on a tablet; prints without the chrome', async () => {
    const shot = shooter('keyboard-tablet-print');
    const ctx = await J.context();
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    // Keyboard only: the username field has focus, Tab to the password, Enter submits.
    await page.goto('/login');
    await page.getByLabel('用户名').waitFor();
    await page.keyboard.type('zhangwei');
    await page.keyboard.press('Tab');
    await page.keyboard.type('jianshi2023');
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    // The demo material of 张伟 (the sample, imported at start-up).
    await page.getByRole('button', { name: '去撰写' }).first().waitFor();
    const mine = (await (await ctx.request.get('/api/materials')).json()) as { items: { id: string; title: string }[] };
    const editorUrl = `/materials/${mine.items.find((m) => m.title.includes('剖析发言材料'))!.id}`;
    await page.goto(editorUrl);
    await poll(() => page.getByTestId('finding').count(), 40_000).toBeGreaterThan(0);
    const finding = page.getByTestId('finding').first();
    await finding.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('preview').locator('mark.active').first().waitFor();
    expect(await finding.getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'keyboard-finding');
    // Ctrl+S saves a version at once.
    await page.getByTestId('item-problems-0').getByLabel('方面1正文').focus();
    await page.keyboard.press('End');
    await page.keyboard.type('（补充）');
    await page.keyboard.press('Control+s');
    await poll(() => page.getByTestId('save-state').innerText()).toMatch(/第 2 版/);
    // The checks column's tabs by keyboard: the active tab is the one tab stop, arrows move.
    const lintTab = page.getByRole('tab', { name: /检查提示/ });
    await lintTab.focus();
    await page.keyboard.press('ArrowRight');
    const simTab = page.getByRole('tab', { name: '查重' });
    expect([
      await simTab.getAttribute('aria-selected'),
      await simTab.getAttribute('tabindex'),
      await lintTab.getAttribute('tabindex'),
    ]).toEqual(['true', '0', '-1']);
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('查重');
    await expect.poll(() => page.getByRole('tabpanel').filter({ visible: true }).count()).toBe(1);
    // The 查重 panel shows the sources copied from and the stock paragraphs (text many materials
    // share, not copied from anyone) apart.
    await poll(() => page.getByTestId('similarity').innerText(), 40_000).toContain('抄自具体材料的来源');
    const stockPanel = await page.getByTestId('similarity-stock').innerText();
    expect(stockPanel).toContain('常见套话、通用段落');
    expect(stockPanel).toContain('不是抄自某一份材料，不计入上面的来源');
    expect(await page.getByTestId('checks').isVisible()).toBe(false);
    await page.keyboard.press('Home');
    expect(await lintTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('checks').isVisible()).toBe(true);

    // A tablet in portrait: the menu folds into a drawer, the columns stack.
    const tablet = await J.context({ width: 820, height: 1180 });
    await tablet.addCookies(await ctx.cookies());
    const tp = await tablet.newPage();
    const terrors = watchErrors(tp);
    await tp.goto(editorUrl);
    await tp.getByTestId('item-problems-0').waitFor();
    await tp.getByRole('button', { name: '打开菜单' }).waitFor();
    await shot(tp, 'tablet-editor');
    await tp.goto('/');
    await tp.getByTestId('tasks').waitFor();
    await shot(tp, 'tablet-home');

    // Print view: only the document, in print media.
    await page.goto(`${editorUrl}/print`);
    await page.getByTestId('print-doc').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.getByTestId('print-doc').innerText()).toContain('理论学习方面');
    await shot(page, 'print', true);
    expect([...errors, ...terrors]).toEqual([]);
  }, 150_000);
});

describe('opening a link', () => {
  it('a material opened by its link appears with its content and the wide header in the first render, its session and material each read once', async () => {
    const { page, errors } = await pageAs('zhangwei');
    const mine = (await (await page.context().request.get('/api/materials')).json()) as {
      items: { id: string; title: string }[];
    };
    const id = mine.items.find((m) => m.title.includes('剖析发言材料'))!.id;
    const p = await page.context().newPage();
    const perrors = watchErrors(p);
    // What #root first shows, recorded as the DOM changes (a spinner shown for one frame counts).
    await p.addInitScript(`(() => {
      window.__first = null;
      new MutationObserver(() => {
        const root = document.getElementById('root');
        if (window.__first || !root || !root.firstChild) return;
        window.__first = { form: !!root.querySelector('[data-testid=material-form]'), spinner: !!root.querySelector('.ant-spin'), phoneMenu: !!root.querySelector('[aria-label=打开菜单]'), text: root.innerText.slice(0, 80) };
      }).observe(document, { subtree: true, childList: true });
    })()`);
    const reads: string[] = [];
    p.on('request', (r) => {
      if (r.method() === 'GET') reads.push(new URL(r.url()).pathname);
    });
    await p.goto(`/materials/${id}`);
    await p.getByTestId('item-problems-0').waitFor();
    // On a wide screen the header's menu is there from the first frame (no phone layout first).
    expect(await p.evaluate('window.__first')).toMatchObject({ form: true, spinner: false, phoneMenu: false });
    await p.waitForTimeout(500);
    expect(reads.filter((r) => r === '/api/auth/me')).toHaveLength(1);
    expect(reads.filter((r) => r === `/api/materials/${id}`)).toHaveLength(1);
    // Not logged in: the same link shows the login page (the early reads answer 401), then the material after logging in.
    const anon = await (await J.context()).newPage();
    const aerrors = watchErrors(anon);
    await anon.goto(`/materials/${id}`);
    await anon.getByLabel('用户名').fill('zhangwei');
    await anon.getByLabel('密码').fill('jianshi2023');
    await anon.getByRole('button', { name: '登录', exact: true }).click();
    await anon.getByTestId('item-problems-0').waitFor();
    expect(anon.url()).toContain(`/materials/${id}`);
    expect([...errors, ...perrors, ...aerrors]).toEqual([]);
  }, 90_000);
});

describe('the test browser', () => {
  it("runs with one --disable-features switch carrying Playwright's list and ours (Chromium keeps only the last copy)", async () => {
    const page = await (await J.context()).newPage();
    await page.goto('chrome://version');
    const args = (await page.locator('#command_line').innerText())
      .split(/\s+/)
      .filter((a) => a.startsWith('--disable-features='));
    expect(args).toHaveLength(1);
    expect(args[0].slice('--disable-features='.length).split(',')).toEqual(DISABLED_FEATURES);
    expect(DISABLED_FEATURES).toEqual(
      expect.arrayContaining(['PaintHolding', 'OptimizationHints', 'WebUIOmniboxPopup']),
    );
  });
});

describe('admin-orgs-people', () => {
  it('the administrator sees the organization tree with roles, renames a branch, creates accounts (initial password; invitation link the person opens to set a password)', async () => {
    const shot = shooter('admin-orgs-people');
    const { page, errors } = await pageAs('admin');
    await page.getByRole('menuitem', { name: '组织与人员' }).click();
    await page.getByText('第一党支部', { exact: true }).click();
    await poll(() => page.locator('.ant-table').first().innerText()).toContain('刘洋');
    await shot(page, 'org-tree-and-roles');
    // Rename the branch: the tree shows the new name.
    await page.getByRole('button', { name: '修改名称' }).click();
    let dlg = page.getByRole('dialog').filter({ hasText: '修改组织' });
    await dlg.getByLabel('名称').fill('第一党支部（机关）');
    await dlg.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-tree').getByText('第一党支部（机关）', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '人员与账号' }).click();
    // An account with an initial password.
    await page.getByRole('button', { name: '新建人员 / 账号' }).click();
    dlg = page.getByRole('dialog').filter({ hasText: '开通方式' });
    await dlg.getByLabel('姓名').fill('马红');
    await dlg.getByLabel('职务').fill('第二党支部党员');
    await dlg.getByLabel('用户名（不填则不开通账号）').fill('mahong');
    await dlg.getByText('设置初始密码').click();
    await dlg.getByRole('textbox', { name: '初始密码' }).fill('Jianshi-2024-init');
    await dlg.getByRole('button', { name: '创建' }).click();
    await poll(() => page.getByRole('tabpanel').innerText()).toContain('mahong');
    await shot(page, 'people');
    // An account by invitation: the link is shown; the person opens it in their own browser.
    await page.getByRole('button', { name: '新建人员 / 账号' }).click();
    dlg = page.getByRole('dialog').filter({ hasText: '开通方式' });
    await dlg.getByLabel('姓名').fill('何平');
    await dlg.getByLabel('用户名（不填则不开通账号）').fill('heping');
    await dlg.getByRole('button', { name: '创建' }).click();
    const link = (await page.getByTestId('invite-link').innerText()).trim();
    expect(link).toMatch(new RegExp(`^${J.server.url}/invite#[A-Za-z0-9_-]{43}$`));
    await shot(page, 'invitation-link');
    const ctx = await J.context();
    const p2 = await ctx.newPage();
    await p2.goto(link);
    await poll(() => p2.getByTestId('invite-username').innerText()).toBe('heping');
    await p2.getByLabel('新密码', { exact: true }).fill('heping-own-pass-1');
    await p2.getByLabel('再次输入新密码').fill('heping-own-pass-1');
    await p2.getByRole('button', { name: '设置密码' }).click();
    await p2.getByText('密码已设置').waitFor();
    await shot(p2, 'invitation-accepted');
    await p2.getByRole('button', { name: '去登录' }).click();
    expect(await p2.getByLabel('用户名').inputValue()).toBe('heping');
    await p2.getByLabel('密码').fill('heping-own-pass-1');
    await p2.getByRole('button', { name: '登录', exact: true }).click();
    await p2.getByTestId('user-menu').waitFor();
    expect(await p2.getByTestId('user-menu').innerText()).toContain('何平');
    // The link is spent.
    await p2.goto(link);
    await p2.getByText('邀请链接无效或已使用').waitFor();
    await ctx.close();
    expect(errors).toEqual([]);
  }, 180_000);
});
