/**
 * The ledger summary (ledger_stats / ledger_stats_month, kept by triggers) stays exact through
 * inserts, transitions, edits that move an item (aspect, organization, year), the 重复出现 mark,
 * closing and deleting — compared with a recount from the items — and the dashboard read from it
 * equals the dashboard counted from the items, for every kind of filter and scope. Also: the
 * migration fills the summary for items that existed before it, and goes down and up again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import {
  ledgerRepository,
  type LedgerFilter,
  type LedgerListScope,
  type LedgerRepository,
} from './repositories/ledger.js';
import * as stats from './migrations/2026-11-29T1310_ledger_stats.js';
import { LEDGER_STATUSES, type LedgerStatus, type NewLedgerItem } from '../core/ledger/index.js';

for (const dialect of testDialects()) {
  describe(`ledger summary on ${dialect}`, () => {
    let store: TestStore;
    let r: Repositories;
    let L: LedgerRepository;
    const o = { root: '', rootPath: '', b1: '', b1Path: '', b2: '', p: '' };

    beforeAll(async () => {
      store = await openTestStore(dialect);
      r = createRepositories(store);
      L = ledgerRepository(store.db, store.dialect);
      const root = await r.orgs.create({ name: '某某党委', kind: '党委' });
      const b1 = await r.orgs.create({ name: '第一党支部', kind: '党支部', parentId: root.id });
      const b2 = await r.orgs.create({ name: '第二党支部', kind: '党支部', parentId: root.id });
      Object.assign(o, {
        root: root.id,
        rootPath: root.path,
        b1: b1.id,
        b1Path: b1.path,
        b2: b2.id,
        p: (await r.people.create({ name: '李明' })).id,
      });
    });
    afterAll(async () => {
      await store?.close();
    });

    const recount = async () => {
      const a = await sql<{
        k: string;
      }>`select org_id || '|' || coalesce(aspect, '') || '|' || status || '|' || year || '=' || count(*) || '/' || sum(case when repeated_of_id is null then 0 else 1 end) as k from ledger_items group by org_id, coalesce(aspect, ''), status, year`.execute(
        store.db,
      );
      const b = await sql<{
        k: string;
      }>`select org_id || '|' || aspect_key || '|' || status || '|' || year || '=' || n || '/' || repeated as k from ledger_stats where n <> 0`.execute(
        store.db,
      );
      const c = await sql<{
        k: string;
      }>`select org_id || '|' || m || '|' || year || '=' || sum(c) || '/' || sum(x) as k from (select org_id, year, substr(created_at, 1, 7) as m, 1 as c, 0 as x from ledger_items union all select org_id, year, substr(closed_at, 1, 7), 0, 1 from ledger_items where closed_at is not null) t group by org_id, m, year`.execute(
        store.db,
      );
      const d = await sql<{
        k: string;
      }>`select org_id || '|' || month || '|' || year || '=' || created || '/' || closed as k from ledger_stats_month where created <> 0 or closed <> 0`.execute(
        store.db,
      );
      const sorted = (x: { rows: { k: string }[] }) => x.rows.map((y) => y.k).sort();
      expect(sorted(b)).toEqual(sorted(a));
      expect(sorted(d)).toEqual(sorted(c));
      expect(
        await sql<{ n: number }>`select count(*) as n from ledger_stats where n < 0 or repeated < 0`
          .execute(store.db)
          .then((x) => Number(x.rows[0].n)),
      ).toBe(0);
    };

    const scopes: LedgerListScope[] = [
      { all: true },
      { orgIds: [], subtreeOfPaths: [], strictSubtreeOfPaths: [''] },
      { orgIds: [], subtreeOfPaths: [], strictSubtreeOfPaths: [] },
    ];
    const sameDashboards = async () => {
      scopes[1] = { orgIds: [], subtreeOfPaths: [], strictSubtreeOfPaths: [o.rootPath] };
      scopes[2] = { orgIds: [o.b2], subtreeOfPaths: [], strictSubtreeOfPaths: [] };
      const filters: LedgerFilter[] = [
        {},
        { orgIds: [o.b1] },
        { subtreeOf: o.rootPath },
        { status: ['pending', 'in_progress'] },
        { status: ['closed'] },
        { aspect: '理论学习' },
        { aspect: '' },
        { year: 2023 },
        { subtreeOf: o.b1Path, year: 2024, status: ['in_progress'] },
      ];
      for (const s of scopes) {
        for (const f of filters) {
          const a = await L.dashboardFromStats(f, s, '2024-07-15');
          const b = await L.dashboardFromItems(f, s, '2024-07-15');
          expect([f, s, a]).toEqual([f, s, b]);
          expect(await L.statsCount(f, s)).toBe(b.total);
        }
      }
    };

    it('fills the summary for items that existed before the migration; down and up again', async () => {
      const base = {
        year: 2024,
        source: '自查',
        deadlineKind: 'date' as const,
        deadlineOn: '2024-07-01',
        ownerId: o.p,
      };
      await L.insertMany(
        [
          { ...base, orgId: o.b1, number: 'x-001', problem: 'a', aspect: '理论学习' },
          { ...base, orgId: o.b2, number: 'x-002', problem: 'b', aspect: null, status: 'closed' },
        ],
        null,
        '2024-03-05T00:00:00.000Z',
      );
      await stats.down(store.db);
      await L.insertMany(
        [{ ...base, orgId: o.b1, number: 'x-003', problem: 'c', aspect: '工作作风', year: 2023 }],
        null,
        '2023-11-05T00:00:00.000Z',
      );
      await stats.up(store.db);
      await recount();
      await sameDashboards();
    });

    it('stays exact through inserts, transitions, moves, repeated marks, closing and deletes', async () => {
      const aspects = ['理论学习', '工作作风', null];
      const items: (NewLedgerItem & { number: string })[] = [];
      for (let i = 0; i < 60; i++) {
        items.push({
          orgId: i % 3 ? o.b1 : o.b2,
          year: 2023 + (i % 2),
          number: `n-${String(i).padStart(3, '0')}`,
          source: '自查',
          problem: `问题${i}`,
          aspect: aspects[i % 3],
          ownerId: i % 4 ? o.p : null,
          deadlineKind: i % 5 ? 'date' : 'ongoing',
          deadlineOn: i % 5 ? `2024-07-${String(1 + (i % 28)).padStart(2, '0')}` : null,
          status: LEDGER_STATUSES[i % 4],
        });
      }
      const created = await L.insertMany(items, null, '2024-02-10T00:00:00.000Z');
      await recount();
      // transitions (CAS updates of the status), closing (closed_at), edits that move items between rows
      const st = (id: string, from: LedgerStatus, to: LedgerStatus, at: string) =>
        L.transition({
          id: `t-${id}-${to}`,
          itemId: id,
          fromStatus: from,
          toStatus: to,
          actorId: o.p,
          reason: null,
          snapshot: {},
          at,
        } as never);
      for (const it of created.filter((x) => x.status === 'pending').slice(0, 5))
        await st(it.id, 'pending', 'in_progress', '2024-04-01T00:00:00.000Z');
      for (const it of created.filter((x) => x.status === 'awaiting_close').slice(0, 5))
        await st(it.id, 'awaiting_close', 'closed', '2024-05-20T00:00:00.000Z');
      for (const it of created.filter((x) => x.status === 'in_progress').slice(0, 3))
        await L.update(it.id, { aspect: '担当作为' });
      await L.setRepeated(created[1].id, created[0].id);
      await L.setRepeated(created[2].id, created[0].id);
      await L.setRepeated(created[2].id, null);
      await store.db
        .updateTable('ledger_items')
        .set({ org_id: o.b2, year: 2022 })
        .where('id', '=', created[5].id)
        .execute();
      await store.db
        .updateTable('ledger_items')
        .set({ created_at: '2023-12-31T00:00:00.000Z' })
        .where('id', '=', created[6].id)
        .execute();
      await store.db.updateTable('ledger_items').set({ problem: '只改文字' }).where('id', '=', created[7].id).execute();
      await store.db.deleteFrom('ledger_items').where('id', 'in', [created[58].id, created[59].id]).execute();
      await recount();
      await sameDashboards();
    });

    it('two transactions moving items opposite ways between the same two rows both commit', async () => {
      const base = {
        orgId: o.b1,
        year: 2024,
        source: '自查',
        aspect: '理论学习',
        deadlineKind: 'ongoing' as const,
        ownerId: o.p,
      };
      const [a, b] = await L.insertMany(
        [
          { ...base, number: 'd-001', problem: 'a', status: 'pending' },
          { ...base, number: 'd-002', problem: 'b', status: 'in_progress' },
        ],
        null,
      );
      await Promise.all([
        r.transaction(async (tx) => {
          const T = ledgerRepository(tx.db, tx.dialect);
          await T.transition({
            id: 'tt1',
            itemId: a.id,
            fromStatus: 'pending',
            toStatus: 'in_progress',
            actorId: o.p,
            reason: null,
            snapshot: {},
            at: '2024-06-01T00:00:00.000Z',
          } as never);
        }),
        r.transaction(async (tx) => {
          const T = ledgerRepository(tx.db, tx.dialect);
          await T.transition({
            id: 'tt2',
            itemId: b.id,
            fromStatus: 'in_progress',
            toStatus: 'pending',
            actorId: o.p,
            reason: null,
            snapshot: {},
            at: '2024-06-01T00:00:00.000Z',
          } as never);
        }),
      ]);
      await recount();
    });
  });
}
