/**
 * The ledger benchmark's data: 100,000 items (by default) spread over a district of 1 + 20 + 157
 * organizations and 2,000 people, deterministic (mulberry32), inserted in batches; then ANALYZE (PostgreSQL: VACUUM ANALYZE).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Store } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { formatNumber, LEDGER_SOURCES, type LedgerStatus } from '../../src/core/ledger/index.js';

/** Deterministic PRNG (mulberry32) so every run builds the same data. */
export function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ASPECTS = ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律', null];
const PROBLEMS = [
  '理论学习不深不透，学用结合不够紧密',
  '深入基层调查研究少，帮助群众解决实际问题不多',
  '批评与自我批评不敢动真碰硬',
  '担当精神有所弱化，遇到困难有畏难情绪',
  '对党员的教育管理监督不够',
  '廉洁自律意识有所放松',
];
const STATUSES: LedgerStatus[] = ['pending', 'in_progress', 'awaiting_close', 'closed', 'closed', 'closed'];

export async function seed(store: Store, N: number) {
  const repos = createRepositories(store);
  const r = rng(7);
  const root = await repos.orgs.create({ name: '某某区委', kind: '党委' });
  const mids = [];
  for (let i = 0; i < 20; i++)
    mids.push(await repos.orgs.create({ name: `第${i + 1}党委`, kind: '党委', parentId: root.id }));
  const branches = [];
  for (let i = 0; i < 157; i++)
    branches.push(await repos.orgs.create({ name: `第${i + 1}党支部`, kind: '党支部', parentId: mids[i % 20].id }));
  const people: string[] = [];
  const t0 = new Date().toISOString();
  const personRows = Array.from({ length: 2000 }, (_, i) => ({
    id: `p${i}`,
    name: `人员${i}`,
    username: null,
    password_hash: null,
    title: null,
    created_at: t0,
    updated_at: t0,
  }));
  for (let k = 0; k < personRows.length; k += 500)
    await store.db
      .insertInto('people')
      .values(personRows.slice(k, k + 500))
      .execute();
  people.push(...personRows.map((p) => p.id));
  const seq = new Map<string, number>();
  const rows = [];
  for (let i = 0; i < N; i++) {
    const b = branches[Math.floor(r() * branches.length)];
    const year = 2022 + Math.floor(r() * 3);
    const key = `${b.id}:${year}`;
    const s = (seq.get(key) ?? 0) + 1;
    seq.set(key, s);
    const status = STATUSES[Math.floor(r() * STATUSES.length)];
    const kind = r() < 0.1 ? 'ongoing' : r() < 0.2 ? 'immediate' : 'date';
    const created = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T08:00:00.000Z`;
    const deadline =
      kind === 'ongoing'
        ? null
        : `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    rows.push({
      id: `i${i}`,
      org_id: b.id,
      meeting_id: null,
      year,
      number: formatNumber(year, b.name, s),
      source: LEDGER_SOURCES[Math.floor(r() * LEDGER_SOURCES.length)],
      source_ref: null,
      aspect: ASPECTS[Math.floor(r() * ASPECTS.length)],
      problem: `${PROBLEMS[Math.floor(r() * PROBLEMS.length)]}（${i}）`,
      target: '按期完成整改',
      measures: '制定计划，逐项落实，按月报告进展',
      leader_name: null,
      department: null,
      owner_id: r() < 0.15 ? null : people[Math.floor(r() * people.length)],
      deadline_kind: kind,
      deadline_on: deadline,
      status,
      repeated_of_id: null,
      created_by: null,
      created_at: created,
      updated_at: created,
      closed_at: status === 'closed' ? created : null,
      closed_by: null,
    });
  }
  const tIns = performance.now();
  const batch = 500;
  for (let k = 0; k < rows.length; k += batch) {
    const chunk = rows.slice(k, k + batch);
    await store.db.transaction().execute((tx) => tx.insertInto('ledger_items').values(chunk).execute());
  }
  const insertMs = performance.now() - tIns;
  // PostgreSQL: VACUUM as autovacuum would have by then (visibility map for index-only scans), and ANALYZE.
  if (store.dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(store.db);
  else store.sqlite?.exec('ANALYZE');
  return { root, mids, branches, insertMs };
}
