import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { IndexedDoc } from '../../core/similarity/port.js';
import { SqliteSimilarityIndex } from './sqlite-index.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (name: string, anchors: number[]): IndexedDoc => ({ name, text: `正文${name}`, mask: [], anchors: Uint32Array.from(anchors).sort(), length: 3, meta: {} });

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
    db.exec(`CREATE TABLE sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO sim_meta VALUES ('version', '1');`);
    db.close();
    expect(() => new SqliteSimilarityIndex(file)).toThrow(/版本不符/);
  });
  it('stores large batches (packed inserts in chunks)', async () => {
    const w = new SqliteSimilarityIndex(join(dir, 'big.db'));
    const docs = Array.from({ length: 300 }, (_, i) => doc(`d${i}`, Array.from({ length: 400 }, (_, j) => (i * 131 + j * 7919) % 100_003)));
    await w.put(docs);
    const p = await w.lookup(Uint32Array.from([0, 7919]), 1000);
    expect(p.docs[1]!.length).toBeGreaterThan(0);
    expect(await w.count()).toBe(300);
    await w.close();
  });
});
