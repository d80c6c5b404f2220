import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJianshiError } from '../core/errors.js';
import { parseXml, readDocxParagraphs } from './docx-read.js';
import { importFile } from './import.js';

const FIX = join(import.meta.dirname, '../../test/fixtures/docx');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

/** A minimal .docx around a document body (and optional styles). */
async function makeDocx(
  body: string,
  styles?: string,
  extra: Record<string, string | Uint8Array> = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CT);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
  );
  if (styles) zip.file('word/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${styles}</w:styles>`);
  for (const [k, v] of Object.entries(extra)) zip.file(k, v);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Set the declared uncompressed size of every entry (central directory and local headers); returns the entry count. */
function patchSizes(bytes: Uint8Array, size: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && dv.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  for (let k = 0; k < count; k++) {
    expect(dv.getUint32(p, true)).toBe(0x02014b50);
    dv.setUint32(p + 24, size, true);
    const local = dv.getUint32(p + 42, true);
    expect(dv.getUint32(local, true)).toBe(0x04034b50);
    dv.setUint32(local + 22, size, true);
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return count;
}

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => isJianshiError(e) && e.code === code);
}

describe('readDocxParagraphs: structure and hints', () => {
  it('reads Word heading styles (Title, Heading 1, Heading 2) from the docx library', async () => {
    const ps = await readDocxParagraphs(fixture('headings.docx'));
    expect(ps[0]).toEqual({ text: '2023年度专题民主生活会个人对照检查材料', hint: { style: 'title' } });
    expect(ps.filter((p) => p.hint?.style === 'heading1').map((p) => p.text)).toEqual([
      '存在的主要问题',
      '问题产生的原因',
      '下一步整改措施',
    ]);
    expect(ps.filter((p) => p.hint?.style === 'heading2')).toHaveLength(7);
    expect(ps.at(-1)?.text).toBe('以上发言，请同志们批评指正。');
  });

  it('maps Chinese style names, numeric style ids and inherited outline levels', async () => {
    const ps = await readDocxParagraphs(fixture('headings-cn.docx'));
    expect(ps[0].hint).toEqual({ style: 'title', align: 'center' });
    expect(ps.filter((p) => p.hint?.style === 'heading1').map((p) => p.text)).toEqual([
      '一、存在的主要问题',
      '二、问题产生的原因',
      '三、下一步整改措施',
    ]);
    // MyItem has no name of its own; it is a heading through basedOn MyBase (outlineLvl 1)
    expect(ps.find((p) => p.text === '理想信念有所淡化')?.hint?.style).toBe('heading2');
  });

  it('reports leading bold text (stand-alone and run-in, across runs, after an indent)', async () => {
    const ps = await readDocxParagraphs(fixture('bold.docx'));
    const byStart = (s: string) => ps.find((p) => p.text.startsWith(s))!;
    expect(byStart('一、存在的主要问题').hint).toEqual({ bold: true, boldChars: 9 });
    expect(byStart('（一）理论学习方面。').hint).toEqual({ bold: true, boldChars: '（一）理论学习方面。'.length });
    expect(byStart('理想信念有所淡化。').hint?.boldChars).toBe('理想信念有所淡化。'.length);
    // indented with two full-width spaces, heading split over two bold runs
    expect(byStart('（一）加强理论武装。').hint?.boldChars).toBe('（一）加强理论武装。'.length);
    expect(byStart('根据会议安排').hint).toBeUndefined();
  });

  it('reads table cells as paragraphs, in reading order', async () => {
    const ps = await readDocxParagraphs(fixture('table.docx'));
    expect(ps.slice(0, 5).map((p) => p.text)).toEqual([
      '2023年度专题民主生活会个人对照检查材料',
      '姓名',
      '张三',
      '职务',
      '副局长',
    ]);
    expect(ps.some((p) => p.text.startsWith('（一）理论学习方面。'))).toBe(true);
  });

  it('handles bold from styles, w:b="0", alignment, breaks, tabs, entities; ignores text boxes, deleted text, fields', async () => {
    const styles = `
      <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="BoldPara"><w:name w:val="粗体段"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="a"><w:name w:val="heading 3"/></w:style>
      <w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="x"/><w:basedOn w:val="Loop2"/></w:style>
      <w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="y"/><w:basedOn w:val="Loop1"/></w:style>`;
    const body = `
      <w:p><w:pPr><w:pStyle w:val="BoldPara"/></w:pPr><w:r><w:t>一、存在的问题</w:t></w:r></w:p>
      <w:p><w:pPr><w:pStyle w:val="BoldPara"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不是粗体</w:t></w:r></w:p>
      <w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t xml:space="preserve">在理论学习方面，</w:t></w:r><w:r><w:t>学习不深入。</w:t></w:r></w:p>
      <w:p><w:pPr><w:pStyle w:val="a"/><w:jc w:val="center"/></w:pPr><w:r><w:t>三级标题</w:t></w:r></w:p>
      <w:p><w:pPr><w:pStyle w:val="Loop1"/></w:pPr><w:r><w:t>循环样式</w:t></w:r></w:p>
      <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>大纲一级</w:t></w:r></w:p>
      <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>A&amp;B &lt;C&gt; &#x4E2D;&#25991;</w:t></w:r></w:p>
      <w:p><w:r><w:t>正文</w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="x"><a:graphic xmlns:a="y"><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></a:graphic></wp:inline></w:drawing></w:r>
        <w:del w:id="1"><w:r><w:delText>删除的文字</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>插入的文字</w:t></w:r></w:ins>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>
      <w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>
      <w:sectPr/>`;
    const ps = await readDocxParagraphs(await makeDocx(body, styles));
    expect(ps).toEqual([
      { text: '一、存在的问题', hint: { bold: true, boldChars: 7, align: 'both' } },
      { text: '不是粗体', hint: { align: 'both' } },
      { text: '在理论学习方面，学习不深入。', hint: { bold: true, boldChars: 8, align: 'both' } },
      { text: '三级标题', hint: { style: 'heading3', align: 'center' } },
      { text: '循环样式' },
      { text: '大纲一级', hint: { style: 'heading1', align: 'both' } },
      { text: '第一行', hint: { align: 'both' } },
      { text: '第二行\tA&B <C> 中文', hint: { align: 'both' } },
      { text: '正文插入的文字链接', hint: { align: 'both' } },
    ]);
  });

  it('writes the labels of Word automatic numbering into the text and skips hidden text', async () => {
    const ps = await readDocxParagraphs(fixture('numbered.docx'));
    expect(ps.map((p) => p.text.slice(0, 10))).toEqual([
      '2023年度专题民主',
      '根据会议安排，我认真',
      '一、存在的主要问题',
      '（一）理论学习方面。',
      '（二）政治素质方面。',
      '（三）担当作为方面。',
      '二、问题产生的原因',
      '（一）理想信念有所淡',
      '（二）宗旨意识有所弱',
      '三、下一步整改措施',
      '（一）加强理论武装。',
      '（二）锤炼担当作风。',
      '以上发言，请同志们批',
    ]);
    expect(ps.some((p) => p.text.includes('隐藏的水印'))).toBe(false);
    // the label counts as bold when the heading text after it is bold
    expect(ps[2].hint).toEqual({ bold: true, boldChars: 9 });
    expect(ps[3].hint).toBeUndefined();
  });

  it('numbering: formats, levels restarting, start overrides, bullets, numbering through a style', async () => {
    const numbering = `<w:numbering ${W}>
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>`;
    const styles = `<w:style w:type="paragraph" w:styleId="CnHead"><w:name w:val="中文标题"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>`;
    const np = (numId: number, ilvl: number, t: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const sp = (t: string) => `<w:p><w:pPr><w:pStyle w:val="CnHead"/></w:pPr><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const body = [
      np(1, 0, '甲'),
      np(1, 1, '乙'),
      np(1, 2, '丙'),
      np(1, 2, '丁'),
      np(1, 1, '戊'),
      np(1, 2, '己'),
      np(1, 0, '庚'),
      np(1, 1, '辛'),
      np(2, 0, '要点'),
      sp('问题'),
      sp('原因'),
      sp('措施'),
      np(4, 0, '重新编号'),
    ].join('');
    const ps = await readDocxParagraphs(await makeDocx(body, styles, { 'word/numbering.xml': numbering }));
    expect(ps.map((p) => p.text)).toEqual([
      '1.甲',
      '（1）乙',
      '①丙',
      '②丁',
      '（2）戊',
      '①己',
      '2.庚',
      '（1）辛',
      '要点',
      '一、问题',
      '二、原因',
      '三、措施',
      '一、重新编号',
    ]);
  });

  it('finds the main part through _rels/.rels', async () => {
    const zip = new JSZip();
    zip.file(
      '_rels/.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
    );
    zip.file(
      'word/document2.xml',
      `<w:document ${W}><w:body><w:p><w:r><w:t>WPS 文档</w:t></w:r></w:p></w:body></w:document>`,
    );
    const ps = await readDocxParagraphs(await zip.generateAsync({ type: 'uint8array' }));
    expect(ps).toEqual([{ text: 'WPS 文档' }]);
  });
});

describe('readDocxParagraphs: hostile and broken input', () => {
  it('rejects an empty file, random bytes and text as E_NOT_DOCX', async () => {
    await expectCode(readDocxParagraphs(new Uint8Array()), 'E_NOT_DOCX');
    await expectCode(readDocxParagraphs(new Uint8Array(4096).map((_, i) => (i * 7919) & 255)), 'E_NOT_DOCX');
    await expectCode(readDocxParagraphs(new TextEncoder().encode('这是一个文本文件')), 'E_NOT_DOCX');
  });

  it('rejects a legacy OLE2 .doc/.wps header as E_LEGACY_DOC', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectCode(readDocxParagraphs(ole), 'E_LEGACY_DOC');
  });

  it('rejects a ZIP that is not a .docx, a truncated ZIP, a missing body, malformed XML', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    zip.file('readme.txt', 'hello');
    const notDocx = await zip.generateAsync({ type: 'uint8array' });
    await expectCode(readDocxParagraphs(notDocx), 'E_NOT_DOCX');
    const good = fixture('headings.docx');
    await expectCode(readDocxParagraphs(good.subarray(0, good.length >> 1)), 'E_NOT_DOCX');
    // an empty body is a valid document without paragraphs
    expect(await readDocxParagraphs(await makeDocx(''))).toEqual([]);
    for (const body of [
      '<w:p><w:r><w:t>未闭合</w:r></w:p>',
      '<w:p><w:r><w:t>&bogus;</w:t></w:r></w:p>',
      '<w:p>',
      '</w:body><w:p/>',
      '<w:p><w:r><w:t a="1>x</w:t></w:r></w:p>',
    ]) {
      await expectCode(readDocxParagraphs(await makeDocx(body)), 'E_NOT_DOCX');
    }
    const noBody = new JSZip();
    noBody.file('word/document.xml', `<w:document ${W}></w:document>`);
    await expectCode(readDocxParagraphs(await noBody.generateAsync({ type: 'uint8array' })), 'E_NOT_DOCX');
  });

  it('refuses DOCTYPEs (no entity expansion: billion laughs)', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document ${W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`;
    const zip = new JSZip();
    zip.file('word/document.xml', laughs);
    await expectCode(readDocxParagraphs(await zip.generateAsync({ type: 'uint8array' })), 'E_NOT_DOCX');
  });

  it('stops a zip bomb by its declared size (document.xml inflating beyond the limit)', async () => {
    // ~61 MB of one character compresses to ~60 KB
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      `<w:document ${W}><w:body><w:p><w:r><w:t>${'啊'.repeat(21 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`,
    );
    const bytes = await zip.generateAsync({
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const t = Date.now();
    await expectCode(readDocxParagraphs(bytes), 'E_DOCX_BOMB');
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('stops a zip bomb whose headers lie about the size, while inflating', async () => {
    const payload = 'a'.repeat(70 * 1024 * 1024);
    const zip = new JSZip();
    zip.file('[Content_Types].xml', CT);
    zip.file(
      'word/document.xml',
      `<w:document ${W}><w:body><w:p><w:r><w:t>${payload}</w:t></w:r></w:p></w:body></w:document>`,
    );
    const bytes = await zip.generateAsync({
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
    // Patch the uncompressed size of every entry, in local headers and central directory, to 1000.
    const patched = patchSizes(bytes, 1000);
    expect(patched).toBeGreaterThanOrEqual(2);
    const t = Date.now();
    await expectCode(readDocxParagraphs(bytes), 'E_DOCX_BOMB');
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('stops a bomb in styles.xml too, and respects lower limits passed in', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      `<w:document ${W}><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>`,
    );
    zip.file('word/styles.xml', `<w:styles ${W}>${'<w:style/>'.repeat(200_000)}</w:styles>`);
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    await expectCode(readDocxParagraphs(bytes, { maxExpandedBytes: 1024 * 1024 }), 'E_DOCX_BOMB');
    expect(await readDocxParagraphs(bytes)).toEqual([{ text: '正文' }]);
    await expectCode(readDocxParagraphs(bytes, { maxBytes: 100 }), 'E_TOO_LARGE');
  });

  it('survives deep nesting without a stack overflow', async () => {
    const depth = 5000;
    const body =
      '<w:tbl><w:tr><w:tc>'.repeat(depth) +
      '<w:p><w:r><w:t>深</w:t></w:r></w:p>' +
      '</w:tc></w:tr></w:tbl>'.repeat(depth);
    await expectCode(readDocxParagraphs(await makeDocx(body)), 'E_NOT_DOCX');
    const ok =
      '<w:tbl><w:tr><w:tc>'.repeat(20) + '<w:p><w:r><w:t>浅</w:t></w:r></w:p>' + '</w:tc></w:tr></w:tbl>'.repeat(20);
    expect(await readDocxParagraphs(await makeDocx(ok))).toEqual([{ text: '浅' }]);
  });

  it('is linear on pathological markup (an unterminated quote, many tags)', async () => {
    const quote = await makeDocx('<w:p a="' + '>'.repeat(2_000_000));
    const many = await makeDocx('<w:p><w:r><w:t>字</w:t></w:r></w:p>'.repeat(30_000));
    const t = Date.now();
    await expectCode(readDocxParagraphs(quote), 'E_NOT_DOCX');
    expect(await readDocxParagraphs(many)).toHaveLength(30_000);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('property: any bytes, a ZIP of random parts, or a corrupted .docx give paragraphs or a JianshiError', async () => {
    const good = fixture('bold.docx');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          fc.uint8Array({ maxLength: 2048 }).map((b) => Uint8Array.from([0x50, 0x4b, 3, 4, ...b])),
          fc
            .array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
            .map((flips) => {
              const b = good.slice();
              for (const [i, v] of flips) b[i] = v;
              return b;
            }),
          fc.string({ maxLength: 300 }).map(async (xml) => makeDocx(xml)),
        ),
        async (input) => {
          const bytes = await input;
          try {
            const ps = await readDocxParagraphs(bytes);
            expect(Array.isArray(ps)).toBe(true);
          } catch (e) {
            if (!isJianshiError(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseXml', () => {
  it('keeps attribute values with ">" and CDATA, refuses text outside the root', () => {
    const el = parseXml('<a x="1>2" y=\'q\'><![CDATA[<b>]]></a>');
    expect(el.attrs).toEqual(['x', '1>2', 'y', 'q']);
    expect(el.children).toEqual(['<b>']);
    expect(() => parseXml('<a/>junk')).toThrow();
    expect(() => parseXml('<a/><b/>')).toThrow();
  });
});

describe('importFile on the .docx fixtures', () => {
  for (const name of ['headings.docx', 'headings-cn.docx', 'bold.docx', 'table.docx', 'numbered.docx']) {
    it(`${name} imports into title, 3 problems, 2 causes, 2 measures`, async () => {
      const m = await importFile(fixture(name), name);
      expect(m.title).toBe('2023年度专题民主生活会个人对照检查材料');
      expect(m.problems.map((p) => p.aspect)).toEqual(['理论学习', '政治素质', '担当作为']);
      expect(m.problems.map((p) => p.heading)).toEqual(['理论学习方面', '政治素质方面', '担当作为方面']);
      expect(m.problems[0].text).toMatch(/^学习的系统性不够/);
      expect(m.problems[0].examples).toHaveLength(1);
      expect(m.causes.map((c) => c.heading)).toEqual(['理想信念有所淡化', '宗旨意识有所弱化']);
      expect(m.measures.map((x) => x.heading)).toEqual(['加强理论武装', '锤炼担当作风']);
      expect(m.measures.map((x) => x.deadline)).toEqual(['2024年3月底前', '2024年6月底前']);
      expect(m.closing).toBe('以上发言，请同志们批评指正。');
      if (name !== 'table.docx') expect(m.preface).toMatch(/^根据会议安排/);
      expect(m.text).not.toContain('隐藏的水印');
    });
  }
});
