/**
 * 查重 benchmark: Jianshi's engine (on-disk SQLite index) against two baselines on the same
 * synthetic corpus — brute-force exact 5-gram containment and MinHash-LSH (one-permutation
 * MinHash, 128 bins, 32 bands × 4 rows) — with planted copies of every kind and independent
 * negatives.
 *
 *   npx tsx bench/similarity/run.ts [--n 10000] [--per 40] [--quick] [--no-baselines] [--db FILE]
 *                                   [--reuse] [--opts JSON] [--seed 1] [--no-stock]
 *
 * The corpus holds stock paragraphs (stock.ts: templates of measure and cause paragraphs, each held
 * by 30–66% of the materials in the holder's own variant); --no-stock gives the generator without
 * them (the old kinds then are exactly the earlier benchmark's). --seed: the generator's seed
 * (default 1; the same seed and N always give the same corpus and queries).
 *
 * Jianshi is measured as an outside benchmark would: the corpus is written as N files, indexed with
 * `bin/jianshi corpus index` (wall time, CPU of all threads and peak RSS sampled from /proc) and the
 * queries checked with `bin/jianshi corpus check --jsonl`, whose per-query "ms" are the latencies.
 *
 * Prints a table and writes bench/results/similarity-<N>.json. --quick: N = 2000, 15 per kind.
 * --reuse: query an index already built at --db for the same N (build figures then absent);
 * --opts: engine options (JSON) for tuning runs. --prior FILE: with --reuse, take the build figures and
 * the baselines (which do not depend on Jianshi's query-time options) from an earlier result file of
 * the same N and queries instead of recomputing them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { contentLength, render, type Doc } from './generate.js';
import { KINDS, NEGATIVE_KINDS, makeQuery, perKind, type Query } from './plant.js';
import { TEMPLATES, corpusDoc } from './stock.js';
import { checkText, type EngineOptions } from '../../src/core/similarity/engine.js';
import { kgramHashes } from '../../src/core/similarity/fingerprint.js';
import { normalize } from '../../src/core/similarity/normalize.js';
import { SqliteSimilarityIndex } from '../../src/storage/similarity/sqlite-index.js';

const args = process.argv.slice(2);
const flag = (k: string) => args.includes(k);
const opt = (k: string, d: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const quick = flag('--quick');
const N = +opt('--n', quick ? '2000' : '10000');
const PER = +opt('--per', quick ? '15' : '40');
const here = dirname(fileURLToPath(import.meta.url));
const dbFile = opt('--db', join(tmpdir(), `jianshi-sim-bench-${N}.db`));
const baselines = !flag('--no-baselines');
const reuse = flag('--reuse');
const tune = JSON.parse(opt('--opts', '{}')) as Partial<EngineOptions>;
const priorFile = opt('--prior', '');
const SEED = +opt('--seed', '1');
const STOCK = !flag('--no-stock');
const stored = (i: number) => corpusDoc(i, SEED, STOCK);
const prior = priorFile ? (JSON.parse(readFileSync(priorFile, 'utf8')) as any) : null;
if (prior && (prior.n !== N || prior.perKind !== PER))
  throw new Error(`--prior ${priorFile} is for N = ${prior.n}, ${prior.perKind} per kind`);

const docName = (i: number) => `m${i}`;
const log = (s: string) => process.stderr.write(s + '\n');

// ---------------------------------------------------------------- queries

const queries: Query[] = [];
KINDS.forEach((k, ki) => {
  for (let j = 0; j < perKind(k, PER); j++) queries.push(makeQuery(k, ki * 100_000 + j, N, SEED, STOCK));
});
log(
  `queries: ${queries.length} (${PER} per kind, ${PER * 3} per negative kind), corpus N = ${N}, seed ${SEED}` +
    (STOCK ? ', stock paragraphs' : ', no stock paragraphs'),
);

// ---------------------------------------------------------------- metrics

interface Reported {
  id: string;
  coverage: number;
}
interface Outcome {
  kind: string;
  truth: Query['truth'];
  matches: Reported[];
  ms: number;
  /** CPU milliseconds of the query (user + system): robust to other load on the machine. */
  cpuMs?: number;
}

