/**
 * Fingerprint choice, measured: what fraction of a source's fingerprints survive in a copy after each
 * kind of edit, and how many fingerprints a material stores, for the anchors Jianshi uses (8-grams
 * kept when their hash is 0 mod 8, a choice that depends on the k-gram alone) against winnowing
 * (the minimum hash of every window of w consecutive k-grams; Schleimer et al. 2003) and against
 * other k and sampling rates.
 *
 *   npx tsx bench/similarity/fingerprints.ts [--per 60]
 *
 * Writes bench/results/fingerprints.json. Survival = shared fingerprints / the source's fingerprints,
 * on whole copies (every edit kind but the partial ones, where the denominator would be a guess).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS, makeQuery } from './plant.js';
import { render } from './generate.js';
import { corpusDoc } from './stock.js';
import { anchors, kgramHashes } from '../../src/core/similarity/fingerprint.js';
import { prepare } from '../../src/core/similarity/normalize.js';

const args = process.argv.slice(2);
const PER = +(args[args.indexOf('--per') + 1] || 60) || 60;
const N = 100_000; // source ids as in the 100,000 benchmark

type Scheme = { name: string; of: (codes: Uint16Array) => Set<number> };

function winnow(k: number, w: number): Scheme['of'] {
  return (codes) => {
    const h = kgramHashes(codes, k);
    const out = new Set<number>();
    let last = -1;
    for (let i = 0; i + w <= h.length; i++) {
      let m = i;
      for (let j = i + 1; j < i + w; j++) if (h[j] <= h[m]) m = j; // rightmost minimum
      if (m !== last) out.add(h[m]);
      last = m;
    }
    return out;
  };
}
const sampled =
  (k: number, p: number): Scheme['of'] =>
  (codes) =>
    new Set(anchors(codes, undefined, k, p).hashes);

const SCHEMES: Scheme[] = [
  { name: 'Jianshi anchors k=8, 1/8', of: sampled(8, 8) },
  { name: 'sampled k=8, 1/4', of: sampled(8, 4) },
  { name: 'sampled k=5, 1/8', of: sampled(5, 8) },
  { name: 'sampled k=12, 1/8', of: sampled(12, 8) },
  { name: 'winnowing k=8, w=8', of: winnow(8, 8) },
  { name: 'winnowing k=5, w=4', of: winnow(5, 4) },
  { name: 'winnowing k=12, w=12', of: winnow(12, 12) },
];

// Whole copies only: there every fingerprint of the source could survive, so survival is exact.
const kinds = KINDS.filter(
  (k) => !['negative', 'stock-negative', 'section', 'mixture', 'mixture2', 'copy+stock', 'combined'].includes(k),
);
const rows: Record<string, Record<string, number>> = {};
const perDoc: Record<string, number> = {};
for (const s of SCHEMES) {
  rows[s.name] = {};
  let stored = 0;
  for (let i = 0; i < 200; i++) stored += s.of(prepare(render(corpusDoc(i))).norm.codes).size;
  perDoc[s.name] = stored / 200;
}
kinds.forEach((kind) => {
  const ki = KINDS.indexOf(kind);
  const acc = new Map<string, [number, number]>(SCHEMES.map((s) => [s.name, [0, 0]]));
  for (let j = 0; j < PER; j++) {
    const q = makeQuery(kind, ki * 100_000 + j, N);
    const qn = prepare(q.text).norm.codes;
    for (const t of q.truth) {
      const src = prepare(render(corpusDoc(t.id))).norm.codes;
      for (const s of SCHEMES) {
        const a = s.of(src);
        const b = s.of(qn);
        let shared = 0;
        for (const h of a) if (b.has(h)) shared++;
        const x = acc.get(s.name)!;
        x[0] += shared;
        x[1] += a.size;
      }
    }
  }
  for (const s of SCHEMES) {
    const [sh, tot] = acc.get(s.name)!;
    rows[s.name][kind] = tot ? sh / tot : 0;
  }
});
const lines = [
  '| scheme | fingerprints / material | ' + kinds.join(' | ') + ' |',
  '|---|---|' + kinds.map(() => '---|').join(''),
];
for (const s of SCHEMES)
  lines.push(
    `| ${s.name} | ${perDoc[s.name].toFixed(0)} | ` + kinds.map((k) => rows[s.name][k].toFixed(2)).join(' | ') + ' |',
  );
console.log(lines.join('\n'));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'fingerprints.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), perKind: PER, perDoc, survival: rows }, null, 2));
