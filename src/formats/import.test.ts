import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { isJianshiError } from '../core/errors.js';
import { BUILTIN_FRAMEWORKS } from '../core/frameworks/builtin.js';
import { contentOf, toJSON, type Material } from '../core/material/model.js';
import { materialFromBytes, materialFromParagraphs, materialFromText } from '../core/material/pipeline.js';
import { renderText } from '../core/material/render.js';
import { materialToDocx } from './docx-write.js';
import { detectFormat, exportMaterial, importFile, materialFromJson } from './import.js';
import { hasSoffice, sofficeConvert } from './legacy.js';

const sample = () => new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/sample-2023.txt')));
const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/docx', name)));

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => isJianshiError(e) && e.code === code);
}

// ---------------------------------------------------------------- generated materials

const han = fc
  .integer({ min: 0x4e00, max: 0x62ff })
  .map((c) => String.fromCodePoint(c))
  .filter((c) => !'一二三四五六七八九十是如例比'.includes(c));
const word = fc.array(han, { minLength: 2, maxLength: 6 }).map((a) => a.join(''));
/** Words with the occasional ASCII, digits and XML-special characters (escaping must be exact). */
const mixedWord = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 1, arbitrary: fc.constantFrom('A&B', '<tag>', '"引"', "O'Neil", '2024年', '100%', 'R&D') },
);
const clause = fc.array(mixedWord, { minLength: 2, maxLength: 4 }).map((a) => a.join(''));
const sentence = fc.array(clause, { minLength: 1, maxLength: 3 }).map((a) => a.join('，') + '。');
const body = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
const heading = fc.array(han, { minLength: 4, maxLength: 10 }).map((a) => a.join(''));
const fw = BUILTIN_FRAMEWORKS[0];

const generated = fc.record({
  title: fc.constantFrom('2023年度民主生活会个人对照检查材料', '专题组织生活会检视剖析材料', '班子对照检查材料'),
  preface: fc.array(body, { minLength: 1, maxLength: 2 }).map((a) => a.map((b) => '按照上级部署，' + b).join('\n')),
  aspects: fc.subarray(
    fw.aspects.map((a) => a.name),
    { minLength: 1 },
  ),
  problemBodies: fc.array(body, { minLength: 6, maxLength: 6 }),
  enumerated: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  examples: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  causes: fc.array(fc.tuple(heading, body), { minLength: 1, maxLength: 5 }),
  measures: fc.array(fc.tuple(heading, body, fc.constantFrom('', '2024年6月底前完成。', '立行立改。')), {
    minLength: 1,
    maxLength: 5,
  }),
  closing: fc.constantFrom('', '以上发言，请同志们批评指正。'),
});

type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never;

function materialOf(g: Generated): Material {
  const src = {
    title: g.title,
    preface: g.preface,
    problems: g.aspects.map((a, i) => ({
      aspect: null,
      heading: `${a}方面`,
      text:
        (g.enumerated[i] ? '一是' + g.problemBodies[i] + '二是' + g.problemBodies[(i + 1) % 6] : g.problemBodies[i]) +
        (g.examples[i] ? '比如，2023年调研' + (i + 1) + '次。' : ''),
      points: [],
      examples: [],
    })),
    causes: g.causes.map(([h, b]) => ({ heading: h, text: b })),
    measures: g.measures.map(([h, b, d]) => ({ heading: h, text: b + d, deadline: null })),
    closing: g.closing,
  };
  return materialFromText(renderText(src));
}

