/**
 * Stock paragraphs are not sources, on every index (memory, SQLite, PostgreSQL when
 * TEST_DATABASE_URL is set): the real engine on a store of generated materials that hold stock
 * paragraphs — whole cause and measure paragraphs from one template each, every holder with its own
 * words in the slots (bench/similarity/stock.ts: each template held by 30–66% of the store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryIndex } from '../../core/similarity/memory-index.js';
import type { SimilarityIndex } from '../../core/similarity/port.js';
import { checkText, indexDocument, type CheckResult } from '../../core/similarity/engine.js';
import { createPgDatabase } from '../testing.js';
import { PgSimilarityIndex } from './pg-index.js';
import { SqliteSimilarityIndex } from './sqlite-index.js';
import { render, type Doc, type Para } from '../../../bench/similarity/generate.js';
import { stockMaterial } from '../../../bench/similarity/stock.js';
import { terminalReport } from '../../core/similarity/report.js';
import JSZip from 'jszip';
import { docxReport } from './report-docx.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-stock-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  rmSync(dir, { recursive: true, force: true });
});

/** The store: N independent materials, each holding its own variants of the templates it uses. */
const N = 200;
const stored = Array.from({ length: N }, (_, i) => stockMaterial(i));
const holders = (template: number) =>
  stored.filter((d) => d.some((s) => s.paras.some((p) => p.stock === template))).length;

/** Query ranges `[start, end)` of the stock paragraphs of a rendered document, with their template. */
function stockRanges(doc: Doc): { start: number; end: number; template: number }[] {
  const out: { start: number; end: number; template: number }[] = [];
  let at = 0;
  for (const s of doc) {
    for (const p of s.paras) {
      const t = p.sentences.map((x) => x.text).join('');
      if (p.stock !== undefined) out.push({ start: at, end: at + t.length, template: p.stock });
      at += t.length + 1;
    }
  }
  return out;
}

const overlap = (a: [number, number], b: { start: number; end: number }) =>
  Math.max(0, Math.min(a[1], b.end) - Math.max(a[0], b.start));

/** Every stock passage reported lies in stock paragraphs of the query; its support is about right. */
function expectHonestStock(r: CheckResult, doc: Doc) {
  const paras = stockRanges(doc);
  for (const p of r.stock) {
    const inStock = paras.reduce((n, x) => n + overlap(p.q, x), 0);
    expect(inStock, 'a stock passage lies in stock paragraphs').toBeGreaterThanOrEqual(0.6 * (p.q[1] - p.q[0]));
    // "Also in about N materials": within a factor of three of the holders in the store of the
    // template it overlaps most.
    const best = paras.reduce((b, x) => (overlap(p.q, x) > overlap(p.q, b) ? x : b), paras[0]);
    const truth = holders(best.template);
    expect(p.support).toBeGreaterThanOrEqual(truth / 3);
    expect(p.support).toBeLessThanOrEqual(truth * 3);
  }
}

const paras = (d: Doc, kind: string): Para[] => d.find((s) => s.kind === kind)!.paras.filter((p) => !p.heading);

