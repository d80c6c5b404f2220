import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize, normalizedString, prepare } from './normalize.js';
import { officialMatcher } from './official.js';
import { align } from './align.js';
import { checkText, indexDocument } from './engine.js';
import { MemoryIndex } from './memory-index.js';
import { jsonLine, htmlReport, terminalReport, partsOf } from './report.js';
import { material, render } from '../../../bench/similarity/generate.js';

const SEED = readFileSync(
  new URL('../../../test/fixtures/sample-2023.txt', import.meta.url),
  'utf8',
); /* the sample material, a copy of shared/seeds/000_36651b71203e1f41.txt */
const INDEPENDENT = readFileSync(fileURLToPath(new URL('./fixtures/independent-six.txt', import.meta.url)), 'utf8');
const contentLen = (s: string) => normalize(s).codes.length;

/** Word swaps of the kind 洗稿 tools make. */
function edit(s: string): string {
  const swaps: [string, string][] = [
    ['理解', '领会'],
    ['问题', '情况'],
    ['工作', '事务'],
    ['没有', '未能'],
    ['不够', '不足'],
    ['存在', '出现'],
    ['缺乏', '缺少'],
    ['热点', '热门'],
    ['政策', '方针'],
  ];
  let t = s;
  for (const [a, b] of swaps) t = t.split(a).join(b);
  return t.replace(/，/g, ', ');
}

describe('normalize', () => {
  it('folds width, script, punctuation and whitespace, keeping offsets', () => {
    const n = normalize('理论學習（一）ＡＢ， 12３');
    expect(normalizedString(n)).toBe('理论学习一ab123');
    expect(n.pos[4]).toBe(5);
  });
  it('masks watermarks and paywall markers found by the cleaner', () => {
    const { norm, mask } = prepare(SEED);
    expect(mask.length).toBeGreaterThanOrEqual(5);
    const s = normalizedString(norm);
    expect(s).not.toContain('稿子铺整理');
    expect(s).not.toContain('paidbegin');
  });
});

describe('official formulations', () => {
  it('marks known phrases only', () => {
    const codes = normalize('坚持以身作则、率先垂范，我在调研中走马观花').codes;
    const m = officialMatcher().mark(codes);
    expect([...m.slice(2, 10)].every((x) => x === 1)).toBe(true);
    expect([...m.slice(10)].every((x) => x === 0)).toBe(true);
  });
});

describe('align', () => {
  it('bridges word swaps in one passage', () => {
    const a = normalize(SEED.slice(0, 1200)).codes;
    const b = normalize(edit(SEED.slice(0, 1200))).codes;
    const ps = align(b, a);
    const longest = Math.max(...ps.map((p) => p.qe - p.qs));
    expect(longest / b.length).toBeGreaterThan(0.6);
  });
});

