import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSimilarityIndex } from './similarity.js';
import type { Store } from '../../storage/db.js';

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
});
