import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../core/meeting/report.js';
import { committeeReportInput } from '../../test/fixtures/meeting-shapes.js';
import { meetingReportFileName, meetingReportToDocx } from './meeting-report.js';
import { FONTS } from './gbt9704.js';
import { convertDocxToPdf, hasSoffice, pdfToText } from './legacy.js';

const content = () => renderReport(committeeReportInput());

describe('meeting report .docx: GB/T 9704 layout in the XML', () => {
  it('A4, margins, fonts by role, page-number footers', async () => {
    const zip = await JSZip.loadAsync(await meetingReportToDocx(content()));
    const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((p) => /^word\/footer\d*\.xml$/.test(p))
        .map((p) => zip.file(p)!.async('string')),
    );
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(/<w:pgMar [^>]*\/>/.exec(doc)?.[0]).toMatch(/w:top="2098".*w:bottom="1984".*w:left="1587"/);
    for (const f of [FONTS.title, FONTS.body, FONTS.heading1, FONTS.heading2])
      expect(doc).toContain(`w:eastAsia="${f}"`);
    // 一、 in 黑体, （一） run-in in 楷体 followed by the body in 仿宋
    expect(doc).toMatch(/w:eastAsia="黑体"[^]*?一、会前准备情况/);
    expect(doc).toMatch(
      /w:eastAsia="楷体_GB2312"[^]*?（一）深入开展学习研讨。<\/w:t>[^]*?w:eastAsia="仿宋_GB2312"[^]*?会前组织集中学习研讨4次/,
    );
    // the date right-aligned
    expect(doc).toMatch(/<w:jc w:val="right"\/>(?:(?!<\/w:p>).)*2026年1月15日/s);
    expect(footers.join('')).toContain('PAGE');
    expect(footers.some((f) => f.includes('w:val="left"')) && footers.some((f) => f.includes('w:val="right"'))).toBe(
      true,
    );
    expect(meetingReportFileName(content())).toBe(
      '中共某某县发展和改革局党组关于召开2025年度民主生活会情况的报告.docx',
    );
  });
});

describe.skipIf(!hasSoffice())('meeting report through LibreOffice headless', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianshi-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts to PDF whose text has the title, the figures and page numbers', { timeout: 120_000 }, async () => {
    const c = content();
    const docx = join(dir, 'report.docx');
    writeFileSync(docx, await meetingReportToDocx(c));
    const pdf = await convertDocxToPdf(docx, dir, { timeoutMs: 90_000 });
    const text = pdfToText(pdf);
    if (text === null) return; // poppler-utils missing: the conversion itself succeeded
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(c.title);
    for (const s of [
      '中共某某县委组织部：',
      '会前组织集中学习研讨4次',
      '共征求到意见建议45条，其中对领导班子的12条、对班子成员个人的33条',
      '谈心谈话18次、36人次',
      '应到7人，实到6人',
      '相互提出批评意见3条',
      '一是理论学习不够系统',
      '一是每月开展一次集中学习',
      '2026年1月15日',
    ]) {
      expect(flat).toContain(s);
    }
    expect(text).toMatch(/—\s*1\s*—/);
  });
});