function suite(name: string, make: () => Promise<SimilarityIndex>) {
  describe(`stock paragraphs are not sources: ${name}`, () => {
    let idx: SimilarityIndex;
    beforeAll(async () => {
      idx = await make();
      await idx.put(stored.map((d, i) => indexDocument(`m${i}`, render(d))));
    }, 120_000);
    afterAll(async () => {
      await idx.close();
    });

    it('does not report a stored material as the source of stock paragraphs a new material shares with many, and lists them as stock with about how many hold them', async () => {
      let listed = 0;
      for (let k = 0; k < 20; k++) {
        // New, independent materials made mostly of stock paragraphs (their own variants).
        const doc = stockMaterial(900_000 + k, 1, true);
        const r = await checkText(idx, render(doc));
        expect(
          r.matches.map((m) => `${m.id} ${m.coverage.toFixed(3)}`),
          `query ${k}`,
        ).toEqual([]);
        expectHonestStock(r, doc);
        listed += r.stock.length;
      }
      expect(listed).toBeGreaterThan(0);
    }, 120_000);

    it('the Word and terminal reports list stock paragraphs apart from sources, with about how many materials hold them and their share', async () => {
      const k = 3; // a query the engine used to report as copied from one stored material
      const text = render(stockMaterial(900_000 + k, 1, true));
      const r = await checkText(idx, text);
      expect(r.matches).toEqual([]);
      expect(r.stock.length).toBeGreaterThan(0);
      const xml = await (
        await JSZip.loadAsync(await docxReport('q', r, text, new Map()))
      )
        .file('word/document.xml')!
        .async('string');
      const plain = xml.replace(/<[^>]+>/g, '');
      expect(plain).toContain('未发现与库内材料或网络范文重复的段落');
      expect(plain).toContain('常见套话、通用段落（不计为抄袭来源）');
      expect(plain).toContain(`约 ${r.stock[0].support} 份材料中也有`);
      expect(plain).toContain(`占全文 ${(r.stockRatio * 100).toFixed(1)}%`);
      const term = terminalReport('q', r, text, new Map());
      expect(term).toContain('常见套话、通用段落（许多材料共有，不是抄自某一份材料）');
    }, 120_000);

    it('reports the source of a copy made of its specific text and one of its stock paragraphs, and shows that paragraph as stock too', async () => {
      let both = 0;
      for (const s of [11, 57, 123]) {
        const src = stored[s];
        const own = stockMaterial(910_000 + s);
        // The source's problem paragraphs and one of its stock paragraphs (its own variant, verbatim).
        const copied = paras(src, 'problems').slice(0, 4);
        const stockPara = src.flatMap((x) => x.paras).find((p) => p.stock !== undefined)!;
        const problems = own.find((x) => x.kind === 'problems')!;
        problems.paras.splice(2, 0, ...copied);
        const measures = own.find((x) => x.kind === 'measures')!;
        measures.paras.splice(1, 0, stockPara);
        const text = render(own);
        const r = await checkText(idx, text);
        expect(r.matches.map((m) => m.id)).toEqual([`m${s}`]);
        const at = text.indexOf(stockPara.sentences.map((x) => x.text).join(''));
        const shown = r.stock.find((p) => p.q[0] < at + 60 && p.q[1] > at);
        if (shown) {
          expect(shown.sources).toEqual([0]);
          both++;
        }
      }
      // Shown as both when other holders of the template are found to align with it (the verified
      // candidates and the holders of the passage's rare anchors): not when none of them holds it.
      expect(both).toBeGreaterThanOrEqual(2);
    }, 120_000);

    it('reports both sources of a mixture of two materials (15–40% each) among materials full of stock paragraphs, and no third', async () => {
      for (const [a, b] of [
        [3, 140],
        [77, 19],
        [160, 42],
      ]) {
        const own = stockMaterial(920_000 + a);
        const A = stored[a];
        const B = stored[b];
        own.find((x) => x.kind === 'problems')!.paras.splice(1, 0, ...paras(A, 'problems').slice(0, 5));
        own.find((x) => x.kind === 'causes')!.paras.splice(1, 0, ...paras(B, 'causes').slice(0, 4));
        const r = await checkText(idx, render(own));
        expect(r.matches.map((m) => m.id).sort()).toEqual([`m${a}`, `m${b}`].sort());
      }
    }, 120_000);
  });
}

suite('memory', async () => new MemoryIndex());
suite('sqlite', async () => new SqliteSimilarityIndex(join(dir, 'stock.db')));
if (process.env.TEST_DATABASE_URL) {
  suite('postgres', async () => {
    const { url, drop } = await createPgDatabase('jianshi_stock');
    cleanups.push(drop);
    return PgSimilarityIndex.open(url);
  });
}
