import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { materialFromBytes } from '../core/material/pipeline.js';
import type { MaterialContent } from '../core/material/model.js';
import { renderLines } from '../core/material/render.js';
import { readDocxParagraphs } from './docx-read.js';
import { FONTS, LAYOUT, materialToDocx, paragraphsToDocx } from './docx-write.js';
import { convertDocxToPdf, hasSoffice, pdfToText } from './legacy.js';

/** The sample material (a copy of ../shared/seeds/000_36651b71203e1f41.txt). */
const seedBytes = (): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/sample-2023.txt')));

const small: MaterialContent = {
  title: '2024年度组织生活会个人检视剖析材料',
  preface: '按照支部安排，我认真学习了有关篇目。',
  problems: [
    {
      aspect: null,
      heading: '学习贯彻党的创新理论情况',
      text: '学习不够系统，满足于读原文。',
      points: [],
      examples: [],
    },
  ],
  causes: [{ heading: '理想信念有所淡化', text: '放松了主观世界改造。' }],
  measures: [{ heading: '加强理论学习', text: '每月研读一篇原文。', deadline: null }],
  closing: '以上剖析，请同志们批评帮助。',
};

async function partsOf(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const get = async (p: string) => (await zip.file(p)?.async('string')) ?? '';
  const footers = await Promise.all(
    Object.keys(zip.files)
      .filter((p) => /^word\/footer\d*\.xml$/.test(p))
      .map(get),
  );
  return {
    document: await get('word/document.xml'),
    styles: await get('word/styles.xml'),
    settings: await get('word/settings.xml'),
    footers,
  };
}

