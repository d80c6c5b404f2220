import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { materialFromBytes, materialFromText } from './pipeline.js';
import { renderMarkdown, renderText } from './render.js';
import { contentOf } from './model.js';
import { JianshiError } from '../errors.js';
import { BUILTIN_FRAMEWORKS } from '../frameworks/builtin.js';

// Random common characters (U+4E00–U+62FF): realistic enough for structure, and free of accidental repeats.
const han = fc
  .integer({ min: 0x4e00, max: 0x62ff })
  .map((c) => String.fromCodePoint(c))
  .filter((c) => !'一二三四五六七八九十是如例比'.includes(c));
const word = fc.array(han, { minLength: 2, maxLength: 6 }).map((a) => a.join(''));
const clause = fc.array(word, { minLength: 2, maxLength: 4 }).map((a) => a.join(''));
const sentence = fc.array(clause, { minLength: 1, maxLength: 3 }).map((a) => a.join('，') + '。');
const body = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
const heading = fc.array(han, { minLength: 4, maxLength: 10 }).map((a) => a.join(''));

const fw = BUILTIN_FRAMEWORKS[0];
const generated = fc.record({
  title: fc.constantFrom('2023年度民主生活会个人对照检查材料', '专题组织生活会检视剖析材料', '班子对照检查材料'),
  preface: body.map((b) => '按照上级部署，' + b),
  aspects: fc.subarray(
    fw.aspects.map((a) => a.name),
    { minLength: 1 },
  ),
  problemBodies: fc.array(body, { minLength: 6, maxLength: 6 }),
  examples: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  causes: fc.array(fc.tuple(heading, body), { minLength: 1, maxLength: 5 }),
  measures: fc.array(fc.tuple(heading, body, fc.constantFrom('', '2024年6月底前完成。', '立行立改。')), {
    minLength: 1,
    maxLength: 5,
  }),
  closing: fc.constantFrom('', '以上发言，请同志们批评指正。', '以上发言，请同志们批评指正。\n李四\n2024年1月5日'),
  byline: fc.constantFrom('', '（2023年12月）', '张三同志'),
});

describe('import(export(m)) gives back m', () => {
  it('for generated materials, through text and Markdown', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const src = {
          title: g.title,
          byline: g.byline,
          preface: g.preface,
          problems: g.aspects.map((a, i) => ({
            aspect: null,
            heading: `${a}方面`,
            text: g.problemBodies[i] + (g.examples[i] ? '比如，2023年调研' + (i + 1) + '次。' : ''),
            points: [],
            examples: [],
          })),
          causes: g.causes.map(([h, b]) => ({ heading: h, text: b })),
          measures: g.measures.map(([h, b, d]) => ({ heading: h, text: b + d, deadline: null })),
          closing: g.closing,
        };
        const m = materialFromText(renderText(src));
        // What the generator wrote survives the round trip …
        expect(m.title).toBe(src.title);
        expect(m.preface).toBe(src.preface);
        expect(m.byline ?? '').toBe(src.byline);
        expect(m.problems.map((p) => p.heading)).toEqual(src.problems.map((p) => p.heading));
        expect(m.problems.map((p) => p.text)).toEqual(src.problems.map((p) => p.text));
        // One aspect heading under a title that names neither year nor campaign does not choose a
        // framework: it stays unmapped (with a warning) rather than guessed.
        const chosen = g.aspects.length > 1 || g.title.startsWith('2023');
        expect(m.problems.map((p) => p.aspect)).toEqual(
          g.aspects.map((a) => (chosen ? fw.aspects.find((x) => x.name === a)!.id : null)),
        );
        expect(m.problems.map((p) => p.examples.length)).toEqual(g.aspects.map((_, i) => (g.examples[i] ? 1 : 0)));
        expect(m.causes.map((c) => [c.heading, c.text])).toEqual(src.causes.map((c) => [c.heading, c.text]));
        expect(m.measures.map((c) => [c.heading, c.text])).toEqual(src.measures.map((c) => [c.heading, c.text]));
        expect(m.closing).toBe(src.closing);
        // … and exporting the imported material imports to the same material, in every format.
        expect(contentOf(materialFromText(renderText(m)))).toEqual(contentOf(m));
        expect(contentOf(materialFromText(renderMarkdown(m)))).toEqual(contentOf(m));
      }),
      { numRuns: 150 },
    );
  });

  it('for the sample material', async () => {
    const { readFileSync } = await import('node:fs');
    const m = materialFromBytes(readFileSync(new URL('../../../test/fixtures/sample-2023.txt', import.meta.url)));
    expect(contentOf(materialFromText(renderText(m)))).toEqual(contentOf(m));
    expect(contentOf(materialFromText(renderMarkdown(m)))).toEqual(contentOf(m));
  });
});

describe('the importer on any bytes', () => {
  it('returns a material or its own error type, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.string({ unit: 'binary', maxLength: 500 }).map((s) => new TextEncoder().encode(s)),
          fc.string({ unit: 'grapheme', maxLength: 500 }).map((s) => new TextEncoder().encode(s)),
        ),
        (bytes) => {
          try {
            const m = materialFromBytes(bytes);
            expect(typeof m.text).toBe('string');
          } catch (e) {
            expect(e).toBeInstanceOf(JianshiError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('a material started blank', () => {
  // Headings typed without their text yet, and the closing line: the closing stays the closing after
  // the text is read again (it is not glued to, or taken for the body of, the last heading).
  const closing = '以上发言，不妥之处，请同志们批评指正。';
  const shapes = [
    { problems: [{ heading: '理论学习不够深入', text: '' }], causes: [], measures: [] },
    {
      problems: [
        { heading: '理论学习不够深入', text: '' },
        { heading: '工作作风不够扎实', text: '' },
      ],
      causes: [],
      measures: [],
    },
    {
      problems: [{ heading: '理论学习不够深入', text: '比如学习不系统。' }],
      causes: [{ heading: '理想信念有所放松', text: '' }],
      measures: [{ heading: '加强理论学习', text: '' }],
    },
    { problems: [{ heading: '', text: '' }], causes: [], measures: [] },
  ];
  it.each(shapes.map((s, i) => [i, s] as const))('shape %i keeps its closing line apart', (_i, shape) => {
    // Only what a blank material has typed so far (the other fields of an item are empty).
    const text = renderText({ title: '个人对照检查材料', preface: '', ...shape, closing } as unknown as Parameters<
      typeof renderText
    >[0]);
    expect(text).toContain(`\n${closing}\n`);
    const m = materialFromText(text);
    expect(m.closing).toBe(closing);
    for (const it of [...m.problems, ...m.causes, ...m.measures])
      expect(`${it.heading}${it.text}`).not.toContain('批评指正');
  });
});
