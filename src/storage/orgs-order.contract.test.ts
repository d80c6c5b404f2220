/**
 * `/api/orgs` lists organizations in the same, meaningful order on SQLite and PostgreSQL:
 * tree order — parent before children, siblings by sort number, then name (Chinese
 * order), then id by code units. Ordering by the materialised path left it to the ids (random) and
 * to each database's collation. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { startTestApp, type TestApp } from '../../test/http/harness.js';

// Ids chosen so that their order (in any collation) is not the tree's: upper and lower case,
// punctuation that some collations ignore.
const ORGS = [
  { id: 'z-root', name: '某某党委', kind: '党委', parentId: null },
  { id: 'a-mid', name: '机关党总支', kind: '党总支', parentId: 'z-root', sort: 1 },
  { id: 'c2', name: '第二党支部', kind: '党支部', parentId: 'a-mid' },
  { id: 'C1', name: '第一党支部', kind: '党支部', parentId: 'a-mid' },
  { id: 'b3', name: '第三党支部', kind: '党支部', parentId: 'a-mid' },
  { id: 'B3', name: '第三党支部', kind: '党支部', parentId: 'a-mid' },
  { id: 'A-ret', name: '离退休党支部', kind: '党支部', parentId: 'z-root' },
  { id: 'a-root2', name: '另一党委', kind: '党委', parentId: null },
  { id: '_x', name: '党小组', kind: '党小组', parentId: 'a-root2' },
] as const;
/** 另 (lìng) before 某 (mǒu); sort 0 before 1; 二 (èr) 三 (sān) 一 (yī); equal names by id (B < b). */
const TREE_ORDER = ['a-root2', '_x', 'z-root', 'A-ret', 'a-mid', 'c2', 'B3', 'b3', 'C1'];

for (const dialect of testDialects()) {
  describe(`organization order on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    beforeAll(async () => {
      store = await openTestStore(dialect);
      r = createRepositories(store);
      for (const o of ORGS) await r.orgs.create(o);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('lists in tree order: parent first, siblings by sort, name, id', async () => {
      expect((await r.orgs.list()).map((o) => o.id)).toEqual(TREE_ORDER);
      expect((await r.orgs.subtree('z-root')).map((o) => o.id)).toEqual(TREE_ORDER.slice(2));
      expect((await r.orgs.subtree('a-mid')).map((o) => o.id)).toEqual(['a-mid', 'c2', 'B3', 'b3', 'C1']);
      // A new sort number moves a branch with its children.
      await r.orgs.update('A-ret', { sort: 2 });
      expect((await r.orgs.list()).map((o) => o.id)).toEqual([
        'a-root2',
        '_x',
        'z-root',
        'a-mid',
        'c2',
        'B3',
        'b3',
        'C1',
        'A-ret',
      ]);
      await r.orgs.update('A-ret', { sort: 0 });
    });

    it('GET /api/orgs answers that order, flat and as a tree', async () => {
      const app: TestApp = await startTestApp(dialect);
      try {
        const { repos } = app;
        // Ours under one of the test world's roots, beside its own organizations.
        const root = (await repos.orgs.list())[0];
        for (const o of ORGS)
          await repos.orgs.create({ ...o, id: `t${o.id}`, parentId: o.parentId ? `t${o.parentId}` : root.id });
        const admin = await app.as('sysadmin');
        const res = await admin.get('/api/orgs');
        expect(res.status).toBe(200);
        const items = res.body.items as { id: string; parentId: string | null }[];
        const ids = items.map((o) => o.id);
        const ours = new Set(ORGS.map((o) => `t${o.id}`));
        expect(ids.filter((id) => ours.has(id))).toEqual(TREE_ORDER.map((id) => `t${id}`));
        expect(ids[0]).toBe(root.id);
        // Every organization after its parent; the tree, walked depth first, is the same list.
        for (const [i, o] of items.entries()) if (o.parentId) expect(ids.indexOf(o.parentId)).toBeLessThan(i);
        const flat: string[] = [];
        const walk = (xs: { id: string; children: never[] }[]) =>
          xs.forEach((x) => (flat.push(x.id), walk(x.children)));
        walk((await admin.get('/api/orgs?tree=1')).body.tree);
        expect(flat).toEqual(ids);
      } finally {
        await app.close();
      }
    });
  });
}
