/**
 * One contract for every SimilarityIndex implementation: memory, SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set (each run creates its own database on that server and drops it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryIndex } from '../../core/similarity/memory-index.js';
import type { IndexedDoc, SimilarityIndex } from '../../core/similarity/port.js';
import { checkText, indexDocument } from '../../core/similarity/engine.js';
import { createPgDatabase } from '../testing.js';
import { PgSimilarityIndex } from './pg-index.js';
import { SqliteSimilarityIndex } from './sqlite-index.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  rmSync(dir, { recursive: true, force: true });
});

const doc = (name: string, anchors: number[], meta: IndexedDoc['meta'] = {}): IndexedDoc => ({
  name,
  text: `正文${name}`,
  mask: [[0, 1]],
  anchors: Uint32Array.from(anchors).sort(),
  length: 3,
  meta,
});

function contract(name: string, make: () => Promise<SimilarityIndex>) {
  describe(`SimilarityIndex contract: ${name}`, () => {
    it('concurrent writers of different documents (no index-wide lock) keep postings and frequencies exact', async () => {
      const idx = await make();
      const shared = [7, 8, 9, 10, 11, 12];
      // 12 documents written at once, then half of them replaced at once: every one shares anchors.
      await Promise.all(Array.from({ length: 12 }, (_, i) => idx.put([doc(`w${i}`, [...shared, 100 + i])])));
      await Promise.all(Array.from({ length: 6 }, (_, i) => idx.put([doc(`w${i}`, [7, 8, 200 + i])])));
      expect(await idx.count()).toBe(12);
      const p = await idx.lookup(Uint32Array.from([7, 9, 100, 200]), 100);
      expect(p.docs[0]).toHaveLength(12);
      expect(p.docs[1]).toHaveLength(6);
      expect(p.docs[2]).toEqual([]);
      expect(p.docs[3]).toEqual([await idx.idOf('w0')]);
      if (p.df) expect(p.df).toEqual([12, 6, 0, 1]);
    });

    it('adds, looks up with a document-frequency cap, replaces and removes', async () => {
      const idx = await make();
      await idx.put([
        doc('a', [1, 2, 3]),
        doc('b', [2, 3]),
        doc('c', [3, 4294967295], { kind: 'template', year: 2023, author: '张三' }),
      ]);
      expect(await idx.count()).toBe(3);
      const p = await idx.lookup(Uint32Array.from([1, 2, 3, 9, 4294967295]), 2);
      const ida = await idx.idOf('a');
      const idc = await idx.idOf('c');
      expect(p.docs[0]).toEqual([ida]);
      expect([...(p.docs[1] ?? [])].sort()).toHaveLength(2);
      expect(p.docs[2]).toBeNull(); // held by 3 > cap documents: shared phrasing
      expect(p.docs[3]).toEqual([]);
      expect(p.docs[4]).toEqual([idc]);
      // Frequencies are counted above the cap too (how widely shared a phrase is).
      expect(p.df).toEqual([1, 2, 3, 0, 1]);
      expect((await idx.lookup(new Uint32Array(0), 2)).docs).toEqual([]);
      const [c] = await idx.fetch([idc!]);
      expect(c).toMatchObject({ name: 'c', text: '正文c', mask: [[0, 1]], length: 3 });
      expect(c.meta).toMatchObject({ kind: 'template', year: 2023, author: '张三' });
      await idx.put([doc('a', [7])]); // replace
      expect(await idx.count()).toBe(3);
      expect((await idx.lookup(Uint32Array.from([1, 7]), 5)).docs.map((d) => d?.length)).toEqual([0, 1]);
      // Frequencies follow replacement: 3 is now held by b and c only.
      expect((await idx.lookup(Uint32Array.from([3]), 2)).docs[0]).toHaveLength(2);
      expect(await idx.remove('b')).toBe(true);
      expect(await idx.remove('b')).toBe(false);
      expect(await idx.count()).toBe(2);
      expect((await idx.lookup(Uint32Array.from([2, 3]), 1)).docs).toEqual([[], [idc]]);
      expect(await idx.idOf('b')).toBeNull();
      await idx.close();
    });

    it('keeps postings, frequencies and texts right through 300 random puts, replacements and removals', async () => {
      const idx = await make();
      // The truth: name → its latest anchors and text.
      const truth = new Map<string, { anchors: Set<number>; text: string }>();
      let seed = 20261205;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
      const universe = 40;
      for (let step = 0; step < 300; step++) {
        if (rnd(5) === 0) {
          const name = `d${rnd(8)}`;
          expect(await idx.remove(name)).toBe(truth.delete(name));
          continue;
        }
        // A batch of 1–3 documents, sometimes naming one twice (the last one counts).
        const batch: IndexedDoc[] = [];
        for (let k = 1 + rnd(3); k > 0; k--) {
          const name = `d${rnd(8)}`;
          const before = truth.get(name)?.anchors ?? new Set<number>();
          // Mostly small edits of what the document holds, sometimes a rewrite.
          const next = rnd(4) === 0 ? new Set<number>() : new Set(before);
          for (let e = 1 + rnd(6); e > 0; e--) {
            const h = 1 + rnd(universe);
            if (next.has(h)) next.delete(h);
            else next.add(h);
          }
          const d = { ...doc(name, [...next]), text: `${name}第${step}次` };
          batch.push(d);
        }
        await idx.put(batch);
        for (const d of batch) truth.set(d.name, { anchors: new Set(d.anchors), text: d.text });
      }
      expect(await idx.count()).toBe(truth.size);
      const all = Uint32Array.from({ length: universe }, (_, i) => i + 1);
      const names = async (ids: readonly number[]) => (await idx.metaOf(ids)).map((m) => m.name).sort();
      const wide = await idx.lookup(all, 100);
      const narrow = await idx.lookup(all, 2);
      for (let i = 0; i < universe; i++) {
        const holders = [...truth]
          .filter(([, t]) => t.anchors.has(all[i]))
          .map(([n]) => n)
          .sort();
        expect(await names(wide.docs[i] ?? []), `anchor ${all[i]}`).toEqual(holders);
        expect(narrow.docs[i] === null ? 'shared' : (narrow.docs[i] ?? []).length).toEqual(
          holders.length > 2 ? 'shared' : holders.length,
        );
      }
      for (const [name, t] of truth) {
        const [d] = await idx.fetch([(await idx.idOf(name))!]);
        expect(d.text).toBe(t.text);
      }
      await idx.close();
    });

    it('lists collections by kind, organization, year and author', async () => {
      const idx = await make();
      await idx.put([
        doc('x2023', [1], { org: '发改局', year: 2023, author: '李四' }),
        doc('x2024', [2], { org: '发改局', year: 2024, author: '李四' }),
        doc('y2024', [3], { org: '财政局', year: 2024 }),
        doc('t1', [4], { kind: 'template' }),
      ]);
      const names = async (c: Parameters<SimilarityIndex['list']>[0]) => (await idx.list(c)).map((d) => d.name);
      expect(await names({})).toEqual(['t1', 'x2023', 'x2024', 'y2024']);
      expect(await names({ org: '发改局' })).toEqual(['x2023', 'x2024']);
      expect(await names({ year: 2024 })).toEqual(['x2024', 'y2024']);
      expect(await names({ org: '发改局', year: 2024 })).toEqual(['x2024']);
      expect(await names({ kind: 'template' })).toEqual(['t1']);
      expect(await names({ author: '李四', year: 2023 })).toEqual(['x2023']);
      const id = (await idx.idOf('y2024'))!;
      expect(await idx.metaOf([id, 999999])).toMatchObject([
        { id, name: 'y2024', meta: { org: '财政局', year: 2024, kind: 'material' } },
      ]);
      await idx.close();
    });

    it('serves the engine: a copy is found, restricted to a collection when asked', async () => {
      const idx = await make();
      const text =
        '在推进城东片区老旧小区改造项目中，我满足于听汇报、看材料，没有深入到施工现场察看进度，导致三个小区的管网改造延误了两个月，群众多次反映噪音扰民和道路开挖后未及时恢复的问题。'.repeat(
          3,
        );
      await idx.put([indexDocument('src', text, { org: '住建局', year: 2023 })]);
      const r = await checkText(idx, text);
      expect(r.matches.map((m) => m.id)).toEqual(['src']);
      expect((await checkText(idx, text, { collection: { org: '住建局' } })).matches).toHaveLength(1);
      expect((await checkText(idx, text, { collection: { org: '财政局' } })).matches).toEqual([]);
      await idx.close();
    });
  });
}

contract('memory', async () => new MemoryIndex());
let k = 0;
contract('sqlite', async () => new SqliteSimilarityIndex(join(dir, `c${k++}.db`)));
if (process.env.TEST_DATABASE_URL) {
  contract('postgres', async () => {
    const { url, drop } = await createPgDatabase('jianshi_sim');
    cleanups.push(drop);
    return PgSimilarityIndex.open(url);
  });
}