interface KindFigures {
  n: number;
  recall1: number;
  coverageError: number | null;
  falseMatches: number;
  /** Share of the queries with any match reported (for independent materials: false reports). */
  reported: number;
  /** Two-source queries: share with both sources among the first five matches. */
  recall5: number | null;
  /** Independent materials: mean coverage of the first (false) match, over those reported. */
  falseCoverage: number | null;
}

function metrics(out: Outcome[]) {
  const byKind: Record<string, KindFigures> = {};
  let multi = 0;
  let multiHit = 0;
  let reported = 0;
  let correct = 0;
  let negatives = 0;
  let negHit = 0;
  let errSum = 0;
  let errN = 0;
  let r1 = 0;
  let copies = 0;
  for (const o of out) {
    const truth = new Set(o.truth.map((t) => docName(t.id)));
    const k = (byKind[o.kind] ??= {
      n: 0,
      recall1: 0,
      coverageError: 0,
      falseMatches: 0,
      reported: 0,
      recall5: null,
      falseCoverage: null,
    });
    k.n++;
    if (o.matches.length) k.reported++;
    if (o.truth.length >= 2) {
      const top5 = new Set(o.matches.slice(0, 5).map((m) => m.id));
      const hit = o.truth.every((t) => top5.has(docName(t.id)));
      multi++;
      if (hit) multiHit++;
      k.recall5 = (k.recall5 ?? 0) + (hit ? 1 : 0);
    }
    for (const m of o.matches) {
      reported++;
      if (truth.has(m.id)) correct++;
      else k.falseMatches++;
    }
    if (!o.truth.length) {
      negatives++;
      if (o.matches.length) {
        negHit++;
        k.falseCoverage = (k.falseCoverage ?? 0) + o.matches[0].coverage;
      }
      k.coverageError = null;
      continue;
    }
    copies++;
    if (o.matches[0] && truth.has(o.matches[0].id)) {
      r1++;
      k.recall1++;
    }
    for (const t of o.truth) {
      const m = o.matches.find((x) => x.id === docName(t.id));
      const e = Math.abs((m?.coverage ?? 0) - t.coverage);
      errSum += e;
      errN++;
      k.coverageError = (k.coverageError ?? 0) + e / o.truth.length;
    }
  }
  for (const k of Object.values(byKind)) {
    if (k.falseCoverage !== null) k.falseCoverage /= k.reported;
    k.recall1 /= k.n;
    k.reported /= k.n;
    if (k.recall5 !== null) k.recall5 /= k.n;
    if (k.coverageError !== null) k.coverageError /= k.n;
  }
  const ms = out.map((o) => o.ms).sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  const cpu = out.map((o) => o.cpuMs ?? o.ms).sort((a, b) => a - b);
  const qc = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor(p * cpu.length))];
  return {
    recallAt1: r1 / copies,
    precision: reported ? correct / reported : 1,
    /** Share of the independent materials (every negative kind) with any match reported. */
    falsePositiveRate: negatives ? negHit / negatives : 0,
    /** Two-source queries (every mixture kind): share with both sources in the first five. */
    mixturesRecallAt5: multi ? multiHit / multi : null,
    coverageMAE: errN ? errSum / errN : 0,
    p50ms: q(0.5),
    p95ms: q(0.95),
    cpuP50ms: qc(0.5),
    cpuP95ms: qc(0.95),
    byKind,
  };
}

// ---------------------------------------------------------------- Jianshi

const bin = join(here, '..', '..', 'bin', 'jianshi');
// The materials and queries as files, beside the index (its name without .db), so that runs with
// different --db do not share a directory.
const work = dbFile.replace(/\.db$/, '') + (dbFile.endsWith('.db') ? '' : '-files');

