/**
 * Alignment of a query against one source, in normalized characters: exact seeds (4-grams found
 * in both) chained along near-constant diagonals, bridging small gaps. A copied passage with word
 * swaps every few words still forms one chain, because the unchanged words between swaps give
 * seeds on (almost) the same diagonal; a chain's span — not just its exact runs — is the passage.
 * Reordered sentences give one chain each.
 *
 * Cost: O(|q| + |s| + seeds), about 0.1–0.3 ms for two 4,000-character materials.
 */

export const SEED_K = 4;

export interface AlignOptions {
  /** Largest gap (characters) between two seeds of one chain, in the query and in the source. */
  maxGap: number;
  /** Largest change of diagonal (insertions minus deletions) between two consecutive seeds. */
  maxDrift: number;
  /** Minimum exactly matched characters in a chain for it to count as a passage. */
  minMatched: number;
  /** Minimum matched / span (query side). */
  minDensity: number;
  /** 4-grams repeated more often than this in the source are not used as seeds. */
  maxSeedRepeat: number;
}

export const DEFAULT_ALIGN: AlignOptions = {
  maxGap: 20,
  maxDrift: 5,
  minMatched: 12,
  minDensity: 0.35,
  maxSeedRepeat: 12,
};

/** An aligned passage: `[qs, qe)` of the query ↔ `[ss, se)` of the source (normalized offsets). */
export interface RawPassage {
  qs: number;
  qe: number;
  ss: number;
  se: number;
  /** Query characters covered by exact seeds. */
  matched: number;
}

function gramKey(c: Uint16Array, i: number): number {
  let h = Math.imul(c[i], 0x9e3779b1);
  h = Math.imul(h ^ c[i + 1], 0x85ebca6b);
  h = Math.imul(h ^ c[i + 2], 0xc2b2ae35);
  h = Math.imul(h ^ c[i + 3], 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

function sameGram(a: Uint16Array, i: number, b: Uint16Array, j: number): boolean {
  return a[i] === b[j] && a[i + 1] === b[j + 1] && a[i + 2] === b[j + 2] && a[i + 3] === b[j + 3];
}

interface Chain {
  qs: number;
  qe: number;
  ss: number;
  se: number;
  diag: number;
  matched: number;
  /** Query position up to which matched characters were counted. */
  cov: number;
}

/**
 * Align `q` against `s`; passages sorted by query start.
 */
export function align(q: Uint16Array, s: Uint16Array, opts: AlignOptions = DEFAULT_ALIGN): RawPassage[] {
  const K = SEED_K;
  const ns = s.length - K + 1;
  const nq = q.length - K + 1;
  if (ns <= 0 || nq <= 0) return [];
  let size = 1;
  while (size < ns * 2) size <<= 1;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(ns);
  const keys = new Uint32Array(ns);
  // Insert in reverse so that bucket chains list positions in increasing order.
  for (let j = ns - 1; j >= 0; j--) {
    const k = gramKey(s, j);
    keys[j] = k;
    const b = k & mask;
    next[j] = head[b];
    head[b] = j;
  }

  const chains: Chain[] = [];
  let active: Chain[] = [];
  // Chain by diagonal (j - i + nq), for direct continuations; no Map, no per-seed allocation.
  const byDiag: (Chain | undefined)[] = new Array(ns + nq + 1);
  const hits = new Int32Array(opts.maxSeedRepeat + 1);
  for (let i = 0; i < nq; i++) {
    const k = gramKey(q, i);
    let nh = 0;
    for (let j = head[k & mask]; j >= 0; j = next[j]) {
      if (keys[j] === k && sameGram(q, i, s, j)) {
        hits[nh++] = j;
        if (nh > opts.maxSeedRepeat) break;
      }
    }
    if (nh === 0 || nh > opts.maxSeedRepeat) continue;
    if ((i & 7) === 0 && active.length > 8) active = active.filter((c) => c.qe >= i - opts.maxGap);
    for (let h = 0; h < nh; h++) {
      const j = hits[h];
      const d = j - i;
      let c = byDiag[d + nq];
      if (!c || c.qe < i) {
        // Not a direct continuation: find the nearest chain this seed can extend across a gap.
        c = undefined;
        let best = Infinity;
        for (let x = 0; x < active.length; x++) {
          const a = active[x];
          if (a.qe < i - opts.maxGap || a.qe > i + K) continue;
          if (j < a.se - K || j > a.se + opts.maxGap) continue;
          const drift = Math.abs(d - a.diag);
          if (drift > opts.maxDrift) continue;
          const cost = i - a.qe + drift * 2;
          if (cost < best) {
            best = cost;
            c = a;
          }
        }
      }
      if (!c) {
        c = { qs: i, qe: i + K, ss: j, se: j + K, diag: d, matched: K, cov: i + K };
        chains.push(c);
        active.push(c);
      } else {
        if (c.diag !== d && byDiag[c.diag + nq] === c) byDiag[c.diag + nq] = undefined;
        c.matched += Math.max(0, i + K - Math.max(i, c.cov));
        c.cov = Math.max(c.cov, i + K);
        c.qe = Math.max(c.qe, i + K);
        c.se = Math.max(c.se, j + K);
        c.diag = d;
      }
      byDiag[d + nq] = c;
    }
  }
  const out: RawPassage[] = [];
  for (const c of chains) {
    if (c.matched < opts.minMatched) continue;
    if (c.matched / (c.qe - c.qs) < opts.minDensity) continue;
    out.push({ qs: c.qs, qe: c.qe, ss: c.ss, se: c.se, matched: c.matched });
  }
  out.sort((a, b) => a.qs - b.qs || b.qe - a.qe);
  return out;
}

/** Total length of the union of `[start, end)` ranges. */
export function unionLength(ranges: readonly (readonly [number, number])[]): number {
  const r = [...ranges].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cs = -1;
  let ce = -1;
  for (const [s, e] of r) {
    if (s > ce) {
      total += ce - cs;
      cs = s;
      ce = e;
    } else if (e > ce) ce = e;
  }
  return total + (ce - cs);
}