describe('import(export(m)) gives back m', () => {
  it('for the sample material, in every format', async () => {
    const m = materialFromBytes(sample());
    expect(m.problems).toHaveLength(6);
    for (const format of ['docx', 'md', 'json', 'txt'] as const) {
      const out = await exportMaterial(m, format);
      const back = await importFile(out.bytes, `material.${out.ext}`);
      expect(contentOf(back), format).toEqual(contentOf(m));
    }
  });

  it('for generated materials, through .docx', async () => {
    await fc.assert(
      fc.asyncProperty(generated, async (g) => {
        const m = materialOf(g);
        const back = await importFile(await materialToDocx(m));
        expect(contentOf(back)).toEqual(contentOf(m));
      }),
      { numRuns: 120 },
    );
  });

  it('for generated materials, through JSON (full, and content fields only)', async () => {
    await fc.assert(
      fc.asyncProperty(generated, async (g) => {
        const m = materialOf(g);
        const full = await importFile((await exportMaterial(m, 'json')).bytes);
        expect(full).toEqual({ ...m });
        const c = JSON.stringify({ ...contentOf(m), encoding: m.encoding, framework: m.framework });
        expect(contentOf(await importFile(new TextEncoder().encode(c), 'm.json'))).toEqual(contentOf(m));
      }),
      { numRuns: 60 },
    );
  });
});