/**
 * Run `bin/jianshi` with `args`, sampling its peak resident memory (VmHWM, every thread) and CPU
 * time from /proc while it runs.
 */
async function cli(
  args: string[],
): Promise<{ seconds: number; cpuSeconds: number; peakRssMB: number; stdout: string }> {
  const t = performance.now();
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  let peak = 0;
  let cpu = 0;
  const tick = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, +m[1] / 1024);
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu = (+f[11] + +f[12]) / 100; // utime + stime, clock ticks
    } catch {
      // exited between ticks
    }
  };
  const timer = setInterval(tick, 100);
  const code = await new Promise<number>((res) => child.on('exit', (c) => res(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`jianshi ${args.join(' ')} failed (${code}):\n${stderr}`);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: cpu, peakRssMB: peak, stdout };
}

/** The corpus as files, indexed by `bin/jianshi corpus index` exactly as an outside benchmark does. */
async function build() {
  for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm']) rmSync(f, { force: true });
  rmSync(join(work, 'store'), { recursive: true, force: true });
  mkdirSync(join(work, 'store'), { recursive: true });
  log(`writing ${N} materials to ${join(work, 'store')} …`);
  for (let i = 0; i < N; i++) writeFileSync(join(work, 'store', `${docName(i)}.txt`), render(stored(i)));
  log('bin/jianshi corpus index …');
  const r = await cli(['corpus', 'index', join(work, 'store'), '--db', dbFile]);
  return {
    buildSeconds: r.seconds,
    buildCpuSeconds: r.cpuSeconds,
    dbMB: statSync(dbFile).size / 2 ** 20,
    peakRssMB: r.peakRssMB,
  };
}

async function runJianshi() {
  let built: Awaited<ReturnType<typeof build>> | null = null;
  if (!reuse) built = await build();
  else if (prior)
    built = {
      buildSeconds: prior.jianshi.buildSeconds,
      buildCpuSeconds: prior.jianshi.buildCpuSeconds,
      dbMB: prior.jianshi.dbMB,
      peakRssMB: prior.jianshi.peakRssMB,
    };
  const out: Outcome[] = [];
  if (Object.keys(tune).length === 0) {
    // `bin/jianshi corpus check DIR --jsonl`, and the milliseconds it reports per query.
    rmSync(join(work, 'queries'), { recursive: true, force: true });
    mkdirSync(join(work, 'queries'), { recursive: true });
    for (const q of queries) writeFileSync(join(work, 'queries', `${q.name}.txt`), q.text);
    log('bin/jianshi corpus check --jsonl …');
    const r = await cli(['corpus', 'check', join(work, 'queries'), '--db', dbFile, '--jsonl']);
    const lines = new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { query: string; matches: Reported[]; ms: number })
        .map((l) => [l.query, l]),
    );
    for (const q of queries) {
      const l = lines.get(q.name);
      if (!l) throw new Error(`no line for ${q.name}`);
      out.push({
        kind: q.kind,
        truth: q.truth,
        matches: l.matches.map((m) => ({ id: m.id, coverage: m.coverage })),
        ms: l.ms,
      });
    }
  } else {
    // Tuning: engine options in-process, on a fresh read-only connection.
    const ro = new SqliteSimilarityIndex(dbFile, { readonly: true, cacheMiB: 64 });
    for (const q of queries.slice(0, 20)) await checkText(ro, q.text, {}, tune); // warm-up (JIT), not measured
    for (const q of queries) {
      const c = process.cpuUsage();
      const t = performance.now();
      const r = await checkText(ro, q.text, {}, tune);
      const ms = performance.now() - t;
      const cu = process.cpuUsage(c);
      out.push({
        kind: q.kind,
        truth: q.truth,
        matches: r.matches.map((m) => ({ id: m.id, coverage: m.coverage })),
        ms,
        cpuMs: (cu.user + cu.system) / 1000,
      });
    }
    await ro.close();
  }
  return {
    buildSeconds: built?.buildSeconds ?? null,
    buildCpuSeconds: built?.buildCpuSeconds ?? null,
    dbMB: statSync(dbFile).size / 2 ** 20,
    peakRssMB: built?.peakRssMB ?? null,
    options: tune,
    ...metrics(out),
  };
}

