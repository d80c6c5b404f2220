/** Opening and closing the embedded database: what a stopped server leaves on disk. */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from './db.js';
import { createRepositories } from './repositories/index.js';

describe('SQLite file', () => {
  it('holds every commit in the database file itself once closed (no WAL left beside it), so a plain copy is a full backup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-db-'));
    try {
      const store = await openDatabase({ dataDir: dir });
      await migrateToLatest(store.db);
      const repos = createRepositories(store);
      const org = await repos.orgs.create({ name: '一支部', kind: '党支部' });
      // The read-only connection has been used too.
      expect((await repos.orgs.get(org.id))?.name).toBe('一支部');
      await store.close();
      const file = join(dir, 'jianshi.db');
      expect([existsSync(`${file}-wal`), existsSync(`${file}-shm`)]).toEqual([false, false]);
      const copy = join(dir, 'copy.db');
      copyFileSync(file, copy);
      const h = new BetterSqlite3(copy, { readonly: true });
      try {
        expect(h.prepare('select name from organizations where id = ?').get(org.id)).toEqual({ name: '一支部' });
      } finally {
        h.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
