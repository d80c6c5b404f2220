/**
 * A user journey off the beaten path, in a real browser against the real server (demo data):
 * the branch secretary defines a CUSTOM framework (the 党员 "四个检视" of a 组织生活会), a member
 * imports a Word (.docx) file written against it and sees each problem under the custom aspect;
 * the secretary selects a passage in the text and comments on exactly that passage; the member
 * sees the comment with the quoted words in place.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmSubmit, journeys, poll, ROOT, shooter } from './harness.js';
import { materialFromText } from '../../src/core/material/pipeline.js';
import { exportMaterial } from '../../src/formats/import.js';

const { pageAs } = journeys();

const ASPECTS = [
  '学习贯彻党的创新理论情况|创新理论',
  '党性修养提高情况|党性修养',
  '联系服务群众情况|服务群众',
  '发挥先锋模范作用情况|先锋模范',
];

describe('custom-framework-docx', () => {
  let meetingId = '';
  let materialId = '';

  it('the secretary sets up a meeting with a custom four-aspect framework', async () => {
    const shot = shooter('custom-framework');
    const { page, errors } = await pageAs('liming');
    await page.goto('/meetings/new');
    await page.getByRole('button', { name: '创建会议' }).waitFor();
    await page.locator('form').getByText('组织生活会', { exact: true }).click();
    await page.getByLabel('年度').fill('2025');
    await page.getByLabel('会议主题').fill('第一党支部2025年度组织生活会（四个检视）');
    await page.getByLabel('检视框架（对照检查的方面）').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '自定义框架' })
      .first()
      .click();
    await page.getByLabel('框架名称').fill('党员四个检视（本支部）');
    await page.getByLabel(/方面（每行一个/).fill(ASPECTS.join('\n'));
    await poll(() => page.locator('table').last().innerText()).toContain('刘洋');
    await shot(page, 'form', true);
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.waitForURL((u) => /\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    meetingId = new URL(page.url()).pathname.split('/').pop()!;
    await poll(() => page.getByTestId('meeting-title').innerText()).toContain('四个检视');
    await shot(page, 'meeting');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a member imports a .docx written against it: each problem lands under its custom aspect', async () => {
    expect(meetingId).not.toBe('');
    const shot = shooter('custom-framework-docx');
    // A real Word file, made by the product's own GB/T 9704 writer from a member's text.
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'materials', 'member-four-checks.txt'), 'utf8');
    const docx = await exportMaterial(materialFromText(text), 'docx');
    const file = join(mkdtempSync(join(tmpdir(), 'jianshi-e2e-docx-')), '刘洋检视剖析材料.docx');
    writeFileSync(file, docx.bytes);

    const { page, errors } = await pageAs('liuyang');
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('dropzone').waitFor();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForURL(/\/materials\/[^/?]+\?imported=1/);
    materialId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('import-report').waitFor();
    // Four problems, each under the custom aspect its heading names.
    const names = ASPECTS.map((a) => a.split('|')[0]);
    for (let i = 0; i < 4; i++)
      await poll(() => page.getByTestId(`item-problems-${i}`).innerText()).toContain(names[i]);
    expect(await page.getByTestId('item-problems-4').count()).toBe(0);
    await poll(() => page.getByTestId('preview').innerText()).toContain('不动产登记窗口排队时间长');
    await shot(page, 'imported');
    // No finding says an aspect of this framework is missing.
    await poll(() => page.locator('[data-rule]').count(), 40_000).toBeGreaterThan(0);
    expect(await page.locator('[data-rule="aspect-missing"]').count()).toBe(0);
    await confirmSubmit(page);
    await page.locator('[data-status="submitted"]').first().waitFor();
    expect(errors).toEqual([]);
  }, 150_000);

  it('the secretary comments on a selected passage; the member sees it with the quoted words', async () => {
    expect(materialId).not.toBe('');
    const shot = shooter('custom-framework-selection-comment');
    const { page, errors } = await pageAs('liming');
    await page.goto(`/materials/${materialId}/review`);
    const preview = page.getByTestId('preview');
    const para = preview.getByText(/不动产登记窗口排队时间长/).first();
    await para.waitFor();
    // Select the paragraph with the mouse (triple click), as a reviewer would.
    await para.click({ clickCount: 3 });
    await poll(() => page.getByText('针对所选文字').count()).toBe(1);
    await shot(page, 'selection');
    await page.getByLabel('意见内容').fill('“只是转交”说明没有担当，请写清跟踪问效的具体措施和时限。');
    await page.getByRole('button', { name: '添加意见' }).click();
    await poll(() => page.getByTestId('review-comment').count()).toBe(1);
    // The comment keeps the selected words and is placed at the problem they belong to.
    const item = page.locator('.ant-list-item', { has: page.getByTestId('review-comment') });
    expect(await item.innerText()).toContain('不动产登记窗口排队时间长');
    expect(await item.innerText()).toContain('存在的问题（三）');
    await shot(page, 'commented');
    await page.getByTestId('return').click();
    await page.getByTestId('confirm-decision').click();
    await page.locator('[data-status="returned"]').first().waitFor();
    expect(errors).toEqual([]);

    // The author: the comment sits at the third problem (联系服务群众), quoting the passage.
    const member = await pageAs('liuyang');
    await member.page.goto(`/materials/${materialId}`);
    await member.page.getByTestId('returned-banner').waitFor();
    const card = member.page.getByTestId('item-problems-2');
    await poll(() => card.getByTestId('comment-in-place').innerText()).toContain('跟踪问效');
    expect(await card.getByTestId('comment-in-place').innerText()).toContain('针对：“');
    expect(await card.getByTestId('comment-in-place').innerText()).toContain('不动产登记窗口排队时间长');
    await shot(member.page, 'comment-in-place');
    expect(member.errors).toEqual([]);
  }, 150_000);
});
