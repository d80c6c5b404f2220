import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryIndex } from '../../core/similarity/memory-index.js';
import type { IndexedDoc, SimilarityIndex } from '../../core/similarity/port.js';
import { SqliteSimilarityIndex } from './sqlite-index.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (name: string, anchors: number[], meta: IndexedDoc['meta'] = {}): IndexedDoc => ({
  name,
  text: `正文${name}`,
  mask: [[0, 1]],
  anchors: Uint32Array.from(anchors).sort(),
  length: 3,
  meta,
});

/** One contract for every SimilarityIndex implementation. */
function contract(name: string, make: () => SimilarityIndex) {
  describe(`SimilarityIndex contract: ${name}`, () => {
    it('adds, looks up with a document-frequency cap, replaces and removes', async () => {
      const idx = make();
      await idx.put([doc('a', [1, 2, 3]), doc('b', [2, 3]), doc('c', [3, 4294967295], { kind: 'template', year: 2023, author: '张三' })]);
      expect(await idx.count()).toBe(3);
      const p = await idx.lookup(Uint32Array.from([1, 2, 3, 9, 4294967295]), 2);
      const ida = await idx.idOf('a');
      const idc = await idx.idOf('c');
      expect(p.docs[0]).toEqual([ida]);
      expect([...(p.docs[1] ?? [])].sort()).toHaveLength(2);
      expect(p.docs[2]).toBeNull(); // held by 3 > cap documents: shared phrasing
      expect(p.docs[3]).toEqual([]);
      expect(p.docs[4]).toEqual([idc]);
      const [c] = await idx.fetch([idc!]);
      expect(c).toMatchObject({ name: 'c', text: '正文c', mask: [[0, 1]], length: 3 });
      expect(c.meta).toMatchObject({ kind: 'template', year: 2023, author: '张三' });
      await idx.put([doc('a', [7])]); // replace
      expect(await idx.count()).toBe(3);
      expect((await idx.lookup(Uint32Array.from([1, 7]), 5)).docs.map((d) => d?.length)).toEqual([0, 1]);
      expect(await idx.remove('b')).toBe(true);
      expect(await idx.remove('b')).toBe(false);
      expect(await idx.count()).toBe(2);
      expect((await idx.lookup(Uint32Array.from([2]), 5)).docs[0]).toEqual([]);
      expect(await idx.idOf('b')).toBeNull();
      await idx.close();
    });
  });
}

contract('memory', () => new MemoryIndex());
let k = 0;
contract('sqlite', () => new SqliteSimilarityIndex(join(dir, `c${k++}.db`)));

describe('SqliteSimilarityIndex', () => {
  it('persists across connections and opens read-only', async () => {
    const file = join(dir, 'p.db');
    const w = new SqliteSimilarityIndex(file);
    await w.put([doc('x', [5, 6])]);
    await w.close();
    const r = new SqliteSimilarityIndex(file, { readonly: true });
    expect(await r.count()).toBe(1);
    expect((await r.lookup(Uint32Array.from([5]), 3)).docs[0]).toHaveLength(1);
    await expect(r.put([doc('y', [1])])).rejects.toThrow(/只读/);
    await r.close();
  });
  it('refuses a missing file in read-only mode with a JianshiError', () => {
    expect(() => new SqliteSimilarityIndex(join(dir, 'none.db'), { readonly: true })).toThrow(/无法打开查重库/);
  });
});
