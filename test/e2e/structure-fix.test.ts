/**
 * A misread import fixed by its author in the editor: a problem heading the text writes as a plain
 * sentence (read as body text of the problem before it) becomes a problem heading, and a measure
 * the text splits in two is joined again — by menu, without typing. The checks follow at once; the
 * fix is saved, still there after reloading, and still there when the same file is imported again
 * as a new version.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { journeys, poll, shooter } from './harness.js';

const HEADING = '另外必须正视的是，我在联系服务群众上做得还远远不够。';
const TEXT = `2024年度民主生活会个人对照检查材料
按照本次组织生活会的要求，我认真学习了有关文件，广泛征求了意见，现将对照检查情况报告如下。
一、存在的问题
（一）理论学习方面。学习不够系统深入，满足于读原文、记笔记，比如去年参加集中学习时只做了摘抄，没有写出心得。
（二）担当作为方面。遇到矛盾有时绕着走，比如对一起拖了半年的信访件没有主动牵头协调。
${HEADING}
下基层调研次数少，听取群众意见不主动，比如全年只走访了两个村，群众反映的饮水问题至今没有回音。
二、原因剖析
（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。
（二）宗旨意识有所淡化。对群众的感情不够深，习惯于坐在办公室听汇报。
三、整改措施
（一）加强理论学习。每月精读一本原著，写出一篇心得，2025年6月底前完成。
（二）主动担当作为。对分管领域的难点问题逐一梳理，建立工作台账。
（三）具体来说，年内牵头解决两件群众急难愁盼问题，2025年12月底前完成。
以上发言，请同志们批评指正。
`;

const J = journeys();

async function pickOption(page: Page, label: string, option: string) {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

const rowOf = (page: Page, text: string) =>
  page.getByTestId('structure-view').locator('li', { has: page.getByTestId('structure-text').getByText(text) });

/** Opens the menu of the structure row whose text starts with `text` and chooses `action`. */
async function restructure(page: Page, text: string, action: string) {
  await rowOf(page, text).getByTestId('structure-menu').click();
  await page.locator('.ant-dropdown:visible').getByRole('menuitem', { name: action }).click();
}

/** The version the editor's save state names ("第 3 版", "已保存 · 第 3 版 · …", "已自动保存 · 第 3 版之后的修改 · …"). */
async function versionOf(page: Page): Promise<number> {
  const m = /第 (\d+) 版/.exec(await page.getByTestId('save-state').innerText());
  return m ? Number(m[1]) : -1;
}

const noDeadline = (page: Page) => page.locator('[data-rule="measure-no-deadline"]');

async function expectFixed(page: Page) {
  await page.getByTestId('item-problems-2').waitFor();
  expect(await page.getByTestId('item-problems-2').getByLabel('方面3小标题').inputValue()).toBe(
    '另外必须正视的是，我在联系服务群众上做得还远远不够',
  );
  expect(await page.getByTestId('item-problems-1').getByLabel('方面2正文').inputValue()).not.toContain('联系服务群众');
  expect(await page.locator('[data-testid^="item-measures-"]').count()).toBe(2);
  expect(await page.getByTestId('item-measures-1').getByLabel('措施2正文').inputValue()).toContain(
    '年内牵头解决两件群众急难愁盼问题',
  );
}

