/**
 * The audit append under concurrency, on PostgreSQL: many connections each committing transactions
 * that write a row of their own and append an audit entry about their own entity (as saves of
 * different materials do). The same run alternates two settings of `audit.shards`:
 *
 *   - 1 shard: every append takes the one lock — what the log did before sharding (one chain);
 *   - 16 shards (the default): appends about different entities take different locks.
 *
 *   DATABASE_URL=postgres://…/postgres npx tsx bench/audit/run.ts
 *   BENCH_DURATION=12 (seconds per setting, in BENCH_ROUNDS=3 alternating slices) BENCH_CONNECTIONS=32
 *
 * A fresh database is created next to DATABASE_URL and dropped. Reported: transactions/s, p50 and p99
 * per setting, the ratio of the two, and the load average (the host is shared). The chains are
 * verified at the end. Results in bench/results/audit.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { SHARDS_SETTING } from '../../src/storage/repositories/audit.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 12);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL (PostgreSQL) is required');

const name = `jianshi_bench_audit_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8'`);
const u = new URL(base);
u.pathname = `/${name}`;
const store = await openDatabase({ databaseUrl: u.toString(), poolSize: CONNECTIONS + 2 });
const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const load: number[][] = [loadavg()];
try {
  await migrateToLatest(store.db);
  const repos = createRepositories(store);
  const stats = new Map<number, { n: number; ms: number[]; seconds: number }>();
  const slice = async (shards: number, seconds: number) => {
    await repos.settings.set(SHARDS_SETTING, String(shards));
    const ms: number[] = [];
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, w) => {
        for (let i = 0; performance.now() < end; i++) {
          const t0 = performance.now();
          await repos.transaction(async (tx) => {
            await tx.settings.set(`bench.row.${w}`, String(i)); // the change the entry records
            await tx.audit.append({
              actorId: null,
              action: 'bench.save',
              entity: 'material',
              entityId: `m${w}`,
              details: { version: i },
            });
          });
          ms.push(performance.now() - t0);
        }
      }),
    );
    const s = stats.get(shards) ?? { n: 0, ms: [], seconds: 0 };
    s.n += ms.length;
    s.ms.push(...ms);
    s.seconds += seconds;
    stats.set(shards, s);
  };
  await slice(16, 1); // warm-up, not counted
  stats.clear();
  for (let r = 0; r < ROUNDS; r++) {
    await slice(1, DURATION / ROUNDS);
    await slice(16, DURATION / ROUNDS);
  }
  load.push(loadavg());
  const v = await repos.audit.verify();
  if (!v.ok) throw new Error(`the chains do not verify: ${JSON.stringify(v)}`);
  const rows = [...stats].map(([shards, s]) => {
    const sorted = s.ms.sort((a, b) => a - b);
    return {
      shards,
      perSecond: Math.round(s.n / s.seconds),
      p50: Math.round(quantile(sorted, 0.5)),
      p99: Math.round(quantile(sorted, 0.99)),
    };
  });
  const [one, many] = rows;
  const report = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    seconds: DURATION,
    rounds: ROUNDS,
    loadAverage: load.map((l) => l.map((x) => Math.round(x * 100) / 100)),
    verified: v.count,
    rows,
    ratio: Math.round((many.perSecond / one.perSecond) * 100) / 100,
  };
  console.log(`| shards | transactions/s | p50 ms | p99 ms |\n|---:|---:|---:|---:|`);
  for (const r of rows) console.log(`| ${r.shards} | ${r.perSecond} | ${r.p50} | ${r.p99} |`);
  console.log(`16 shards / 1 shard: ${report.ratio}×; load average ${JSON.stringify(report.loadAverage)}`);
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'audit.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('→ bench/results/audit.json');
} finally {
  await store.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