// ---------------------------------------------------------------- baselines

const GRAM = 5;
function grams(text: string): Uint32Array {
  const h = kgramHashes(normalize(text).codes, GRAM);
  return Uint32Array.from(new Set(h)).sort();
}

/**
 * Brute-force exact containment |G(q) ∩ G(d)| / |G(q)| against every stored document, computed
 * in one streaming pass over the corpus for all queries (time reported per query = pass / queries,
 * a lower bound for one query). Reports sources with containment ≥ 0.5.
 */
function runBruteForce(threshold = 0.5) {
  const qg = queries.map((q) => grams(q.text));
  const postings = new Map<number, number[]>();
  qg.forEach((g, qi) => {
    for (const h of g) {
      const l = postings.get(h);
      if (l) l.push(qi);
      else postings.set(h, [qi]);
    }
  });
  const top: Reported[][] = queries.map(() => []);
  const counts = new Uint32Array(queries.length);
  let ms = 0;
  for (let i = 0; i < N; i++) {
    const text = render(stored(i));
    const t = performance.now();
    counts.fill(0);
    for (const h of grams(text)) {
      const l = postings.get(h);
      if (l) for (const qi of l) counts[qi]++;
    }
    for (let qi = 0; qi < queries.length; qi++) {
      if (!counts[qi]) continue;
      const c = counts[qi] / qg[qi].length;
      const tp = top[qi];
      if (tp.length < 5 || c > tp[tp.length - 1].coverage) {
        tp.push({ id: docName(i), coverage: c });
        tp.sort((a, b) => b.coverage - a.coverage);
        if (tp.length > 5) tp.pop();
      }
    }
    ms += performance.now() - t;
  }
  const nearest = (kind: string) => {
    const xs = queries.map((q, i) => (q.kind === kind ? (top[i][0]?.coverage ?? 0) : null)).filter((x) => x !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  const out: Outcome[] = queries.map((q, i) => ({
    kind: q.kind,
    truth: q.truth,
    matches: top[i].filter((m) => m.coverage >= threshold),
    ms: ms / queries.length,
  }));
  return {
    threshold,
    /** No index: the corpus is scanned for every batch of queries. */
    buildSeconds: 0,
    /** This process's peak RSS so far (the whole run, the queries' postings included). */
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    nearestNegativeContainment: nearest('negative'),
    nearestStockNegativeContainment: nearest('stock-negative'),
    ...metrics(out),
  };
}

/** MinHash-LSH (one-permutation hashing, 128 bins, rotation densification; 32 bands × 4 rows). */
function runLsh(threshold = 0.3) {
  const K = 128;
  const BANDS = 32;
  const R = K / BANDS;
  const sig = (g: Uint32Array): Uint32Array => {
    const s = new Uint32Array(K).fill(0xffffffff);
    for (const h0 of g) {
      const h = Math.imul(h0 ^ (h0 >>> 16), 0x45d9f3b) >>> 0;
      const b = h & (K - 1);
      const v = h >>> 7;
      if (v < s[b]) s[b] = v;
    }
    for (let b = 0; b < K; b++)
      if (s[b] === 0xffffffff)
        for (let d = 1; d < K; d++)
          if (s[(b + d) % K] !== 0xffffffff) {
            s[b] = s[(b + d) % K] + d;
            break;
          }
    return s;
  };
  const bandKey = (s: Uint32Array, b: number) => {
    let h = b * 0x9e3779b1;
    for (let r = 0; r < R; r++) h = Math.imul(h ^ s[b * R + r], 0x85ebca6b) ^ (h >>> 13);
    return h >>> 0;
  };
  const t0 = performance.now();
  const tables = Array.from({ length: BANDS }, () => new Map<number, number[]>());
  const sigs: Uint32Array[] = [];
  const sizes = new Uint32Array(N);
  let buildMs = 0;
  for (let i = 0; i < N; i++) {
    const text = render(stored(i));
    const t = performance.now();
    const g = grams(text);
    const s = sig(g);
    sigs.push(s);
    sizes[i] = g.length;
    for (let b = 0; b < BANDS; b++) {
      const k = bandKey(s, b);
      const l = tables[b].get(k);
      if (l) l.push(i);
      else tables[b].set(k, [i]);
    }
    buildMs += performance.now() - t;
  }
  void t0;
  const out: Outcome[] = [];
  for (const q of queries) {
    const t = performance.now();
    const g = grams(q.text);
    const s = sig(g);
    const cands = new Set<number>();
    for (let b = 0; b < BANDS; b++) for (const d of tables[b].get(bandKey(s, b)) ?? []) cands.add(d);
    const matches: Reported[] = [];
    for (const d of cands) {
      let eq = 0;
      for (let k = 0; k < K; k++) if (sigs[d][k] === s[k]) eq++;
      const j = eq / K;
      if (j < threshold) continue;
      const containment = Math.min(1, (j * (g.length + sizes[d])) / (1 + j) / g.length);
      matches.push({ id: docName(d), coverage: containment });
    }
    matches.sort((a, b) => b.coverage - a.coverage);
    out.push({ kind: q.kind, truth: q.truth, matches, ms: performance.now() - t });
  }
  return {
    threshold,
    buildSeconds: buildMs / 1000,
    /** This process's peak RSS so far (whole run: brute force, then the LSH tables and signatures). */
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ...metrics(out),
  };
}

// ---------------------------------------------------------------- realism of the generator

/** Share of character 2-grams (content characters) of `a` not matched in `b` (multiset). */
function bigramDifference(a: string, b: string): number {
  const strip = (s: string) => s.replace(/[^\p{Script=Han}0-9]/gu, '');
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const A = count(strip(a));
  const B = count(strip(b));
  let shared = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of A) {
    na += v;
    shared += Math.min(v, B.get(k) ?? 0);
  }
  for (const v of B.values()) nb += v;
  return 1 - shared / Math.max(na, nb, 1);
}

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] : 0);
  return { min: q(0), p10: q(0.1), p50: q(0.5), p90: q(0.9), max: q(1) };
};