describe('materialToDocx: GB/T 9704 layout in the XML', () => {
  it('sets A4, the margins, the footer distance', async () => {
    const { document } = await partsOf(await materialToDocx(small));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const pgMar = /<w:pgMar [^>]*\/>/.exec(document)?.[0] ?? '';
    expect(pgMar).toContain('w:top="2098"');
    expect(pgMar).toContain('w:bottom="1984"');
    expect(pgMar).toContain('w:left="1587"');
    expect(pgMar).toContain('w:right="1474"');
    expect(pgMar).toContain(`w:footer="${LAYOUT.footer}"`);
  });

  it('names the official fonts with w:eastAsia, sizes 44/32, zh-CN, exact 28.95 pt spacing, 2-character indent', async () => {
    const { document, styles } = await partsOf(await materialToDocx(small));
    for (const f of [FONTS.title, FONTS.body, FONTS.heading1, FONTS.heading2]) {
      expect(document).toContain(`w:eastAsia="${f}"`);
      expect(document).toContain(`w:ascii="${f}"`);
    }
    expect(FONTS).toMatchObject({
      title: '方正小标宋简体',
      body: '仿宋_GB2312',
      heading1: '黑体',
      heading2: '楷体_GB2312',
      pageNumber: '宋体',
    });
    expect(document).toMatch(/<w:sz w:val="44"\/>/);
    expect(document).toMatch(/<w:sz w:val="32"\/>/);
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    expect(document).toMatch(
      /<w:spacing [^>]*w:line="579" w:lineRule="exact"|<w:spacing [^>]*w:lineRule="exact"[^>]*w:line="579"/,
    );
    expect(document).toContain('w:firstLineChars="200"');
    // the title is centred
    const titlePara =
      /<w:p>(?:(?!<\/w:p>).)*2024年度组织生活会个人检视剖析材料(?:(?!<\/w:p>).)*<\/w:p>/s.exec(document)?.[0] ?? '';
    expect(titlePara).toContain('<w:jc w:val="center"/>');
    expect(titlePara).toContain('w:eastAsia="方正小标宋简体"');
  });

  it('sets the part heading in 黑体 and the run-in item heading in 楷体 followed by 仿宋', async () => {
    const { document } = await partsOf(await materialToDocx(small));
    const para = (needle: string) =>
      /<w:p>(?:(?!<\/w:p>).)*<\/w:p>/gs[Symbol.match](document)?.find((p) => p.includes(needle)) ?? '';
    expect(para('一、存在的问题')).toContain('w:eastAsia="黑体"');
    const item = para('（一）学习贯彻党的创新理论情况。');
    const runs = item.match(/<w:r>.*?<\/w:r>/gs) ?? [];
    expect(runs).toHaveLength(2);
    expect(runs[0]).toContain('w:eastAsia="楷体_GB2312"');
    expect(runs[0]).toContain('>（一）学习贯彻党的创新理论情况。<');
    expect(runs[1]).toContain('w:eastAsia="仿宋_GB2312"');
    expect(runs[1]).toContain('>学习不够系统，满足于读原文。<');
  });

  it('puts "— n —" page numbers in 宋体 4号 in odd (right) and even (left) footers', async () => {
    const { document, settings, footers } = await partsOf(await materialToDocx(small));
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(document).toMatch(/<w:footerReference w:type="default"/);
    expect(document).toMatch(/<w:footerReference w:type="even"/);
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('>— <');
      expect(f).toContain('> —<');
      expect(f).toMatch(/PAGE/);
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    const right = footers.find((f) => f.includes('<w:jc w:val="right"/>'));
    const left = footers.find((f) => f.includes('<w:jc w:val="left"/>'));
    expect(right).toContain('w:right="280"');
    expect(left).toContain('w:left="280"');
  });

  it('writes exactly the canonical paragraphs of renderLines', async () => {
    const m = materialFromBytes(seedBytes());
    const ps = await readDocxParagraphs(await materialToDocx(m));
    expect(ps.map((p) => p.text)).toEqual(renderLines(m).map((l) => l.text));
    expect(ps[0].hint?.style).toBe('title');
    expect(ps.filter((p) => p.hint?.style === 'heading1').map((p) => p.text)).toEqual(
      renderLines(m)
        .filter((l) => l.role === 'part')
        .map((l) => l.text),
    );
  });

  it('escapes XML characters and keeps text exactly', async () => {
    const m: MaterialContent = { ...small, preface: 'A&B <script>alert(1)</script> "引号" \'单引号\' 1<2 ]]> 𠀀' };
    const ps = await readDocxParagraphs(await materialToDocx(m));
    expect(ps[1].text).toBe(m.preface);
  });

  it('paragraphsToDocx sets a plain document in the same layout', async () => {
    const bytes = await paragraphsToDocx('关于召开专题民主生活会的通知', [
      '各支部：',
      '一、会议主题',
      '（一）会议时间。2024年1月10日上午。',
      '正文段落。',
    ]);
    const ps = await readDocxParagraphs(bytes);
    expect(ps.map((p) => p.text)).toEqual([
      '关于召开专题民主生活会的通知',
      '各支部：',
      '一、会议主题',
      '（一）会议时间。2024年1月10日上午。',
      '正文段落。',
    ]);
    const { document } = await partsOf(bytes);
    expect(document).toContain('w:eastAsia="黑体"');
    expect(document).toContain('w:eastAsia="楷体_GB2312"');
  });
});

describe.skipIf(!hasSoffice())('LibreOffice headless renders the export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianshi-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'converts the exported .docx to an A4 PDF whose text has the title, 28 characters per line, 22 lines per page',
    { timeout: 120_000 },
    async () => {
      const m = materialFromBytes(seedBytes());
      const docx = join(dir, 'material.docx');
      writeFileSync(docx, await materialToDocx(m));
      const pdf = await convertDocxToPdf(docx, dir, { timeoutMs: 90_000 });
      const text = pdfToText(pdf);
      if (text === null) return; // poppler-utils missing: the conversion itself succeeded
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain(m.title.replace(/\s+/g, ''));
      expect(flat).toContain('（一）理论学习方面。');
      const pages = text.split('\f').filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(2);
      // page numbers "— n —" (pdftotext may drop the spaces)
      expect(pages[0]).toMatch(/—\s*1\s*—/);
      expect(pages[1]).toMatch(/—\s*2\s*—/);
      // the layout: full lines of 28 characters, 22 text lines on a full page
      const lines = pages[1].split('\n').filter((l) => l.trim() && !/—\s*\d+\s*—/.test(l));
      const widths = lines.map((l) => [...l.replace(/\s/g, '')].length);
      expect(Math.max(...widths)).toBe(28);
      expect(lines.length).toBeGreaterThanOrEqual(20);
      expect(lines.length).toBeLessThanOrEqual(22);
    },
  );
});
