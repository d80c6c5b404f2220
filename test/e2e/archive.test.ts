/**
 * The archive a branch keeps, in a real browser against the real server (demo data): the secretary
 * of 第一党支部 downloads, from each procedure page, the 会议记录, the 谈心谈话记录 and its register,
 * the 征求意见汇总表 and the 民主评议 results, and from the meeting page the whole file set as one
 * .zip (its progress shown while it arrives); every file is opened and read. A member sees the
 * record's button but none for the opinion summary, the appraisal results or the whole set.
 * Screenshots: test-results/screenshots/archive/NN-name.png.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readDocxParagraphs } from '../../src/formats/docx-read.js';
import { journeys, shooter } from './harness.js';

const J = journeys();
const shot = shooter('archive');

async function branchMeeting(page: Page): Promise<string> {
  const list = await page.evaluate(async () => (await (await fetch('/api/meetings')).json()) as unknown);
  const items = (Array.isArray(list) ? list : (list as { items: unknown[] }).items) as { id: string; kind: string }[];
  const m = items.find((x) => x.kind === '组织生活会');
  expect(m, 'the demo has the branch meeting').toBeTruthy();
  return m!.id;
}

/** Click a download button and return the saved file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

const docxText = async (b: Uint8Array) => (await readDocxParagraphs(b)).map((p) => p.text).join('\n');
async function xlsxRows(b: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(b) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('the archive a branch keeps', () => {
  it('the secretary downloads each record from its page, and the whole set from the meeting page', async () => {
    const { page, errors } = await J.pageAs('liming');
    const id = await branchMeeting(page);

    // 会议记录
    await page.goto(`/meetings/${id}/record`);
    const rec = await download(page, page.getByTestId('archive-record-docx'));
    expect(rec.name).toBe('第一党支部2023年度组织生活会会议记录.docx');
    const record = await docxText(rec.bytes);
    expect(record).toContain('第一党支部2023年度组织生活会会议记录');
    for (const h of ['一、会议基本情况', '二、出席情况', '四、发言和批评意见', '六、会议总结'])
      expect(record).toContain(h);
    expect(record).toContain('主持人：李明');
    expect(record).toMatch(/应到\d+人，实到\d+人/);
    expect(record).toContain('提出批评：');
    await shot(page, 'record-page-with-download');

    // 谈心谈话记录 and 登记表
    await page.goto(`/meetings/${id}/talks`);
    const talks = await download(page, page.getByTestId('archive-talks-docx'));
    expect(talks.name).toBe('第一党支部2023年度组织生活会谈心谈话记录.docx');
    const talkText = await docxText(talks.bytes);
    const count = Number(/共登记谈心谈话(\d+)次/.exec(talkText)?.[1]);
    expect(count).toBeGreaterThan(0);
    const reg = await xlsxRows((await download(page, page.getByTestId('archive-talks-xlsx'))).bytes);
    expect(reg[1]).toEqual(['序号', '谈话人', '谈话对象', '谈话时间', '谈话主题', '谈话内容']);
    expect(reg.filter((r) => /^\d+$/.test(r[0]))).toHaveLength(count);
    expect(reg.some((r) => r.includes('李明'))).toBe(true);

    // 征求意见汇总表: counts; no time of day
    await page.goto(`/meetings/${id}/opinions`);
    const ops = await docxText((await download(page, page.getByTestId('archive-opinions-docx'))).bytes);
    expect(ops).toContain('第一党支部2023年度组织生活会征求意见汇总表');
    expect(ops).toMatch(/共征求到意见建议\d+条，其中对支部委员会的\d+条/);
    expect(ops).not.toMatch(/\d{1,2}:\d{2}/);
    const opRows = await xlsxRows((await download(page, page.getByTestId('archive-opinions-xlsx'))).bytes);
    expect(opRows[1]).toEqual(['序号', '意见对象', '类别', '意见建议', '条数']);
    expect(opRows.length).toBeGreaterThan(3);

    // 民主评议 results
    await page.goto(`/meetings/${id}/appraisal`);
    const ap = await docxText((await download(page, page.getByTestId('archive-appraisal-docx'))).bytes);
    expect(ap).toContain('第一党支部2023年度组织生活会民主评议党员结果');
    expect(ap).toMatch(/参加评议党员\d+名，收回民主测评票\d+张/);
    for (const n of ['李明', '陈静', '刘洋']) expect(ap).toContain(n);
    const apRows = await xlsxRows((await download(page, page.getByTestId('archive-appraisal-xlsx'))).bytes);
    expect(apRows.find((r) => r[1] === '刘洋')).toBeTruthy();

    // The whole file set from the meeting page: progress while it comes, then the .zip.
    await page.goto(`/meetings/${id}`);
    const zipButton = page.getByTestId('archive-zip');
    await expect.poll(() => zipButton.count()).toBe(1);
    // Held back until the page has shown that it is working (released by the test, not by a timer).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/archive.zip', async (route) => {
      const response = await route.fetch();
      await gate;
      await route.fulfill({ response });
    });
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    await zipButton.click();
    await page.getByTestId('archive-zip-progress').waitFor();
    expect(await zipButton.innerText()).toContain('正在打包下载');
    await shot(page, 'meeting-page-zip-in-progress');
    release();
    const d = await downloaded;
    expect(d.suggestedFilename()).toBe('第一党支部2023年度组织生活会档案.zip');
    const zip = await JSZip.loadAsync(readFileSync(await d.path()));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    for (const n of [
      '00目录.docx',
      '01会议情况报告.docx',
      '02会议记录.docx',
      '03谈心谈话记录.docx',
      '04谈心谈话登记表.xlsx',
      '05征求意见汇总表.docx',
      '06征求意见汇总表.xlsx',
      '07民主评议党员结果.docx',
      '08民主评议党员结果.xlsx',
    ])
      expect(names).toContain(n);
    expect(names.some((n) => /整改台账\.xlsx$/.test(n))).toBe(true);
    const index = await docxText(await zip.file('00目录.docx')!.async('uint8array'));
    expect(index).toContain('第一党支部2023年度组织生活会档案目录');
    expect(index).toContain(`本档案共${names.length - 1}个文件`);
    // The record in the set is the record downloaded from its page.
    expect(await docxText(await zip.file('02会议记录.docx')!.async('uint8array'))).toBe(record);
    await expect.poll(() => page.getByText(/已下载：第一党支部2023年度组织生活会档案\.zip/).count()).toBe(1);
    await shot(page, 'meeting-page-zip-downloaded');
    expect(errors).toEqual([]);
  });

  it('on a phone the whole-set button is on screen', async () => {
    const { page } = await J.pageAs('liming', { width: 390, height: 844 });
    const id = await branchMeeting(page);
    await page.goto(`/meetings/${id}`);
    const box = await page.getByTestId('archive-zip').boundingBox();
    expect(box).toBeTruthy();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await shot(page, 'phone-meeting-page');
  });

  it('a member: the record to download, no opinion summary, appraisal results or whole set', async () => {
    const { page } = await J.pageAs('liuyang');
    const id = await branchMeeting(page);
    await page.goto(`/meetings/${id}/record`);
    const rec = await download(page, page.getByTestId('archive-record-docx'));
    expect(await docxText(rec.bytes)).toContain('会议记录');
    await page.goto(`/meetings/${id}/opinions`);
    await page.getByText('征求意见').first().waitFor();
    expect(await page.getByTestId('archive-opinions-docx').count()).toBe(0);
    await page.goto(`/meetings/${id}`);
    await page.getByTestId('meeting-title').waitFor();
    expect(await page.getByTestId('archive-zip').count()).toBe(0);
    // The server agrees: the whole set is refused with a Chinese message.
    const r = await page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    }, `/api/meetings/${id}/archive.zip`);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('E_FORBIDDEN');
  });
});
