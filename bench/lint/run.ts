/**
 * Lint benchmark: linting a ~6,000-character material, against parsing the same text in the same
 * process. Run on demand: `npx tsx bench/lint/run.ts [runs]`. Target: ≤ 5 ms per lint (median).
 *
 * The material is assembled from the good fixtures (preface, then problems, causes and measures of
 * three materials), so every rule has real work; a second pass adds a previous-year material and
 * a document-frequency function built from the fixtures, as the server would pass them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialFromText } from '../../src/core/material/pipeline.js';
import { lint, type LintContext } from '../../src/core/lint/index.js';
import { BOILERPLATE_GRAM } from '../../src/core/lint/rules/boilerplate-density.js';
import { norm } from '../../src/core/lint/util.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/good');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const mats = files.map((f) => materialFromText(readFileSync(join(dir, f), 'utf8')));

const CN = '一二三四五六七八九十';
const num = (i: number) => (i < 10 ? CN[i] : '十' + CN[i - 10]);
function assemble(target: number): string {
  const a = mats[0];
  const problems = mats.flatMap((m) => m.problems).map((p) => `${p.heading}。${p.text.replace(/\n/g, '')}`);
  const causes = mats
    .slice(0, 3)
    .flatMap((m) => m.causes)
    .map((x) => `${x.heading}。${x.text}`);
  const measures = mats.flatMap((m) => m.measures).map((x) => `${x.heading}。${x.text}`);
  const build = (np: number) =>
    [
      a.title,
      a.preface,
      '一、存在的问题',
      ...problems.slice(0, np).map((p, i) => `（${num(i)}）${p}`),
      '二、原因剖析',
      ...causes.map((p, i) => `（${num(i)}）${p}`),
      '三、整改措施',
      ...measures.slice(0, Math.max(6, Math.round(np * 0.8))).map((p, i) => `（${num(i)}）${p}`),
      '以上是我的对照检查，请同志们批评指正。',
    ].join('\n');
  let np = problems.length;
  while (np > 6 && build(np).length > target) np--;
  return build(np);
}

function stats(xs: number[]) {
  const s = [...xs].sort((x, y) => x - y);
  return {
    median: s[Math.floor(s.length / 2)],
    p95: s[Math.floor(s.length * 0.95)],
    mean: s.reduce((t, x) => t + x, 0) / s.length,
  };
}

/**
 * Per-run wall time and CPU time (user + system) of this process. On a shared machine the wall
 * time includes waiting for a core; the CPU time is what the work itself costs.
 */
function time(runs: number, f: () => unknown): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < Math.min(50, runs); i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

const runs = Number(process.argv[2] ?? 400);
const text = assemble(6200);
const m = materialFromText(text);

// Document frequency of normalized 8-grams over the fixtures, as the server would pass from its corpus.
const df = new Map<string, number>();
for (const x of mats) {
  const n = norm(x.text);
  const seen = new Set<string>();
  for (let i = 0; i + BOILERPLATE_GRAM <= n.length; i++) seen.add(n.slice(i, i + BOILERPLATE_GRAM));
  for (const g of seen) df.set(g, (df.get(g) ?? 0) + 1 / mats.length);
}
const full: LintContext = {
  previous: mats[0],
  commonPhrases: (g) => df.get(g) ?? 0,
  organization: { places: ['青山县', '白石镇'] },
};

const tParse = time(runs, () => materialFromText(text));
const tBare = time(runs, () => lint(m));
const tCtx = time(runs, () => lint(m, full));
const f = (x: number) => x.toFixed(2).padStart(6);
const line = (name: string, t: { wall: number[]; cpu: number[] }) => {
  const w = stats(t.wall);
  const c = stats(t.cpu);
  return `${name.padEnd(28)} wall median ${f(w.median)} ms  p95 ${f(w.p95)} ms | cpu median ${f(c.median)} ms  p95 ${f(c.p95)} ms`;
};
console.log(
  `material: ${text.length} characters, ${m.problems.length} problems, ${m.causes.length} causes, ${m.measures.length} measures; ${lint(m).length} findings (${lint(m, full).length} with context); ${runs} runs each`,
);
console.log(line('parse (materialFromText)', tParse));
console.log(line('lint', tBare));
console.log(line('lint + previous + DF + org', tCtx));
const ratio = (a: number[], b: number[]) => (stats(a).median / stats(b).median).toFixed(2);
console.log(
  `ratio lint / parse (median): wall ${ratio(tBare.wall, tParse.wall)}, cpu ${ratio(tBare.cpu, tParse.cpu)}; with context: wall ${ratio(tCtx.wall, tParse.wall)}, cpu ${ratio(tCtx.cpu, tParse.cpu)}`,
);
const worst = Math.max(stats(tBare.wall).median, stats(tCtx.wall).median);
console.log(`target ≤ 5 ms (wall median): ${worst <= 5 ? 'met' : 'NOT met'} (${worst.toFixed(2)} ms)`);