/**
 * Realism of the generator on the first min(N, 2000) stored materials (streamed, not kept): how
 * much two independent materials share, and for the stock templates the share of the corpus
 * holding each, the paragraphs' length and how much two uses of one template differ.
 */
function realism() {
  const S = Math.min(N, 2000);
  const df = new Uint32Array(TEMPLATES.length);
  const uses: string[][] = TEMPLATES.map(() => []);
  const lengths: number[] = [];
  let stockParas = 0;
  let stockChars = 0;
  let allChars = 0;
  const shares: number[] = [];
  let prev: Uint32Array | null = null;
  for (let i = 0; i < S; i++) {
    const d: Doc = stored(i);
    const held = new Set<number>();
    for (const sec of d)
      for (const p of sec.paras) {
        const t = p.sentences.map((x) => x.text).join('');
        const n = contentLength(t);
        allChars += n;
        if (p.stock === undefined) continue;
        held.add(p.stock);
        stockParas++;
        stockChars += n;
        lengths.push(t.length);
        if (uses[p.stock].length < 40) uses[p.stock].push(t);
      }
    for (const t of held) df[t]++;
    if (i < 800) {
      // Two independent materials: pairs (2k, 2k + 1), share of the first's 5-grams in the second.
      const g = grams(render(d));
      if (i % 2 === 1 && prev) {
        const other = new Set(g);
        let c = 0;
        for (const h of prev) if (other.has(h)) c++;
        shares.push(c / prev.length);
      }
      prev = g;
    }
  }
  const variation: number[] = [];
  for (const u of uses) for (let k = 0; k + 1 < u.length; k += 2) variation.push(bigramDifference(u[k], u[k + 1]));
  const dfs = Array.from(df, (c) => c / S);
  return {
    sample: S,
    pairShare5gram: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : 0,
    templates: TEMPLATES.length,
    templateDf: quantiles(dfs),
    templatesHeldBy30to66pct: dfs.filter((x) => x >= 0.3 && x <= 0.66).length,
    stockParagraphsPerMaterial: stockParas / S,
    stockShareOfText: allChars ? stockChars / allChars : 0,
    stockParagraphLength: quantiles(lengths),
    /** Two uses of one template by different materials: share of character 2-grams not shared. */
    variationBigrams: quantiles(variation),
    dfByTemplate: Object.fromEntries(TEMPLATES.map((t, i) => [t.theme, +dfs[i].toFixed(3)])),
  };
}