describe('importFile: dispatch on the bytes', () => {
  it('detects formats by magic numbers, not by name', async () => {
    expect(detectFormat(fixture('bold.docx'))).toBe('docx');
    expect(detectFormat(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('legacy');
    expect(detectFormat(new TextEncoder().encode('{\\rtf1\\ansi hello}'))).toBe('rtf');
    expect(detectFormat(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFormat(new TextEncoder().encode('\ufeff  {"title": "x"}\n'))).toBe('json');
    expect(detectFormat(sample())).toBe('text');
    // a .docx named .txt is still a .docx, a text named .docx is still text
    const m = await importFile(fixture('bold.docx'), 'material.txt');
    expect(m.problems).toHaveLength(3);
    const t = await importFile(sample(), 'material.docx');
    expect(t.problems).toHaveLength(6);
  });

  it('gives clear errors: empty file, binary named .docx, non-docx ZIP, PDF, bad JSON', async () => {
    await expectCode(importFile(new Uint8Array(), 'a.docx'), 'E_EMPTY');
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    await expect(importFile(random, 'a.docx')).rejects.toSatisfy(
      (e: unknown) => isJianshiError(e) && ['E_BINARY', 'E_ENCODING'].includes(e.code),
    );
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    await expectCode(importFile(await zip.generateAsync({ type: 'uint8array' }), 'a.docx'), 'E_NOT_DOCX');
    await expectCode(importFile(new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj'), 'a.pdf'), 'E_UNSUPPORTED_FORMAT');
    await expectCode(importFile(new TextEncoder().encode('{"title": 3}'), 'a.json'), 'E_BAD_JSON');
    await expectCode(importFile(new TextEncoder().encode('{"title": "x", '), 'a.json'), 'E_BAD_JSON');
    await expectCode(importFile(new TextEncoder().encode('{}'), 'a.txt'), 'E_BAD_JSON');
    // text that merely starts with "{" and is no JSON is read as text
    const braces = await importFile(
      new TextEncoder().encode('{说明}\n' + new TextDecoder().decode(sample()) + '\n{完}'),
      'a.txt',
    );
    expect(braces.problems).toHaveLength(6);
  });

  it('property: on any bytes the importer returns a material or a JianshiError', async () => {
    const saved = process.env.JIANSHI_SOFFICE;
    process.env.JIANSHI_SOFFICE = ''; // no LibreOffice run per generated OLE2 header
    onTestFinished(() => {
      if (saved === undefined) delete process.env.JIANSHI_SOFFICE;
      else process.env.JIANSHI_SOFFICE = saved;
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 1500 }),
          fc.uint8Array({ maxLength: 1500 }).map((b) => Uint8Array.from([0x50, 0x4b, 3, 4, ...b])),
          fc
            .uint8Array({ maxLength: 500 })
            .map((b) => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...b])),
          fc.json().map((j) => new TextEncoder().encode(j)),
          fc.string({ maxLength: 400 }).map((s) => new TextEncoder().encode(s)),
        ),
        async (bytes) => {
          try {
            const m = await importFile(bytes, 'x', {});
            expect(typeof m.title).toBe('string');
          } catch (e) {
            if (!isJianshiError(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('legacy .doc / .wps', () => {
  const saved = process.env.JIANSHI_SOFFICE;
  const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
  afterEach(() => {
    if (saved === undefined) delete process.env.JIANSHI_SOFFICE;
    else process.env.JIANSHI_SOFFICE = saved;
  });

  it('without LibreOffice: E_LEGACY_DOC saying how to convert', async () => {
    process.env.JIANSHI_SOFFICE = '';
    const e = await importFile(ole, 'old.doc').then(
      () => null,
      (x: unknown) => x,
    );
    expect(isJianshiError(e) && e.code).toBe('E_LEGACY_DOC');
    expect((e as Error).message).toMatch(/另存为/);
    expect((e as Error).message).toMatch(/docx/);
  });

  describe.skipIf(!hasSoffice())('with LibreOffice', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'jianshi-doc-'));
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it(
      'converts a real .doc (made by LibreOffice from our export) and imports the same material',
      { timeout: 120_000 },
      async () => {
        const m = materialFromBytes(sample());
        const docx = join(dir, 'material.docx');
        writeFileSync(docx, await materialToDocx(m));
        const doc = await sofficeConvert(docx, 'doc:MS Word 97', dir, { timeoutMs: 90_000 });
        const bytes = new Uint8Array(readFileSync(doc));
        expect(detectFormat(bytes)).toBe('legacy');
        const t = Date.now();
        const back = await importFile(bytes, '材料.doc');
        expect(contentOf(back)).toEqual(contentOf(m));
        expect(Date.now() - t).toBeLessThan(60_000);
      },
    );

    it(
      'a broken OLE2 file (no WordDocument stream) gives E_NOT_WORD_DOC before LibreOffice is started',
      { timeout: 120_000 },
      async () => {
        await expect(importFile(ole, 'broken.wps')).rejects.toSatisfy(
          (e: unknown) => isJianshiError(e) && e.code === 'E_NOT_WORD_DOC',
        );
      },
    );
  });
});

describe('exportMaterial', () => {
  it('returns bytes, MIME type and extension for each format', async () => {
    const m = materialFromBytes(sample());
    const docx = await exportMaterial(m, 'docx');
    expect(docx.ext).toBe('docx');
    expect(docx.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(detectFormat(docx.bytes)).toBe('docx');
    const md = await exportMaterial(m, 'md');
    expect(new TextDecoder().decode(md.bytes)).toMatch(/^# 2023年第二批主题教育专题民主生活会剖析发言材料/);
    const json = await exportMaterial(m, 'json');
    expect(JSON.parse(new TextDecoder().decode(json.bytes))).toEqual(JSON.parse(JSON.stringify(toJSON(m))));
    const txt = await exportMaterial(m, 'txt');
    expect(txt.mime).toMatch(/^text\/plain/);
    await expectCode(exportMaterial(m, 'pdf' as never), 'E_BAD_ARGUMENT');
  });

  it('reads the hints of our own export back (title style, part headings as Heading 1)', async () => {
    const m = materialFromBytes(sample());
    const viaDocx = await importFile(await materialToDocx(m));
    const viaParas = materialFromParagraphs(
      renderText(m)
        .trim()
        .split('\n')
        .map((text) => ({ text })),
      'utf-8',
    );
    expect(contentOf(viaDocx)).toEqual(contentOf(viaParas));
  });
});

describe('materialFromJson', () => {
  it('keeps the given content even when the rendered text would parse differently', () => {
    const odd = {
      title: '标题',
      preface: '',
      problems: [{ aspect: null, heading: '', text: '只有正文。', points: ['只有正文。'], examples: [] }],
      causes: [],
      measures: [],
      closing: '',
    };
    const m = materialFromJson(JSON.stringify(odd));
    expect(contentOf(m)).toEqual(odd);
    expect(m.text).toContain('只有正文。');
  });
});