describe('check against a store', () => {
  const idx = new MemoryIndex();
  beforeAll(async () => {
    const docs = [indexDocument('seed', SEED)];
    for (let i = 0; i < 150; i++) docs.push(indexDocument(`m${i}`, render(material(i))));
    await idx.put(docs);
  });

  it('finds the sample after its watermarks (query without them)', async () => {
    const clean = SEED.replace(/稿子铺整理，?/g, '').replace(/##paid\w+##/g, '');
    const r = await checkText(idx, clean);
    expect(r.matches[0]?.id).toBe('seed');
    expect(r.matches[0].coverage).toBeGreaterThan(0.95);
    expect(r.matches).toHaveLength(1);
  });

  it('finds the sample itself, watermarks and all', async () => {
    const r = await checkText(idx, SEED);
    expect(r.matches[0]?.id).toBe('seed');
    expect(r.matches[0].coverage).toBeGreaterThan(0.95);
  });

  it('reports about 40% for a material copying 40% of the sample with edits', async () => {
    const a = SEED.indexOf('（一）理论学习方面');
    const b = SEED.indexOf('（四）担当作为方面');
    const copied = edit(SEED.slice(a, b));
    const cut = INDEPENDENT.indexOf('（四）担当作为方面');
    const query = INDEPENDENT.slice(0, cut) + copied + INDEPENDENT.slice(cut);
    const truth = contentLen(copied) / contentLen(query);
    expect(truth).toBeGreaterThan(0.37);
    expect(truth).toBeLessThan(0.43);
    const r = await checkText(idx, query, { parts: partsOf(query) });
    expect(r.matches.map((m) => m.id)).toEqual(['seed']);
    expect(r.matches[0].coverage).toBeGreaterThanOrEqual(0.35);
    expect(r.matches[0].coverage).toBeLessThanOrEqual(0.45);
    const problems = r.parts.find((p) => p.kind === 'problems');
    const causes = r.parts.find((p) => p.kind === 'causes');
    expect(problems!.ratio).toBeGreaterThan(0.4);
    expect(causes!.ratio).toBe(0);
    // Passages point into the query and the source text.
    const p = r.matches[0].passages[0];
    expect(query.slice(p.q[0], p.q[1])).toContain('浅尝辄止');
    expect(SEED.slice(p.s[0], p.s[1])).toContain('浅尝辄止');
  });

  it('does not report an independent material on the same six aspects', async () => {
    const r = await checkText(idx, INDEPENDENT);
    expect(r.matches).toEqual([]);
    expect(r.copyRatio).toBe(0);
  });

  it('does not report independent generated materials', async () => {
    for (let i = 0; i < 20; i++) {
      const r = await checkText(idx, render(material(5000 + i)));
      expect(r.matches).toEqual([]);
    }
  });

  it("does not take a sentence skeleton used with other fillings for a copy, but finds the source's own sentences copied", async () => {
    // A writer's habit: one skeleton, filled anew each time. The query uses the same skeleton with
    // its own fillings; only the source's own fillings copied make a copy.
    const fill = (unit: string, ym: string, n: number, what: string) =>
      `分管的${unit}在${ym}的巡察中被指出${n}个问题，其中${what}的问题比较突出。`;
    const habit = [
      fill('自然资源局', '2023年9月', 3, '过多依赖分管科室'),
      fill('城管局', '2025年1月', 8, '统筹兼顾不够'),
      fill('统计局', '2023年9月', 6, '统筹兼顾不够'),
      fill('城管局', '2022年6月', 8, '推进节奏偏慢'),
      fill('商务局', '2021年12月', 2, '推进节奏偏慢'),
      fill('交通局', '2024年2月', 5, '对细节把关不严'),
      fill('交通局', '2022年6月', 9, '调研走马观花、浅尝辄止'),
    ];
    const store = new MemoryIndex();
    const source = render(material(7001)).replace('二、原因剖析', habit.join('') + '\n二、原因剖析');
    await store.put([
      indexDocument('source', source),
      ...Array.from({ length: 200 }, (_, i) => indexDocument(`m${i}`, render(material(7100 + i)))),
    ]);
    const own = render(material(9200));
    const skeleton = own.replace(
      '二、原因剖析',
      [
        fill('城管局', '2023年9月', 8, '统筹兼顾不够'),
        fill('商务局', '2022年6月', 2, '推进节奏偏慢'),
        fill('交通局', '2024年2月', 9, '对细节把关不严'),
      ].join('') + '\n二、原因剖析',
    );
    expect((await checkText(store, skeleton)).matches).toEqual([]);
    // A copy: the source's habitual sentences with their fillings and the cause analysis after them.
    const block = source.slice(source.indexOf(habit[0]), source.indexOf('三、整改措施'));
    const copied = own.slice(0, own.indexOf('二、原因剖析')) + block + own.slice(own.indexOf('三、整改措施'));
    const r = await checkText(store, copied);
    expect(r.matches.map((m) => m.id)).toEqual(['source']);
    expect(r.matches[0].coverage).toBeGreaterThan(0.15);
  });

  it('forgets a removed document', async () => {
    const other = new MemoryIndex();
    await other.put([indexDocument('seed', SEED), indexDocument('m1', render(material(1)))]);
    expect((await checkText(other, SEED)).matches).toHaveLength(1);
    expect(await other.remove('seed')).toBe(true);
    expect((await checkText(other, SEED)).matches).toEqual([]);
  });

  it('renders JSON line, terminal and HTML reports', async () => {
    const r = await checkText(idx, SEED);
    const src = new Map([['seed', SEED]]);
    const j = jsonLine('q', r, SEED, src) as {
      query: string;
      matches: { id: string; passages: { q: number[]; s: number[] }[] }[];
      ms: number;
    };
    expect(j.query).toBe('q');
    expect(j.matches[0].id).toBe('seed');
    expect(j.matches[0].passages[0].q).toHaveLength(2);
    expect(typeof j.ms).toBe('number');
    expect(terminalReport('q', r, SEED, src)).toContain('最大单一来源：seed');
    const html = htmlReport('q', r, SEED, src);
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('class="c0"');
  });
});
