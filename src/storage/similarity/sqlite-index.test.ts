import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { IndexedDoc } from '../../core/similarity/port.js';
import { LIST_CAP, SqliteSimilarityIndex } from './sqlite-index.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (name: string, anchors: number[]): IndexedDoc => ({
  name,
  text: `正文${name}`,
  mask: [],
  anchors: Uint32Array.from(anchors).sort(),
  length: 3,
  meta: {},
});

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
  it('refuses an index of an older schema version', () => {
    const file = join(dir, 'old.db');
    const db = new Database(file);
    db.exec(
      `CREATE TABLE sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO sim_meta VALUES ('version', '1');`,
    );
    db.close();
    expect(() => new SqliteSimilarityIndex(file)).toThrow(/版本不符/);
  });
  it('stores large batches (packed inserts in chunks)', async () => {
    const w = new SqliteSimilarityIndex(join(dir, 'big.db'));
    const docs = Array.from({ length: 300 }, (_, i) =>
      doc(
        `d${i}`,
        Array.from({ length: 400 }, (_, j) => (i * 131 + j * 7919) % 100_003),
      ),
    );
    await w.put(docs);
    const p = await w.lookup(Uint32Array.from([0, 7919]), 1000);
    expect(p.docs[1]!.length).toBeGreaterThan(0);
    expect(await w.count()).toBe(300);
    await w.close();
  });
  it('a bulk load (into an index already holding documents) answers exactly as batch-by-batch puts', async () => {
    const docs = Array.from({ length: 200 }, (_, i) =>
      doc(
        `d${i}`,
        Array.from({ length: 50 }, (_, j) => (i * 17 + j * 31) % 997),
      ),
    );
    const a = new SqliteSimilarityIndex(join(dir, 'inc.db'));
    for (let i = 0; i < docs.length; i += 30) await a.put(docs.slice(i, i + 30));
    await a.put([doc('d3', [1, 2, 3])]);
    const b = new SqliteSimilarityIndex(join(dir, 'bulk.db'));
    await b.put(docs.slice(0, 60)); // an index that already holds documents …
    await b.bulk(async () => {
      for (let i = 60; i < docs.length; i += 30) await b.put(docs.slice(i, i + 30)); // … grows by a bulk load
      await b.put([doc('d3', [1, 2, 3])]); // replaces one stored before the load
      await b.put([
        doc(
          'd70',
          Array.from({ length: 50 }, (_, j) => (70 * 17 + j * 31) % 997),
        ),
      ]); // and one put inside it
    });
    const probe = Uint32Array.from(Array.from({ length: 997 }, (_, h) => h));
    const names = async (x: SqliteSimilarityIndex) => {
      const p = await x.lookup(probe, 40);
      const all = await x.list();
      const byId = new Map(all.map((d) => [d.id, d.name]));
      return p.docs.map((l) => (l === null ? null : l.map((id) => byId.get(id)).sort()));
    };
    expect(await b.count()).toBe(200);
    expect(await names(b)).toEqual(await names(a));
    expect(await b.remove('d5')).toBe(true);
    expect(await a.remove('d5')).toBe(true);
    expect(await names(b)).toEqual(await names(a));
    await a.close();
    await b.close();
  });
  it('a bulk load that fails is rolled back, and so is one interrupted by a crash', async () => {
    const file = join(dir, 'rollback.db');
    const x = new SqliteSimilarityIndex(file);
    await x.put([doc('keep', [1, 2])]);
    await expect(
      x.bulk(async () => {
        await x.put([doc('lost', [2, 3])]);
        throw new Error('磁盘已满');
      }),
    ).rejects.toThrow('磁盘已满');
    expect((await x.list()).map((d) => d.name)).toEqual(['keep']);
    expect((await x.lookup(Uint32Array.from([2, 3]), 5)).docs.map((l) => l?.length)).toEqual([1, 0]);
    await x.close();
    // A process killed inside a bulk load: documents written, postings never merged.
    const db = new Database(file);
    db.prepare(
      `INSERT INTO sim_doc (name, length, mask, anchors, text) VALUES ('half', 3, '[]', x'01000000', '正文')`,
    ).run();
    db.prepare(`INSERT INTO sim_meta (key, value) VALUES ('bulk_from', (SELECT max(id) FROM sim_doc))`).run();
    db.close();
    const y = new SqliteSimilarityIndex(file);
    expect((await y.list()).map((d) => d.name)).toEqual(['keep']);
    expect(await y.count()).toBe(1);
    await y.close();
  });
  it(`an anchor held by more than ${LIST_CAP} documents keeps only its count, for good`, async () => {
    const w = new SqliteSimilarityIndex(join(dir, 'cap.db'));
    await w.put(Array.from({ length: LIST_CAP + 1 }, (_, i) => doc(`c${i}`, [42, 1000 + i])));
    expect(
      (await w.lookup(Uint32Array.from([42, 1000]), 10 ** 6)).docs.map((l) => (l === null ? null : l.length)),
    ).toEqual([null, 1]);
    await w.remove('c0');
    await w.remove('c1');
    expect((await w.lookup(Uint32Array.from([42]), 10 ** 6)).docs[0]).toBeNull(); // still shared phrasing
    await w.close();
  });
  it('a failed load never leaves a document without its postings, whatever ids it reused', async () => {
    const w = new SqliteSimilarityIndex(join(dir, 'reuse.db'));
    await w.put([doc('other', [9]), doc('z', [9])]);
    await expect(
      w.bulk(async () => {
        await w.put([doc('z', [9])]); // replaces the newest document, then the load fails
        throw new Error('中断');
      }),
    ).rejects.toThrow('中断');
    await w.put([doc('z', [9])]);
    const names = async () => {
      const byId = new Map((await w.list()).map((d) => [d.id, d.name]));
      return (await w.lookup(Uint32Array.from([9]), 10)).docs[0]!.map((id) => byId.get(id)).sort();
    };
    expect(await names()).toEqual(['other', 'z']);
    await w.remove('z');
    expect(await names()).toEqual(['other']);
    await w.close();
  });
  it('one name twice in a batch is stored once, the last version', async () => {
    const w = new SqliteSimilarityIndex(join(dir, 'twice.db'));
    await w.put([doc('y', [5])]);
    await w.put([doc('a', [5, 6]), doc('a', [5, 7])]);
    expect(await w.count()).toBe(2);
    const p = await w.lookup(Uint32Array.from([5, 6, 7]), 10);
    expect(p.docs.map((l) => l?.length)).toEqual([2, 0, 1]);
    await w.close();
  });
  it('refuses a second writer while a bulk load runs, and the load completes', async () => {
    const file = join(dir, 'busy.db');
    const w = new SqliteSimilarityIndex(file);
    await w.bulk(async () => {
      await w.put([doc('b1', [1, 2])]);
      expect(() => new SqliteSimilarityIndex(file)).toThrow(/正在向该查重库批量导入/);
    });
    expect((await w.lookup(Uint32Array.from([1]), 5)).docs[0]).toHaveLength(1);
    await w.close();
    const again = new SqliteSimilarityIndex(file);
    expect(await again.count()).toBe(1);
    await again.close();
  });
});
