/**
 * Ledger benchmark: 100,000 items in SQLite (and PostgreSQL when TEST_DATABASE_URL or DATABASE_URL
 * is set — a throwaway database is created next to it and dropped afterwards).
 *
 *   npx tsx bench/ledger/run.ts [--items 100000] [--runs 200] [--quick: 20,000 items, 50 runs]
 *
 * Measured in the same run: a baseline (`SELECT 1` round trip and `count(*)` over the items), the
 * filtered list page (keyset, with total) p50/p95, the dashboard aggregation p50/p95, and the export
 * of 10,000 items to .xlsx. Goals: list p95 ≤ 50 ms, dashboard p95 ≤ 100 ms, export ≤ 5 s.
 * Results are printed and written to bench/results/ledger-<dialect>.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type DialectName, type Store } from '../../src/storage/db.js';
import { createPgDatabase } from '../../src/storage/testing.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { ledgerRepository, type LedgerFilter, type LedgerListScope } from '../../src/storage/repositories/ledger.js';
import { ledgerService } from '../../src/server/domain/ledger/service.js';
import type { LedgerStatus } from '../../src/core/ledger/index.js';
import { ASPECTS, rng, seed } from './seed.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const QUICK = process.argv.includes('--quick');
const N = arg('items', QUICK ? 20_000 : 100_000);
const RUNS = arg('runs', QUICK ? 50 : 200);
const TODAY = '2024-07-15';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(i); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  return { p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2), max: +Math.max(...xs).toFixed(2) };
}

async function bench(dialect: DialectName) {
  let store: Store;
  let cleanup = async () => {};
  if (dialect === 'postgres') {
    const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL!;
    process.env.TEST_DATABASE_URL = base;
    const { url, drop } = await createPgDatabase('jianshi_bench');
    store = await openDatabase({ databaseUrl: url, poolSize: 4 });
    cleanup = drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-ledger-bench-'));
    store = await openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    await migrateToLatest(store.db);
    const w = await seed(store, N);
    const L = ledgerRepository(store.db, store.dialect);
    const repos = createRepositories(store);
    const all: LedgerListScope = { all: true };
    const reviewer: LedgerListScope = { orgIds: [], subtreeOfPaths: [], strictSubtreeOfPaths: [w.root.path] };
    const r = rng(11);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

    const baseline = {
      select1: await time(RUNS, () => sql`select 1`.execute(store.db)),
      countAll: await time(Math.min(RUNS, 50), () => L.count()),
    };
    // A mix of the filters people use: a branch's list; a mid-level subtree by status; overdue in the
    // whole tree (reviewer scope); by aspect; a text search; a later page (keyset cursor).
    const filters: (() => { f: LedgerFilter; s: LedgerListScope })[] = [
      () => ({ f: { orgIds: [pick(w.branches).id] }, s: all }),
      () => ({
        f: {
          subtreeOf: pick(w.mids).path,
          status: [pick(['pending', 'in_progress', 'awaiting_close'] as LedgerStatus[])],
        },
        s: all,
      }),
      () => ({ f: { due: 'overdue' }, s: reviewer }),
      () => ({
        f: { subtreeOf: pick(w.mids).path, aspect: pick(ASPECTS.filter(Boolean) as string[]), year: 2024 },
        s: reviewer,
      }),
      () => ({ f: { orgIds: [pick(w.branches).id], q: '调查研究' }, s: all }),
    ];
    const byFilter: number[][] = filters.map(() => []);
    const list = await time(RUNS, async (i) => {
      const { f, s } = filters[i % filters.length]();
      const t0 = performance.now();
      const first = await L.list(f, s, { limit: 50 }, TODAY);
      if (i % 4 === 0 && first.nextCursor)
        await L.list(f, s, { limit: 50, cursor: first.nextCursor, withTotal: false }, TODAY);
      byFilter[i % filters.length].push(performance.now() - t0);
    });
    const FILTER_NAMES = ['branch', 'midSubtreeStatus', 'overdueWholeTree', 'midSubtreeAspectYear', 'branchText'];
    const listByFilter = Object.fromEntries(
      byFilter.map((xs, k) => [FILTER_NAMES[k], { p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2) }]),
    );
    const dashAll = await time(Math.min(RUNS, 60), () => L.dashboard({}, reviewer, TODAY));
    // Baseline in the same run: the same whole-tree dashboard counted from the items (no summary tables).
    const dashAllFromItems = await time(Math.min(RUNS, 20), () => L.dashboardFromItems({}, reviewer, TODAY));
    const dashMid = await time(Math.min(RUNS, 100), () => L.dashboard({ subtreeOf: pick(w.mids).path }, all, TODAY));
    const dashBranch = await time(Math.min(RUNS, 100), () =>
      L.dashboard({ orgIds: [pick(w.branches).id] }, all, TODAY),
    );

    // Export of 10,000 items: the first 10,000 of the whole tree through the service (names, notes, evidence, xlsx).
    const svc = ledgerService(repos);
    const t = performance.now();
    const ex = await svc.exportXlsx(null, { orgId: w.root.id, max: 10_000 });
    const exportMs = performance.now() - t;

    const res = {
      dialect,
      items: N,
      runs: RUNS,
      seedInsertMs: Math.round(w.insertMs),
      baseline: { ...baseline, dashboardWholeTreeFromItems: dashAllFromItems },
      list,
      listByFilter,
      dashboard: { wholeTree: dashAll, midSubtree: dashMid, branch: dashBranch },
      export: { items: ex.count, ms: Math.round(exportMs), bytes: ex.buffer.length },
      ratios: {
        listP95OverSelect1P95: +(list.p95 / baseline.select1.p95).toFixed(1),
        listP95OverCountP95: +(list.p95 / baseline.countAll.p95).toFixed(2),
        dashboardWholeP95OverCountP95: +(dashAll.p95 / baseline.countAll.p95).toFixed(2),
        dashboardWholeP95OverFromItemsP95: +(dashAll.p95 / dashAllFromItems.p95).toFixed(3),
      },
      goals: { listP95Le50: list.p95 <= 50, dashboardP95Le100: dashAll.p95 <= 100, export10kLe5s: exportMs <= 5000 },
      node: process.version,
      load: loadavg().map((x) => +x.toFixed(2)),
      cpus: cpus().length,
      at: new Date().toISOString(),
    };
    writeFileSync(
      new URL(`../results/ledger-${dialect}${QUICK ? '-quick' : ''}.json`, import.meta.url),
      JSON.stringify(res, null, 2) + '\n',
    );
    return res;
  } finally {
    await store.close();
    await cleanup();
  }
}

const dialects: DialectName[] = ['sqlite'];
if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) dialects.push('postgres');
for (const d of dialects) {
  const r = await bench(d);
  const line = (k: string, v: { p50: number; p95: number }) =>
    `  ${k.padEnd(24)} p50 ${String(v.p50).padStart(7)} ms   p95 ${String(v.p95).padStart(7)} ms`;
  console.log(`\n== ${d}: ${r.items} items (seeded in ${r.seedInsertMs} ms)`);
  console.log(line('baseline select 1', r.baseline.select1));
  console.log(line('baseline count(*)', r.baseline.countAll));
  console.log(line('baseline dash from items', r.baseline.dashboardWholeTreeFromItems));
  console.log(line('list page (+total)', r.list));
  for (const [k, v] of Object.entries(r.listByFilter)) console.log(line(`  ${k}`, v));
  console.log(line('dashboard whole tree', r.dashboard.wholeTree));
  console.log(line('dashboard mid subtree', r.dashboard.midSubtree));
  console.log(line('dashboard one branch', r.dashboard.branch));
  console.log(`  export ${r.export.items} items       ${r.export.ms} ms (${(r.export.bytes / 1048576).toFixed(1)} MB)`);
  console.log(`  ratios ${JSON.stringify(r.ratios)}  goals ${JSON.stringify(r.goals)}`);
}
