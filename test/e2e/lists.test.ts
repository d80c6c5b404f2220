/**
 * The lists, in a real browser against the demo server:
 *   1. the 机关党委 secretary filters the meetings list (kind, search by organization), sees each
 *      meeting's stage and progress (materials, talks, opinions, ledger) where he may, opens the
 *      meeting's 查重 overview and a source side by side (the 网络范文 the sample came from);
 *   2. the 督导组 (superior reviewer) sees the same list with progress, filters by stage, opens the
 *      查重 overview, and from the review page's 查重 panel a match side by side;
 *   3. a member sees the stages without progress and no 查重 overview; the overview refuses him;
 *   4. the branch secretary searches people by organization and role.
 * Screenshots: test-results/screenshots/lists/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { journeys, poll, shooter } from './harness.js';

const J = journeys();
const shot = shooter('lists');

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');
const rowOf = (page: Page, text: string) => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text });

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

const DSH = '2023年第二批主题教育专题民主生活会';
const ZZSH = '第一党支部2023年度主题教育专题组织生活会';

describe('lists', () => {
  it('the secretary filters meetings, sees stage and progress, opens the 查重 overview and a source side by side', async () => {
    const { page, errors } = await J.pageAs('wangjianguo');
    await page.goto('/meetings');
    await poll(() => rows(page).count()).toBe(3); // the two of 2023 and the 机关党委's of 2022
    // His own 民主生活会 and the branch's (he reviews it for the 机关党委): stage bar and progress.
    const dsh = rowOf(page, DSH);
    await poll(() => dsh.getByTestId('phase').innerText()).not.toBe('');
    expect(await dsh.getByTestId('materials-progress').innerText()).toMatch(/已写 [1-9]\d* \/ 应写 3/);
    expect(await dsh.getByTestId('talks-progress').innerText()).toMatch(/谈话 \d+\/\d+/);
    expect(await dsh.getByTestId('ledger-progress').innerText()).toMatch(/销号 \d+\/\d+/);
    expect(await rowOf(page, ZZSH).getByTestId('progress').count()).toBe(1);
    await shot(page, 'secretary-meetings', true);

    await choose(page, '按类型筛选', '组织生活会');
    await poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().innerText()).toContain(ZZSH);
    expect(page.url()).toContain('kind=');
    await page.goto('/meetings');
    await poll(() => rows(page).count()).toBe(3);
    await page.getByLabel('搜索会议名称或组织').fill('某县机关党委');
    await page.getByLabel('搜索会议名称或组织').press('Enter');
    await poll(() => rows(page).count()).toBe(2);
    expect((await rows(page).allInnerTexts()).every((t) => t.includes('某县机关党委'))).toBe(true);
    expect(await rowOf(page, DSH).count()).toBe(1);
    await page.getByLabel('搜索会议名称或组织').fill('没有这个会议');
    await page.getByLabel('搜索会议名称或组织').press('Enter');
    await poll(() => page.locator('.ant-table-tbody').innerText()).toContain('没有符合条件的会议');
    await page.getByLabel('搜索会议名称或组织').fill('');
    await page.getByLabel('搜索会议名称或组织').press('Enter');
    await poll(() => rows(page).count()).toBe(3);

    // The 查重 overview of his meeting: the imported sample is a copy of the 网络范文.
    await rowOf(page, DSH).getByRole('link', { name: '查重总览' }).click();
    await page.getByTestId('similarity-overview').waitFor();
    await poll(() => page.locator('.ant-table-tbody').innerText()).toContain('网络范文');
    const copied = rowOf(page, '网络范文');
    expect(await copied.getByTestId('overview-copy').innerText()).toMatch(/\d+(\.\d)?%/);
    await shot(page, 'similarity-overview', true);
    await copied.getByTestId('overview-source').first().click();
    const modal = page.getByTestId('side-by-side');
    await modal.waitFor();
    await poll(() => modal.getByTestId('sbs-passage').count()).toBeGreaterThan(0);
    expect(await modal.getByTestId('sbs-right').count()).toBeGreaterThan(0);
    // Highlighted runs on both sides hold the same words.
    const left = await modal.getByTestId('sbs-left').first().locator('mark').first().innerText();
    expect(left.length).toBeGreaterThanOrEqual(4);
    expect(await modal.getByTestId('sbs-right').first().innerText()).toContain(left);
    await shot(page, 'side-by-side', true);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the 督导组 sees progress, filters by stage, and opens a match side by side from the review page', async () => {
    const { page, errors } = await J.pageAs('zhaomin');
    await page.goto('/meetings');
    await poll(() => rows(page).count()).toBe(3);
    expect(await rowOf(page, ZZSH).getByTestId('progress').count()).toBe(1);
    const phase = await rowOf(page, DSH).getByTestId('phase').innerText();
    await choose(page, '按阶段筛选', phase);
    await poll(() => page.url()).toContain('phase=');
    await poll(async () => (await rows(page).allInnerTexts()).every((t) => t.includes(phase))).toBe(true);
    expect(await rows(page).allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(DSH)]));
    await shot(page, 'reviewer-meetings-by-stage', true);

    await rowOf(page, DSH).getByRole('link', { name: '查重总览' }).click();
    await page.getByTestId('similarity-overview').waitFor();
    await poll(() => page.locator('.ant-table-tbody').innerText()).toContain('网络范文');
    // From the overview to the material's review page, and its 查重 panel.
    await rowOf(page, '网络范文').locator('a').first().click();
    await page.waitForURL(/\/materials\/[^/]+\/review/);
    await page.getByRole('tab', { name: '查重' }).click();
    await page.getByTestId('open-side-by-side').first().click();
    const modal = page.getByTestId('side-by-side');
    await poll(() => modal.getByTestId('sbs-passage').count()).toBeGreaterThan(0);
    expect(await modal.getByTestId('sbs-source-name').innerText()).toContain('来源');
    expect(await modal.getByTestId('sbs-right').count()).toBeGreaterThan(0);
    await shot(page, 'reviewer-side-by-side', true);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a member sees the stages only, and no 查重 overview', async () => {
    const { page } = await J.pageAs('liuyang');
    await page.goto('/meetings');
    await poll(() => rows(page).count()).toBeGreaterThan(0);
    await poll(() => rowOf(page, ZZSH).getByTestId('phase').count()).toBe(1);
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByRole('link', { name: '查重总览' }).count()).toBe(0);
    const id = (await rowOf(page, ZZSH).locator('a').first().getAttribute('href'))!.split('/').pop();
    await page.goto(`/meetings/${id}/similarity`);
    await poll(() => page.getByTestId('similarity-overview').innerText()).toContain('没有权限查看查重总览');
    await shot(page, 'member-overview-refused', true);
  }, 120_000);

  it('the branch secretary searches people by organization and role', async () => {
    const { page, errors } = await J.pageAs('liming');
    await page.goto('/orgs');
    await page.getByRole('tab', { name: '人员与账号' }).click();
    await page.getByLabel('搜索人员').fill('第一党支部');
    await page.getByLabel('搜索人员').press('Enter');
    await poll(async () => (await rows(page).allInnerTexts()).length).toBeGreaterThan(0);
    await poll(async () => (await rows(page).allInnerTexts()).every((t) => t.includes('第一党支部'))).toBe(true);
    const names = (await rows(page).allInnerTexts()).join('\n');
    expect(names).toContain('刘洋');
    expect(names).not.toContain('吴华'); // 第二党支部
    await choose(page, '按角色筛选人员', '党员');
    await poll(() => rows(page).allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('刘洋')]));
    await shot(page, 'people-search', true);
    expect(errors).toEqual([]);
  }, 120_000);
});
