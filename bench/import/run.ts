/**
 * Import + clean + parse throughput. Prints MB/s of text and ms per .docx, each also as a ratio to
 * a baseline measured in the same process (plain UTF-8 decoding and line splitting of the same
 * bytes), because absolute numbers on a shared 2-core machine are noisy.
 *   npx tsx bench/import/run.ts [--quick]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { materialFromBytes } from '../../src/core/material/pipeline.js';
import { materialToDocx } from '../../src/formats/docx-write.js';
import { importFile } from '../../src/formats/import.js';

const quick = process.argv.includes('--quick');
const root = new URL('../../', import.meta.url);
const sample = readFileSync(new URL('test/fixtures/sample-2023.txt', root));
const fixtures = [
  'member-four-checks.txt',
  'runin-bom-crlf.txt',
  'pdf-copy.txt',
  'web-paste.txt',
  'arabic-numbering.txt',
].map((f) => readFileSync(new URL(`test/fixtures/materials/${f}`, root)));

function timeIt(fn: () => void, minMs: number): { perOpMs: number; ops: number } {
  for (let i = 0; i < 3; i++) fn(); // warm up
  let ops = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    ops++;
    t = performance.now();
  }
  return { perOpMs: (t - t0) / ops, ops };
}

const budget = quick ? 400 : 2000;
const rows: Record<string, unknown>[] = [];

// 1. Typical materials (~2–10 KB each).
const corpus = [sample, ...fixtures];
const bytes = corpus.reduce((n, b) => n + b.length, 0);
const base = timeIt(() => {
  for (const b of corpus) new TextDecoder('utf-8').decode(b).split('\n');
}, budget);
const imp = timeIt(() => {
  for (const b of corpus) materialFromBytes(b);
}, budget);
const mbps = (ms: number) => bytes / 1048576 / (ms / 1000);
rows.push({
  case: 'typical materials (6 files, ' + (bytes / 1024).toFixed(1) + ' KB)',
  'MB/s': mbps(imp.perOpMs).toFixed(2),
  'baseline MB/s': mbps(base.perOpMs).toFixed(1),
  'ratio to baseline': (base.perOpMs / imp.perOpMs).toFixed(4),
  'ms per material': (imp.perOpMs / corpus.length).toFixed(3),
});

// 2. A large text (the sample repeated to ~1 MB).
const big = Buffer.from(sample.toString('utf8').repeat(Math.ceil((1024 * 1024) / sample.length)));
const bBase = timeIt(() => new TextDecoder('utf-8').decode(big).split('\n'), budget);
const bImp = timeIt(() => materialFromBytes(big), budget);
const bm = (ms: number) => big.length / 1048576 / (ms / 1000);
rows.push({
  case: `large text (${(big.length / 1048576).toFixed(2)} MB)`,
  'MB/s': bm(bImp.perOpMs).toFixed(2),
  'baseline MB/s': bm(bBase.perOpMs).toFixed(1),
  'ratio to baseline': (bBase.perOpMs / bImp.perOpMs).toFixed(4),
  'ms per material': bImp.perOpMs.toFixed(1),
});

// 3. .docx import (the sample exported in the official layout, then imported).
const docx = await materialToDocx(materialFromBytes(sample));
const dBase = { perOpMs: imp.perOpMs / corpus.length };
const samples: number[] = [];
for (let i = 0; i < (quick ? 10 : 40); i++) {
  const t0 = performance.now();
  await importFile(docx, 'sample.docx');
  samples.push(performance.now() - t0);
}
samples.sort((a, b) => a - b);
const med = samples[Math.floor(samples.length / 2)];
rows.push({
  case: `.docx import (${(docx.length / 1024).toFixed(1)} KB)`,
  'ms per .docx (median)': med.toFixed(2),
  'p95 ms': samples[Math.floor(samples.length * 0.95)].toFixed(2),
  'ratio to .txt import of a material': (med / dBase.perOpMs).toFixed(2),
});

console.table(rows);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/import.json', root),
  JSON.stringify({ date: new Date().toISOString(), rows }, null, 2),
);
