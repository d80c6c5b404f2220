import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSimilarityIndex } from './open.js';
import { checkText } from '../../core/similarity/engine.js';
import type { Store } from '../db.js';

describe('the server 查重 index', () => {
  it('rebuilds an index file of an older format instead of refusing to start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
    const old = new Database(join(dir, 'similarity.db'));
    old.exec(`CREATE TABLE sim_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO sim_meta VALUES ('version', '0');`);
    old.close();
    const idx = await openSimilarityIndex({ dialect: 'sqlite', file: join(dir, 'jianshi.db') } as Store);
    expect(await idx.count()).toBe(0);
    await idx.close();
  });
  it('keeps the imported templates (网络范文) when it rebuilds an older index; materials are re-derived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-sim-'));
    const old = new Database(join(dir, 'similarity.db'));
    old.exec(`CREATE TABLE sim_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO sim_meta VALUES ('version', '2');
      CREATE TABLE sim_doc (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, org TEXT, year INTEGER, author TEXT, title TEXT, length INTEGER, mask TEXT, anchors BLOB, text TEXT);`);
    const sample = readFileSync(
      new URL('../../../test/fixtures/sample-2023.txt', import.meta.url),
      'utf8',
    ); /* the sample material, a copy of shared/seeds/000_36651b71203e1f41.txt */
    old
      .prepare(
        `INSERT INTO sim_doc (name, kind, title, length, mask, anchors, text) VALUES (?, 'template', ?, 0, '[]', x'', ?), ('m1', 'material', NULL, 0, '[]', x'', '某材料')`,
      )
      .run('template:范文甲', '范文甲', sample);
    old.close();
    const idx = await openSimilarityIndex({ dialect: 'sqlite', file: join(dir, 'jianshi.db') } as Store);
    expect((await idx.list()).map((d) => [d.name, d.meta.kind, d.meta.title])).toEqual([
      ['template:范文甲', 'template', '范文甲'],
    ]);
    const r = await checkText(idx, sample);
    expect(r.matches[0]).toMatchObject({ id: 'template:范文甲', label: '网络范文' });
    await idx.close();
  });
});