// ---------------------------------------------------------------- main

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
log('realism of the generator …');
const real = realism();
log('Jianshi: building the index …');
const jianshi = await runJianshi();
let brute: ReturnType<typeof runBruteForce> | null = null;
let lsh: ReturnType<typeof runLsh> | null = null;
if (prior && reuse) {
  brute = prior.bruteForce;
  lsh = prior.minhashLsh;
} else if (baselines) {
  log('baseline: brute-force 5-gram containment …');
  brute = runBruteForce();
  log('baseline: MinHash-LSH …');
  lsh = runLsh();
}
const rows: [string, (r: typeof jianshi | NonNullable<typeof brute> | NonNullable<typeof lsh>) => string][] = [
  ['recall@1', (r) => fmt(r.recallAt1)],
  ['precision', (r) => fmt(r.precision, 4)],
  ['independent materials reported (negative + stock-negative)', (r) => fmt(r.falsePositiveRate, 4)],
  ['coverage MAE', (r) => fmt(r.coverageMAE)],
  ['mixtures recall@5 (mixture + mixture2)', (r) => fmt(r.mixturesRecallAt5)],
  ['query p50 ms', (r) => fmt(r.p50ms, 2)],
  ['query p95 ms', (r) => fmt(r.p95ms, 2)],
];
const lines = [`| N = ${N} | Jianshi | brute-force 5-gram | MinHash-LSH |`, '|---|---|---|---|'];
for (const [name, f] of rows)
  lines.push(`| ${name} | ${f(jianshi)} | ${brute ? f(brute) : '—'} | ${lsh ? f(lsh) : '—'} |`);
lines.push(
  `| index build s (wall) | ${fmt(jianshi.buildSeconds, 1)} | ${brute ? 'no index' : '—'} | ${lsh ? fmt(lsh.buildSeconds, 1) : '—'} |`,
);
lines.push(`| index build CPU s (all threads) | ${fmt(jianshi.buildCpuSeconds, 1)} | — | — |`);
lines.push(
  `| peak RSS MB (Jianshi: build process; baselines: bench process so far) | ${fmt(jianshi.peakRssMB, 0)} | ${brute ? fmt(brute.peakRssMB, 0) : '—'} | ${lsh ? fmt(lsh.peakRssMB, 0) : '—'} |`,
);
lines.push(`| index file MB | ${fmt(jianshi.dbMB, 0)} | — | — |`);
lines.push(
  `| load average (1/5/15 min) at end | ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} | | |`,
);
lines.push(
  '',
  '"reported": share of the kind\'s queries with any match (for independent materials, false reports; "false cov.": mean coverage of their first match).',
  '',
  '| kind | n | recall@1 | recall@5 | coverage MAE | reported | false cov. | false matches | brute r@1 / reported | LSH r@1 / reported |',
  '|---|---|---|---|---|---|---|---|---|---|',
);
for (const k of KINDS) {
  const j = jianshi.byKind[k];
  const neg = NEGATIVE_KINDS.includes(k);
  const base = (b: typeof brute | typeof lsh) =>
    b ? `${neg ? '—' : fmt(b.byKind[k].recall1, 2)} / ${fmt(b.byKind[k].reported, 3)}` : '—';
  lines.push(
    `| ${k} | ${j.n} | ${neg ? '—' : fmt(j.recall1, 2)} | ${fmt(j.recall5, 2)} | ${fmt(j.coverageError)} | ${fmt(j.reported, 3)} | ${fmt(j.falseCoverage)} | ${j.falseMatches} | ${base(brute)} | ${base(lsh)} |`,
  );
}
const ratio = (a: number, b: number) => (b ? +(a / b).toFixed(3) : null);
const ratios = (b: typeof brute | typeof lsh) =>
  b && {
    recallAt1: ratio(jianshi.recallAt1, b.recallAt1),
    precision: ratio(jianshi.precision, b.precision),
    falsePositiveRate: ratio(jianshi.falsePositiveRate, b.falsePositiveRate),
    coverageMAE: ratio(jianshi.coverageMAE, b.coverageMAE),
    p95ms: ratio(jianshi.p95ms, b.p95ms),
  };
