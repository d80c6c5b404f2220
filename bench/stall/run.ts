/**
 * Stall benchmark: how long small requests wait while one maximum-size save
 * (~1.3 million characters, just under the JSON body limit) runs on the same server.
 *
 *   npx tsx bench/stall/run.ts [--quick]        BENCH_ROUNDS=3 (--quick: 1)
 *
 * Each round starts two real servers (`jianshi serve`, SQLite) one after the other: the baseline
 * with JIANSHI_COMPUTE_WORKERS=0 (parsing, checks and 查重 on the request thread: the behaviour
 * before the compute pool) and the default (the pool). In each, after a warm-up save, the large save
 * runs while a small request (`GET /api/ping`, the event loop alone; BENCH_STALL_PROBE=/api/health to
 * include SQLite's writer connection) is asked in a loop; reported: the save's duration, the longest and
 * the 99th-percentile wait, the longest wait as a share of the save ("blocked"), and the
 * pool's longest wait as a ratio of the baseline's, measured in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { PASSWORD, seedWorld } from '../../test/http/harness.js';
import { HttpClient, spawnServer } from '../../test/http/process.js';
import { maximumText, SAMPLE_TEXT } from '../../test/http/large-text.js';

const QUICK = process.argv.includes('--quick');
// What waits: /api/ping measures the event loop alone; /api/health (BENCH_STALL_PROBE) also waits for
// SQLite's writer connection, which the save's transaction holds.
const PROBE = process.env.BENCH_STALL_PROBE ?? '/api/ping';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3)));

interface Run {
  saveMs: number;
  checks: number;
  maxMs: number;
  p99Ms: number;
  blocked: number;
}

async function once(workers: string | undefined, text: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jianshi-bench-stall-'));
  const store = await openDatabase({ dataDir });
  await migrateToLatest(store.db);
  const w = await seedWorld(createRepositories(store));
  await store.close();
  const server = await spawnServer({
    DATA_DIR: dataDir,
    ...(workers === undefined ? {} : { JIANSHI_COMPUTE_WORKERS: workers }),
  });
  try {
    const c = new HttpClient(server.url);
    if ((await c.login('author', PASSWORD)).status !== 200) throw new Error('login failed');
    const warm = await c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 1, text: SAMPLE_TEXT.repeat(40) });
    if (warm.status !== 200) throw new Error(`warm-up save: ${warm.status}`);
    let done = false;
    const t0 = performance.now();
    const save = c.req('PUT', `/api/materials/${w.material}`, { baseVersion: 2, text }).finally(() => (done = true));
    const waits: number[] = [];
    while (!done) {
      const t = performance.now();
      const r = await fetch(`${server.url}${PROBE}`);
      await r.text();
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    const saved = await save;
    const saveMs = performance.now() - t0;
    if (saved.status !== 200) throw new Error(`save: ${saved.status}`);
    waits.sort((a, b) => a - b);
    const maxMs = waits.at(-1) ?? 0;
    return {
      saveMs,
      checks: waits.length,
      maxMs,
      p99Ms: waits[Math.min(waits.length - 1, Math.floor(waits.length * 0.99))] ?? 0,
      blocked: maxMs / saveMs,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

const text = maximumText();
console.log(
  `stall: one save of ${text.length} characters, ${PROBE} asked meanwhile; ${ROUNDS} round(s), load ${loadavg()[0].toFixed(1)}`,
);
const baseline: Run[] = [];
const pool: Run[] = [];
for (let i = 0; i < ROUNDS; i++) {
  baseline.push(await once('0', text));
  pool.push(await once(undefined, text));
}
const summary = (runs: Run[]) => ({
  saveMs: Math.round(median(runs.map((r) => r.saveMs))),
  maxWaitMs: round1(median(runs.map((r) => r.maxMs))),
  p99WaitMs: round1(median(runs.map((r) => r.p99Ms))),
  blocked: Math.round(median(runs.map((r) => r.blocked)) * 1000) / 1000,
  checks: Math.round(median(runs.map((r) => r.checks))),
});
const b = summary(baseline);
const p = summary(pool);
const report = {
  date: new Date().toISOString(),
  characters: text.length,
  rounds: ROUNDS,
  loadAverage: round1(loadavg()[0]),
  baseline: { what: 'JIANSHI_COMPUTE_WORKERS=0 (all on the request thread)', ...b },
  pool: { what: 'compute pool (default size)', ...p },
  maxWaitRatio: Math.round((p.maxWaitMs / b.maxWaitMs) * 1000) / 1000,
  goal: 'longest wait of a small request ≤ 200 ms (on a machine that is not oversubscribed) and a small share of the save',
};
for (const [name, s] of [
  ['in-thread (baseline)', b],
  ['compute pool', p],
] as const) {
  console.log(
    `  ${name.padEnd(22)} save ${s.saveMs} ms · longest wait ${s.maxWaitMs} ms · p99 ${s.p99WaitMs} ms · blocked ${(s.blocked * 100).toFixed(1)}% of the save · ${s.checks} checks`,
  );
}
console.log(`  longest wait, pool / baseline: ${report.maxWaitRatio}`);
writeFileSync(join(process.cwd(), 'bench', 'results', 'stall.json'), JSON.stringify(report, null, 2) + '\n');
console.log('→ bench/results/stall.json');
