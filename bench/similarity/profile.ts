/**
 * Tuning aid: runs the benchmark's queries against an existing index (built by run.ts) and prints
 * per-kind recall, coverage error, false matches and the CPU time per query, with engine options
 * given as JSON (`--opts '{"maxCandidates":8}'`). Not part of `npm run bench`.
 *
 *   npx tsx bench/similarity/profile.ts --db /tmp/jianshi-sim-bench-10000.db --n 10000 [--per 40] [--opts JSON]
 *                                       [--seed 1] [--no-stock]   (as the run.ts that built the index)
 */
import { KINDS, NEGATIVE_KINDS, makeQuery, perKind, type Query } from './plant.js';
import { checkText, type EngineOptions } from '../../src/core/similarity/engine.js';
import { SqliteSimilarityIndex } from '../../src/storage/similarity/sqlite-index.js';

const args = process.argv.slice(2);
const opt = (k: string, d: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const N = +opt('--n', '10000');
const PER = +opt('--per', '40');
const db = opt('--db', `/tmp/jianshi-sim-bench-${N}.db`);
const tune = JSON.parse(opt('--opts', '{}')) as Partial<EngineOptions>;
const verbose = args.includes('--verbose');
const SEED = +opt('--seed', '1');
const STOCK = !args.includes('--no-stock');
const queries: Query[] = [];
KINDS.forEach((k, ki) => {
  for (let j = 0; j < perKind(k, PER); j++) queries.push(makeQuery(k, ki * 100_000 + j, N, SEED, STOCK));
});
const idx = new SqliteSimilarityIndex(db, { readonly: true, cacheMiB: 64 });
for (const q of queries.slice(0, 20)) await checkText(idx, q.text, {}, tune);
const byKind = new Map<string, { n: number; r1: number; err: number; fm: number }>();
const cpu: number[] = [];
let fpNeg = 0;
for (const q of queries) {
  const c = process.cpuUsage();
  const r = await checkText(idx, q.text, {}, tune);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
  const k = byKind.get(q.kind) ?? { n: 0, r1: 0, err: 0, fm: 0 };
  byKind.set(q.kind, k);
  k.n++;
  const truth = new Set(q.truth.map((t) => `m${t.id}`));
  for (const m of r.matches) if (!truth.has(m.id)) k.fm++;
  if (!q.truth.length) {
    if (r.matches.length) fpNeg++;
    if (r.matches.length && verbose)
      console.log('FP', q.name, r.matches.map((m) => `${m.id} ${m.coverage.toFixed(3)}`).join(', '));
    continue;
  }
  if (r.matches[0] && truth.has(r.matches[0].id)) k.r1++;
  else if (verbose)
    console.log(
      'MISS',
      q.name,
      JSON.stringify(q.truth),
      r.matches.map((m) => `${m.id} ${m.coverage.toFixed(3)}`).join(', '),
    );
  let e = 0;
  for (const t of q.truth) e += Math.abs((r.matches.find((m) => m.id === `m${t.id}`)?.coverage ?? 0) - t.coverage);
  k.err += e / q.truth.length;
  if (verbose && e / q.truth.length > 0.1)
    console.log(
      'COV',
      q.name,
      JSON.stringify(q.truth),
      r.matches.map((m) => `${m.id} ${m.coverage.toFixed(3)}`).join(', '),
    );
}
await idx.close();
let r1 = 0,
  copies = 0,
  err = 0;
for (const [kind, k] of byKind) {
  if (!NEGATIVE_KINDS.includes(kind as never)) {
    r1 += k.r1;
    copies += k.n;
    err += k.err;
  }
  console.log(`${kind.padEnd(14)} r@1 ${(k.r1 / k.n).toFixed(2)}  covErr ${(k.err / k.n).toFixed(3)}  false ${k.fm}`);
}
cpu.sort((a, b) => a - b);
const q = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor(p * cpu.length))].toFixed(2);
console.log(
  `ALL r@1 ${(r1 / copies).toFixed(4)} covErr ${(err / copies).toFixed(4)} FP ${fpNeg} cpu p50 ${q(0.5)} p95 ${q(0.95)}`,
);