const summary = (r: typeof jianshi | NonNullable<typeof brute> | NonNullable<typeof lsh> | null) =>
  r && {
    recallAt1: r.recallAt1,
    precision: r.precision,
    independentReported: r.falsePositiveRate,
    coverageMAE: r.coverageMAE,
    mixturesRecallAt5: r.mixturesRecallAt5,
    p95ms: r.p95ms,
    buildSeconds: r.buildSeconds,
    peakRssMB: r.peakRssMB,
  };
const result = {
  n: N,
  seed: SEED,
  stockParagraphs: STOCK,
  realism: real,
  summary: { jianshi: summary(jianshi), bruteForce: summary(brute), minhashLsh: summary(lsh) },
  loadavg: loadavg(),
  perKind: PER,
  prior: prior && reuse ? { file: priorFile, date: prior.date, loadavg: prior.loadavg } : null,
  queries: queries.length,
  date: new Date().toISOString(),
  jianshi,
  bruteForce: brute,
  minhashLsh: lsh,
  ratioToBruteForce: ratios(brute),
  ratioToLsh: ratios(lsh),
};
if (brute)
  lines.push(
    '',
    `Independent materials: mean containment (5-grams) in their nearest stored material ${fmt(brute.nearestNegativeContainment)}` +
      ` (negative), ${fmt(brute.nearestStockNegativeContainment)} (stock-negative).`,
  );
const d = real.templateDf;
const v = real.variationBigrams;
lines.push(
  '',
  `Realism (first ${real.sample} stored materials): two independent materials share ${fmt(real.pairShare5gram)} of their 5-grams.`,
  `Stock templates: ${real.templates}; share of the corpus holding each: min ${fmt(d.min)} · p10 ${fmt(d.p10)} · median ${fmt(d.p50)} · p90 ${fmt(d.p90)} · max ${fmt(d.max)}` +
    ` (${real.templatesHeldBy30to66pct} of ${real.templates} within 0.30–0.66).`,
  `Stock paragraphs per material ${fmt(real.stockParagraphsPerMaterial, 1)}, ${fmt(real.stockShareOfText)} of the text; length (characters) ` +
    `p10 ${real.stockParagraphLength.p10} · median ${real.stockParagraphLength.p50} · p90 ${real.stockParagraphLength.p90}.`,
  `Two uses of one template differ in ${fmt(v.p10, 2)} / ${fmt(v.p50, 2)} / ${fmt(v.p90, 2)} (p10 / median / p90) of their character 2-grams` +
    ' (a changed two-character word changes about three 2-grams).',
);
if (brute && lsh)
  lines.push(
    `Ratios Jianshi / brute-force: ${JSON.stringify(result.ratioToBruteForce)}`,
    `Ratios Jianshi / LSH: ${JSON.stringify(result.ratioToLsh)}`,
  );
console.log(lines.join('\n'));
const outDir = join(here, '..', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `similarity-${N}.json`), JSON.stringify(result, null, 2));
log(`written bench/results/similarity-${N}.json`);