describe('fixing a misread structure in the editor', () => {
  let meetingId = '';
  it('the secretary sets up the meeting', async () => {
    const { page, errors } = await J.pageAs('liming');
    await page.goto('/meetings/new');
    await page.getByRole('button', { name: '创建会议' }).waitFor();
    await page.locator('form').getByText('组织生活会', { exact: true }).click();
    await page.getByLabel('年度').fill('2024');
    await page.getByLabel('会议主题').fill('第一党支部2024年度专题组织生活会');
    await pickOption(page, '检视框架（对照检查的方面）', '2023年主题教育');
    await poll(() => page.locator('table').last().innerText()).toContain('刘洋');
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.waitForURL((u) => /\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    meetingId = new URL(page.url()).pathname.split('/').pop()!;
    expect(errors).toEqual([]);
  }, 120_000);

  it('a member fixes the misread import by menu, saves, and the fix stays in the next versions', async () => {
    expect(meetingId).not.toBe('');
    const shot = shooter('structure-fix');
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-structure-'));
    const file = join(dir, '对照检查材料.txt');
    writeFileSync(file, TEXT);
    const { page, errors } = await J.pageAs('liuyang');
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('dropzone').waitFor();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForURL(/\/materials\/[^/?]+\?imported=1/);
    const materialId = new URL(page.url()).pathname.split('/').pop()!;

    // As read by the parser: two problems (the sentence is body text of the second), three measures.
    await page.getByTestId('item-problems-1').waitFor();
    expect(await page.locator('[data-testid^="item-problems-"]').count()).toBe(2);
    expect(await page.getByTestId('item-problems-1').getByLabel('方面2正文').inputValue()).toContain(HEADING);
    await poll(() => page.locator('[data-testid^="item-measures-"]').count()).toBe(3);
    // The checks say the first half of the split measure has no deadline.
    await poll(() => noDeadline(page).filter({ hasText: '主动担当作为' }).count(), 40_000).toBe(1);
    await shot(page, 'misread');

    // Fix it in the structure view: the sentence becomes a problem heading, the split measure is joined.
    await page.getByTestId('open-structure').click();
    await page.getByTestId('structure-view').waitFor();
    // The meeting sets the framework: shown, binding, not offered for choice.
    expect(await page.getByTestId('structure-framework').innerText()).toContain('本次会议规定的检视框架');
    expect(await page.getByTestId('framework-select').count()).toBe(0);
    await restructure(page, '另外必须正视的是', '设为问题标题');
    await poll(() =>
      page.getByTestId('structure-view').locator('li[data-role="head"][data-kind="problems"]').count(),
    ).toBe(3);
    // By keyboard: the row's menu button, Enter opens the menu, ↓ to its first entry (与上一条合并), Enter.
    await rowOf(page, '具体来说')
      .getByRole('button', { name: /^调整结构：具体来说/ })
      .focus();
    await page.keyboard.press('Enter');
    await page.locator('.ant-dropdown:visible').getByRole('menuitem', { name: '与上一条合并' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() =>
      page.getByTestId('structure-view').locator('li[data-role="head"][data-kind="measures"]').count(),
    ).toBe(2);
    await shot(page, 'structure-fixed');
    // The checks follow the fixed structure: the joined measure has its deadline.
    await poll(() => noDeadline(page).filter({ hasText: '主动担当作为' }).count(), 40_000).toBe(0);
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toContain('已自动保存');

    // Back in the form: three problems, two measures; the new problem gets its aspect.
    await page.getByTestId('editor-mode').getByText('编辑内容').click();
    await expectFixed(page);
    const missing = page.getByTestId('checks').getByText('缺少“工作作风”方面的问题查摆。');
    await poll(() => missing.count(), 40_000).toBe(1);
    await page.getByTestId('item-problems-2').getByLabel('所属方面').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '工作作风' }).first().click();
    await poll(() => missing.count(), 40_000).toBe(0);
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toContain('已自动保存');
    await shot(page, 'form-after-fix');

    // Autosave kept the edits as the working copy: no version per pause.
    expect(await page.getByTestId('save-state').innerText()).toMatch(/版之后的修改/);
    // The next version: another edit, saved; then the page read again from the server.
    const before = await versionOf(page);
    await page.getByTestId('item-problems-2').getByLabel('方面3正文').focus();
    await page.keyboard.press('End');
    await page.keyboard.type('今后要多下基层。');
    await page.keyboard.press('Control+s');
    await poll(() => versionOf(page), 30_000).toBe(before + 1);
    await page.goto(`/materials/${materialId}`);
    await expectFixed(page);
    await poll(() => noDeadline(page).count(), 40_000).toBe(0);

    // And a re-import of the same file as a new version: the corrections are replayed.
    await page.getByRole('button', { name: '导入文件' }).click();
    await page.locator('.ant-modal:visible').getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-report').waitFor();
    await poll(() => page.getByTestId('import-report').innerText()).toContain('已沿用此前的 3 处结构调整');
    await expectFixed(page);
    await poll(() => versionOf(page), 30_000).toBe(before + 2);
    await page.goto(`/materials/${materialId}`);
    await expectFixed(page);
    await poll(() => page.locator('[data-testid="finding"]').count(), 40_000).toBeGreaterThan(0);
    expect(await noDeadline(page).filter({ hasText: '主动担当作为' }).count()).toBe(0);
    expect(await page.getByTestId('item-problems-2').locator('.ant-select').innerText()).toContain('工作作风');
    expect(await missing.count()).toBe(0);
    await shot(page, 'after-reimport');

    // The server's checks of the stored version agree.
    const checks = (await (await page.context().request.get(`/api/materials/${materialId}/checks`)).json()) as {
      version: number;
      findings: { rule: string; message: string }[];
    };
    expect(checks.version).toBe(before + 2);
    expect(checks.findings.filter((f) => f.rule === 'measure-no-deadline')).toEqual([]);
    expect(checks.findings.filter((f) => f.message.includes('缺少“工作作风”'))).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});

/** A cause and a measure each written as "一是…；二是…" in one paragraph. */
const LISTED = TEXT.replace(
  '（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。',
  '（一）理想信念有所松懈。一是对理论武装的重要性认识不足，放松了主观世界的改造；二是党性修养有所放松，对自己要求不够严格。',
).replace(
  '（二）主动担当作为。对分管领域的难点问题逐一梳理，建立工作台账。',
  '（二）主动担当作为。一是对分管领域的难点问题逐一梳理，建立工作台账；二是每月对账销号，2025年3月底前完成首轮。',
);
const FOUR = '2024年度民主生活会（四个带头）';
const POLITICAL = '缺少“带头严守政治纪律和政治规矩，维护党的团结统一”方面的问题查摆。';

describe('choosing the framework and splitting inside a paragraph in the editor', () => {
  let meetingId = '';
  it('the secretary sets up a meeting without a framework', async () => {
    const { page, errors } = await J.pageAs('liming');
    await page.goto('/meetings/new');
    await page.getByRole('button', { name: '创建会议' }).waitFor();
    await page.locator('form').getByText('组织生活会', { exact: true }).click();
    await page.getByLabel('年度').fill('2024');
    await page.getByLabel('会议主题').fill('第一党支部2024年度组织生活会（未定框架）');
    await poll(() => page.locator('table').last().innerText()).toContain('刘洋');
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.waitForURL((u) => /\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    meetingId = new URL(page.url()).pathname.split('/').pop()!;
    expect(errors).toEqual([]);
  }, 120_000);

  it('a member chooses the framework and splits a cause at 二是; both survive a re-import and the checks follow', async () => {
    expect(meetingId).not.toBe('');
    const shot = shooter('structure-fix-framework');
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-structure-'));
    const file = join(dir, '对照检查材料.txt');
    writeFileSync(file, LISTED);
    const { page, errors } = await J.pageAs('liuyang');
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('dropzone').waitFor();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForURL(/\/materials\/[^/?]+\?imported=1/);
    const materialId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('item-problems-1').waitFor();
    const political = page.getByTestId('checks').getByText(POLITICAL);
    await poll(() => page.locator('[data-testid="finding"]').count(), 40_000).toBeGreaterThan(0);
    expect(await political.count()).toBe(0);

    await page.getByTestId('open-structure').click();
    await page.getByTestId('structure-view').waitFor();
    expect(await page.getByTestId('structure-framework').innerText()).toContain('本次会议没有规定检视框架');
    await pickOption(page, '检视框架', FOUR);
    // The checks follow the chosen set at once: its aspects are now the ones missing.
    await poll(() => political.count(), 40_000).toBe(1);
    expect(await page.getByTestId('checks').getByText('缺少“工作作风”方面的问题查摆。').count()).toBe(0);

    const causes = () => page.getByTestId('structure-view').locator('li[data-role="head"][data-kind="causes"]').count();
    expect(await causes()).toBe(2);
    await restructure(page, '一是对理论武装', '在“二是”处拆分（另起一条原因）');
    await poll(causes).toBe(3);
    expect(await rowOf(page, '党性修养有所放松').getAttribute('data-role')).toBe('head');
    await shot(page, 'framework-and-split');

    // In the form, the item's 结构 ▾ menu offers the same split.
    await page.getByTestId('editor-mode').getByText('编辑内容').click();
    const measures = () => page.locator('[data-testid^="item-measures-"]').count();
    await poll(measures).toBe(3);
    await page.getByRole('button', { name: '调整措施2的结构' }).click();
    await page.locator('.ant-dropdown:visible').getByRole('menuitem', { name: '在“二是”处拆分' }).click();
    await poll(measures).toBe(4);
    expect(await page.getByTestId('item-measures-2').getByLabel('措施3小标题').inputValue()).toBe(
      '每月对账销号，2025年3月底前完成首轮',
    );
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toContain('已自动保存');
    // The autosaved edits become a version when the author saves.
    await page.keyboard.press('Control+s');
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toMatch(/已保存 · 第 \d+ 版/);
    const before = await versionOf(page);

    // The same file imported again as a new version: framework and splits are replayed.
    await page.getByRole('button', { name: '导入文件' }).click();
    await page.locator('.ant-modal:visible').getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-report').waitFor();
    await poll(() => page.getByTestId('import-report').innerText()).toContain('已沿用此前的 3 处结构调整');
    await poll(() => versionOf(page), 30_000).toBe(before + 1);
    await page.goto(`/materials/${materialId}`);
    await page.getByTestId('item-causes-2').waitFor();
    expect(await page.locator('[data-testid^="item-causes-"]').count()).toBe(3);
    expect(await measures()).toBe(4);
    await poll(() => political.count(), 40_000).toBe(1);
    await page.getByTestId('editor-mode').getByText('调整结构').click();
    expect(await page.getByTestId('structure-framework').locator('.ant-select').innerText()).toContain(FOUR);
    await shot(page, 'after-reimport');

    const checks = (await (await page.context().request.get(`/api/materials/${materialId}/checks`)).json()) as {
      findings: { rule: string; message: string }[];
    };
    expect(checks.findings.map((f) => f.message)).toContain(POLITICAL);
    expect(errors).toEqual([]);
  }, 240_000);
});
