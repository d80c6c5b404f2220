/**
 * Combine two result files of the same N and queries: Jianshi's query figures from a later
 * `run.ts --reuse --no-baselines` pass (after query-time tuning) with the build figures and the
 * baselines of the run that built the index. The ratios are recomputed; the table is printed.
 *
 *   npx tsx bench/similarity/merge.ts --jianshi A.json --prior B.json --out bench/results/similarity-100000.json
 */
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(k);
  if (i < 0) throw new Error(`missing ${k}`);
  return args[i + 1];
};
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as any;
const a = read(opt('--jianshi'));
const b = read(opt('--prior'));
if (a.n !== b.n || a.perKind !== b.perKind || a.queries !== b.queries) throw new Error('files are for different runs');
const j = {
  ...a.jianshi,
  buildSeconds: b.jianshi.buildSeconds,
  buildCpuSeconds: b.jianshi.buildCpuSeconds,
  buildCpuSecondsInclGeneration: b.jianshi.buildCpuSecondsInclGeneration,
  peakRssMB: b.jianshi.peakRssMB,
  dbMB: b.jianshi.dbMB,
};
const ratio = (x: number, y: number) => (y ? +(x / y).toFixed(3) : null);
const ratios = (r: any) =>
  r && {
    recallAt1: ratio(j.recallAt1, r.recallAt1),
    precision: ratio(j.precision, r.precision),
    falsePositiveRate: ratio(j.falsePositiveRate, r.falsePositiveRate),
    coverageMAE: ratio(j.coverageMAE, r.coverageMAE),
    p95ms: ratio(j.p95ms, r.p95ms),
    cpuP95ms: ratio(j.cpuP95ms, r.cpuP95ms ?? r.p95ms),
  };
const out = {
  n: a.n,
  perKind: a.perKind,
  queries: a.queries,
  date: a.date,
  loadavg: a.loadavg,
  merged: {
    jianshiQueriesFrom: { date: a.date, loadavg: a.loadavg },
    buildAndBaselinesFrom: { date: b.date, loadavg: b.loadavg },
  },
  jianshi: j,
  bruteForce: b.bruteForce,
  minhashLsh: b.minhashLsh,
  ratioToBruteForce: ratios(b.bruteForce),
  ratioToLsh: ratios(b.minhashLsh),
};
writeFileSync(opt('--out'), JSON.stringify(out, null, 2));
const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
const rows: [string, string, number][] = [
  ['recall@1', 'recallAt1', 3],
  ['precision', 'precision', 4],
  ['false positives on negatives', 'falsePositiveRate', 4],
  ['coverage MAE', 'coverageMAE', 3],
  ['query p50 ms', 'p50ms', 2],
  ['query p95 ms', 'p95ms', 2],
  ['query CPU p50 ms', 'cpuP50ms', 2],
  ['query CPU p95 ms', 'cpuP95ms', 2],
];
const lines = [`| N = ${a.n} | Jianshi | brute-force 5-gram | MinHash-LSH |`, '|---|---|---|---|'];
for (const [name, k, d] of rows)
  lines.push(`| ${name} | ${f(j[k], d)} | ${f(b.bruteForce?.[k], d)} | ${f(b.minhashLsh?.[k], d)} |`);
lines.push(
  `| index build s (wall) | ${f(j.buildSeconds, 1)} | — | ${f(b.minhashLsh?.buildSeconds, 1)} |`,
  `| index build s (CPU) | ${f(j.buildCpuSeconds, 1)} | — | — |`,
  `| peak RSS MB (build) | ${f(j.peakRssMB, 0)} | — | — |`,
  `| index file MB | ${f(j.dbMB, 0)} | — | — |`,
);
lines.push('', '| kind | recall@1 | coverage MAE | false matches | brute r@1 | LSH r@1 |', '|---|---|---|---|---|---|');
for (const [k, v] of Object.entries(
  j.byKind as Record<string, { recall1: number; coverageError: number | null; falseMatches: number }>,
)) {
  lines.push(
    `| ${k} | ${f(v.recall1, 2)} | ${f(v.coverageError)} | ${v.falseMatches} | ${f(b.bruteForce?.byKind[k].recall1, 2)} | ${f(b.minhashLsh?.byKind[k].recall1, 2)} |`,
  );
}
lines.push(
  '',
  `Ratios Jianshi / brute-force: ${JSON.stringify(out.ratioToBruteForce)}`,
  `Ratios Jianshi / LSH: ${JSON.stringify(out.ratioToLsh)}`,
);
console.log(lines.join('\n'));
