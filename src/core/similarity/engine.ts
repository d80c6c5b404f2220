/**
 * The 查重 engine: what a material copied, from where, and how much — without flagging the official
 * phrasing every honest material shares.
 *
 *   1. Normalize (width, punctuation, whitespace, 繁→简, artifacts masked) and mark built-in
 *      official formulations.
 *   2. Retrieve candidates through anchors (sampled 8-grams, see fingerprint.ts). An anchor held by
 *      more than `cap` stored documents is shared phrasing and is never read; `cap` grows with the
 *      corpus, so what counts as boilerplate adapts to it. Candidates are ranked by the rare anchors
 *      they share, each weighted by its inverse document frequency log(N/df).
 *   3. Verify each candidate by alignment (align.ts): chains of exact 4-gram seeds bridging small
 *      edits. A chain is a copied passage only when it carries rare evidence (a rare anchor of that
 *      source inside it) that outweighs its shared phrasing; official phrases that merely recur in
 *      both texts form short chains without rare anchors and are dropped.
 *   4. Coverage per source = union of its passages over the query's normalized characters; overall
 *      ratios, ratio excluding shared phrasing, longest run and per-part ratios are derived from the
 *      passages. The result is evidence for a person to judge, not a verdict.
 */
import { align, DEFAULT_ALIGN, type AlignOptions, type RawPassage } from './align.js';
import { ANCHOR_K, anchors, distinctAnchors } from './fingerprint.js';
import { normalize, prepare, type Normalized } from './normalize.js';
import { defaultOfficialMatcher, type OfficialMatcher } from './official.js';
import {
  inCollection,
  type Collection,
  type DocMeta,
  type IndexedDoc,
  type Postings,
  type SimilarityIndex,
  type StoredDoc,
} from './port.js';
import type { PartKind } from '../material/model.js';

export interface EngineOptions {
  /** Anchors held by more than max(capMin, capFraction·N) documents are shared phrasing. */
  capMin: number;
  capFraction: number;
  /** Candidates verified by alignment per query. */
  maxCandidates: number;
  /** Candidates scoring below this fraction of the best candidate are not verified. */
  minRelativeScore: number;
  /** Distinct rare anchors a candidate must share to be verified. */
  minAnchorHits: number;
  /** Minimum coverage for a source to be reported. */
  minCoverage: number;
  /** Minimum rare anchors inside the accepted passages of a reported source… */
  minEvidence: number;
  /** …or this many, when the accepted passages hold at least `minOwnEvidence` own matched characters. */
  minEvidenceWithOwn: number;
  minOwnEvidence: number;
  /**
   * Minimum very rare anchors (held by at most `strongCap` documents, an absolute number) inside the
   * accepted passages: in a large store, an independent material meets many moderately rare
   * coincidences (the same place and project type in one sentence) but few very rare ones.
   */
  minStrongEvidence: number;
  strongCap: number;
  /** Accepted passages closer than this (normalized characters) are merged into one. */
  mergeGap: number;
  /** A chain without rare anchors is accepted within this distance (both sides) of an accepted one. */
  neighbourhood: number;
  /** For a confirmed source: source-side neighbourhood (a paragraph whose sentences were reordered). */
  neighbourhoodSource: number;
  /** For a confirmed source: matched characters of a loose cluster holding a rare anchor. */
  minLooseMatched: number;
  /** A cluster of chains is copied text when it holds this many rare anchors and matched characters. */
  minClusterRare: number;
  minClusterMatched: number;
  /**
   * …or when it holds a rare anchor and this many own matched characters (matched characters
   * weighted by the share of the query's anchors there that are not shared phrasing): a copy whose
   * word swaps broke most of its rare anchors still aligns, over the writer's own text.
   */
  minClusterOwn: number;
  /** Minimum longest passage (normalized characters) of a reported source. */
  minLongest: number;
  /**
   * Stock phrasing at the level of passages. The rare anchors a candidate shares with the query in
   * one passage are weighed (log N/df); when at least `stockRivals` other stored documents hold
   * `stockShare` of that weight in the same query text, the passage is a template many materials
   * use with their own words (a stock paragraph, a sentence skeleton), not evidence that this
   * candidate is the source: the candidate is only the one whose word choices happen to be closest.
   */
  stockRivals: number;
  stockShare: number;
  /**
   * …or when at least `stockRivals` of the other aligned documents cover 60% of the passage with this
   * share of its matched characters (every holder of the template aligns with its text; a copied
   * passage's other holders match only its skeleton and common sentences, well under half).
   */
  stockAligned: number;
  /**
   * The same share for single chains of a cluster that could confirm a source (a chain of a copy
   * with word swaps matches its source less, so other holders of its skeleton come closer).
   */
  stockChainAligned: number;
  /**
   * Once a source is confirmed by its specific passages, a stock passage counts as copied from it
   * too when it matches this many times better than every other aligned document (its very words).
   */
  stockDominance: number;
  /** Shortest stock passage reported (normalized characters). */
  minStockChars: number;
  /** Documents aligned besides the candidates to see whether a source's passages are stock too. */
  stockProbe: number;
  align: AlignOptions;
  official: OfficialMatcher;
  /** Diagnostics (benchmark and tuning): called with the candidates and each verification's outcome. */
  trace?: (event: string, data: Record<string, unknown>) => void;
}

export const DEFAULT_ENGINE: Omit<EngineOptions, 'official'> = {
  capMin: 8,
  capFraction: 0.005,
  maxCandidates: 12,
  minRelativeScore: 0.2,
  minAnchorHits: 3,
  minCoverage: 0.02,
  minEvidence: 5,
  minEvidenceWithOwn: 3,
  minOwnEvidence: 200,
  minStrongEvidence: 0,
  strongCap: 8,
  mergeGap: 24,
  neighbourhood: 60,
  neighbourhoodSource: 250,
  minLooseMatched: 40,
  minClusterRare: 3,
  minClusterMatched: 150,
  minClusterOwn: 100,
  minLongest: 40,
  stockRivals: 2,
  stockShare: 0.5,
  stockAligned: 0.6,
  stockChainAligned: 0.75,
  stockDominance: 1.15,
  minStockChars: 40,
  stockProbe: 4,
  align: DEFAULT_ALIGN,
};

function options(o?: Partial<EngineOptions>): EngineOptions {
  return { ...DEFAULT_ENGINE, official: o?.official ?? defaultOfficialMatcher(), ...o } as EngineOptions;
}

/** Document frequency above which an anchor counts as shared phrasing, for a corpus of `n`. */
export function capFor(n: number, o: Pick<EngineOptions, 'capMin' | 'capFraction'> = DEFAULT_ENGINE): number {
  return Math.max(o.capMin, Math.ceil(o.capFraction * n));
}

/** Prepare a raw text for the index. */
export function indexDocument(name: string, raw: string, meta: DocMeta = {}, o?: Partial<EngineOptions>): IndexedDoc {
  const opts = options(o);
  const { norm, mask } = prepare(raw);
  const a = anchors(norm.codes, opts.official.mark(norm.codes));
  return { name, text: raw, mask, anchors: distinctAnchors(a), length: norm.codes.length, meta };
}

// ---------------------------------------------------------------- result model

export type SourceLabel = '网络范文' | '与本人往年材料重复' | '库内材料';

export interface Passage {
  /** Query range `[start, end)` in the raw query text (UTF-16 offsets). */
  q: [number, number];
  /** Source range `[start, end)` in the raw source text. */
  s: [number, number];
  /** Same ranges in normalized characters. */
  qn: [number, number];
  sn: [number, number];
  /** Characters matched exactly (the rest of the passage are small edits). */
  matched: number;
}

export interface SourceMatch {
  id: string;
  label: SourceLabel;
  meta: DocMeta;
  /** Fraction of the query's non-official characters covered by this source (0..1); ranks sources. */
  score: number;
  /** Fraction of the query's characters covered by passages from this source (0..1). */
  coverage: number;
  /** Longest passage, in query characters (normalized). */
  longest: number;
  passages: Passage[];
}

/**
 * Query text many stored materials share (a stock paragraph: the same template, words varied): shown
 * apart from sources, never as copied from one of them.
 */
export interface StockPassage {
  /** Query range `[start, end)` in the raw query text. */
  q: [number, number];
  /** Same range in normalized characters. */
  qn: [number, number];
  /** Approximate number of stored materials holding this passage (with its words varied). */
  support: number;
  /** Indices (into `matches`) of reported sources the passage was copied from as well. */
  sources: number[];
}

export interface PartRatio {
  kind: PartKind;
  /** Normalized characters of the part. */
  chars: number;
  /** Fraction covered by any reported source. */
  ratio: number;
}

export interface CheckResult {
  /** Normalized characters of the query. */
  chars: number;
  /** Characters inside built-in official formulations. */
  officialChars: number;
  matches: SourceMatch[];
  /** Fraction of the query covered by any reported source. */
  copyRatio: number;
  /** Same, counting only characters outside official formulations. */
  copyRatioExcludingShared: number;
  largest: { id: string; coverage: number } | null;
  /** Stock passages (text many stored materials share), apart from sources. */
  stock: StockPassage[];
  /** Fraction of the query inside stock passages. */
  stockRatio: number;
  /** Longest copied passage (normalized characters). */
  longestRun: number;
  parts: PartRatio[];
  /** Stored documents and the document-frequency cap used. */
  corpus: { size: number; cap: number };
  /** Milliseconds spent (normalization to result). */
  ms: number;
}

export interface QueryInfo {
  /** Query author: earlier materials of the same author are labelled as such. */
  author?: string | null;
  /** Name of the query itself, excluded from sources (when it is stored too). */
  name?: string | null;
  /** Part ranges `[start, end)` in the raw query text, for per-part ratios. */
  parts?: { kind: PartKind; start: number; end: number }[];
  /**
   * Check only against a collection (e.g. one organization's materials of one year, or the template
   * library). Document frequency still counts the whole store: shared phrasing is shared phrasing.
   */
  collection?: Collection;
}

// ---------------------------------------------------------------- the check

function firstAtOrAfter(sorted: readonly number[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < from) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function countIn(sorted: readonly number[], from: number, to: number): number {
  const lo = firstAtOrAfter(sorted, from);
  let n = 0;
  for (let i = lo; i < sorted.length && sorted[i] < to; i++) n++;
  return n;
}

function labelOf(meta: DocMeta, q: QueryInfo): SourceLabel {
  if (meta.kind === 'template') return '网络范文';
  if (q.author && meta.author && q.author === meta.author) return '与本人往年材料重复';
  return '库内材料';
}

/**
 * Check a raw text against the index.
 *
 * @example
 *   const idx = new MemoryIndex();
 *   await idx.put([indexDocument('a', textA)]);
 *   const r = await checkText(idx, textB);   // r.matches[0].id === 'a' when B copied A
 */
export async function checkText(
  index: SimilarityIndex,
  raw: string,
  query: QueryInfo = {},
  o?: Partial<EngineOptions>,
): Promise<CheckResult> {
  const t0 = performance.now();
  const opts = options(o);
  // Time per phase, for the trace (diagnostics only).
  const laps: Record<string, number> = {};
  let last = t0;
  const lap = (phase: string) => {
    if (!opts.trace) return;
    const t = performance.now();
    laps[phase] = t - last;
    last = t;
  };
  const { norm } = prepare(raw);
  const official = opts.official.mark(norm.codes);
  lap('prepare');
  const size = await index.count();
  const cap = capFor(size, opts);
  const a = anchors(norm.codes, official);
  const distinct = distinctAnchors(a);
  lap('anchors');
  const post = await index.lookup(distinct, cap);
  lap('lookup');
  // Where the query's own (not shared) text is: prefix counts of anchors, and of anchors that are
  // not shared phrasing (held by at most `cap` stored documents, or by none).
  const nq = norm.codes.length;
  const slotOf = new Map<number, number>();
  distinct.forEach((h, i) => slotOf.set(h, i));
  const slotAt = new Int32Array(a.hashes.length);
  for (let i = 0; i < a.hashes.length; i++) slotAt[i] = slotOf.get(a.hashes[i])!;
  const spec: Spec = { all: new Int32Array(nq + 1), own: new Int32Array(nq + 1) };
  for (let i = 0; i < a.hashes.length; i++) {
    spec.all[a.pos[i] + 1] = 1;
    if (post.docs[slotAt[i]] !== null) spec.own[a.pos[i] + 1] = 1;
  }
  for (let i = 0; i < nq; i++) {
    spec.all[i + 1] += spec.all[i];
    spec.own[i + 1] += spec.own[i];
  }
  const selfId = query.name ? await index.idOf(query.name) : null;
  const cands = await candidates(index, size, distinct, post, selfId, opts, query.collection);
  lap('candidates');
  // Positions (in the query) of the rare anchors each candidate shares, and their document frequency:
  // which candidates each distinct anchor lists, then every occurrence of the anchor.
  const C = cands.length;
  const which = new Map<number, number>();
  cands.forEach((d, c) => which.set(d, c));
  const member = new Uint8Array(distinct.length * C);
  if (C) {
    for (let k = 0; k < distinct.length; k++) {
      const l = post.docs[k];
      if (l)
        for (let j = 0; j < l.length; j++) {
          const c = which.get(l[j]);
          if (c !== undefined) member[k * C + c] = 1;
        }
    }
  }
  const hits: number[][] = cands.map(() => []);
  const dfAt = new Map<number, number>();
  for (let i = 0; i < a.hashes.length && C; i++) {
    const k = slotAt[i];
    for (let c = 0; c < C; c++) {
      if (!member[k * C + c]) continue;
      hits[c].push(a.pos[i]);
      dfAt.set(a.pos[i], post.docs[k]!.length);
    }
  }
  const hitsOf = new Map<number, number[]>(cands.map((d, c) => [d, hits[c]]));
  opts.trace?.('candidates', { cap, chosen: cands });
  lap('hits');
  const docs = cands.length ? await index.fetch(cands) : [];
  lap('fetch');

  const n = norm.codes.length;
  let officialChars = 0;
  for (let i = 0; i < n; i++) officialChars += official[i];
  const slotAtPos = new Map<number, number>();
  for (let i = 0; i < a.pos.length; i++) slotAtPos.set(a.pos[i], slotAt[i]);
  const support: Support = { slotAtPos, docs: post.docs, size, share: opts.stockShare };
  const found: { m: SourceMatch; id: number }[] = [];
  const stockRanges: [number, number][] = [];
  // Every candidate is aligned first: a passage the other candidates align with about as well is
  // stock phrasing, whichever of them is verified.
  const chains = new Map<number, RawPassage[]>();
  const sources = new Map<number, Normalized>();
  for (const doc of docs) {
    const s = normalize(doc.text, doc.mask);
    sources.set(doc.id, s);
    chains.set(doc.id, align(norm.codes, s.codes, opts.align));
  }
  for (const doc of docs) {
    const v = verify(
      norm,
      official,
      spec,
      { doc, s: sources.get(doc.id)!, raw: chains.get(doc.id)! },
      chains,
      hitsOf.get(doc.id) ?? [],
      dfAt,
      support,
      opts,
      query,
    );
    stockRanges.push(...v.stock);
    if (v.match) found.push({ m: v.match, id: doc.id });
  }
  found.sort((x, y) => y.m.score - x.m.score || y.m.coverage - x.m.coverage);
  const matches = found.map((f) => f.m);
  lap('verify');
  // A copied passage may be stock phrasing as well (the source's own use of a template): shown as
  // both. The documents holding most of a source's rare anchors besides it are aligned too (the
  // verified candidates already are); a passage that at least `stockRivals` of them align with
  // about as well is stock.
  let probes = opts.stockProbe;
  for (const f of found) {
    // Per passage, the documents holding most of its rare anchors: the likeliest other holders of a
    // template the passage may be a use of.
    const extra = new Set<number>();
    for (const p of [...f.m.passages].sort((x, y) => y.qn[1] - y.qn[0] - (x.qn[1] - x.qn[0]))) {
      if (extra.size >= probes) break;
      const rare: number[] = [];
      for (let k = firstAtOrAfter(a.pos as unknown as number[], p.qn[0]); k < a.pos.length && a.pos[k] < p.qn[1]; k++)
        if (post.docs[slotAt[k]]?.length) rare.push(a.pos[k]);
      for (const d of topHolders(support, rare, f.id, 2)) if (!chains.has(d) && extra.size < probes) extra.add(d);
    }
    probes -= extra.size;
    for (const d of extra.size ? await index.fetch([...extra]) : [])
      chains.set(d.id, align(norm.codes, normalize(d.text, d.mask).codes, opts.align));
    for (const p of f.m.passages)
      if (alignedHolders(chains, f.id, p.qn[0], p.qn[1], p.matched, opts.stockAligned) >= opts.stockRivals)
        stockRanges.push([p.qn[0], p.qn[1]]);
  }
  lap('stock');

  // Overall figures.
  const covered = new Uint8Array(n);
  let longestRun = 0;
  for (const m of matches) {
    for (const p of m.passages) covered.fill(1, p.qn[0], p.qn[1]);
    longestRun = Math.max(longestRun, m.longest);
  }
  let cov = 0;
  let covNonOfficial = 0;
  for (let i = 0; i < n; i++) {
    cov += covered[i];
    if (covered[i] && !official[i]) covNonOfficial++;
  }
  const parts: PartRatio[] = [];
  for (const part of query.parts ?? []) {
    let chars = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (norm.pos[i] < part.start || norm.pos[i] >= part.end) continue;
      chars++;
      c += covered[i];
    }
    parts.push({ kind: part.kind, chars, ratio: chars ? c / chars : 0 });
  }
  const dfOf = (i: number) => post.df?.[slotAt[i]] ?? (post.docs[slotAt[i]]?.length || 0);
  const stockPassages = stockRegions(norm, stockRanges, a.pos, dfOf, support, matches, opts);
  let stockChars = 0;
  for (const p of stockPassages) stockChars += p.qn[1] - p.qn[0];
  opts.trace?.('timing', laps);
  const largest = matches.reduce<SourceMatch | null>((b, m) => (!b || m.coverage > b.coverage ? m : b), null);
  return {
    chars: n,
    officialChars,
    matches,
    copyRatio: n ? cov / n : 0,
    copyRatioExcludingShared: n - officialChars ? covNonOfficial / (n - officialChars) : 0,
    largest: largest ? { id: largest.id, coverage: largest.coverage } : null,
    stock: stockPassages,
    stockRatio: n ? stockChars / n : 0,
    longestRun,
    parts,
    corpus: { size, cap },
    ms: performance.now() - t0,
  };
}

/** Per-document accumulators indexed by document id, reused from check to check. */
const scratch = { score: new Float64Array(0), hits: new Uint32Array(0) };
/** Largest document id accumulated in `scratch` (32 MiB + 16 MiB); beyond, a sort does it. */
const SCRATCH_MAX = 2 ** 22;

/**
 * Candidates by the rare anchors they share with the query, each weighted log(N/df): at most
 * `maxCandidates` documents, those within `minRelativeScore` of the best (all of them, in rank
 * order, when a collection restricts the check). One pass over the postings into typed arrays: a
 * query at N = 100,000 reads about ten thousand postings, and per-document objects would cost
 * more than everything else.
 */
async function candidates(
  index: SimilarityIndex,
  size: number,
  distinct: Uint32Array,
  post: Postings,
  selfId: number | null,
  opts: EngineOptions,
  collection: Collection | undefined,
): Promise<number[]> {
  // Weight of a shared anchor held by df documents: its inverse document frequency.
  const idf = (df: number) => Math.log((size + 1) / df);
  const weight = new Float64Array(distinct.length);
  let total = 0;
  let maxId = 0;
  for (let k = 0; k < distinct.length; k++) {
    const l = post.docs[k];
    if (!l?.length) continue;
    weight[k] = idf(l.length);
    total += l.length;
    for (let j = 0; j < l.length; j++) if (l[j] > maxId) maxId = l[j];
  }
  // Documents sharing at least minAnchorHits rare anchors: their id and score.
  const doc = new Float64Array(Math.ceil(total / Math.max(1, opts.minAnchorHits)) + 1);
  const score = new Float64Array(doc.length);
  let n = 0;
  const keep = (d: number, sc: number, h: number) => {
    if (h < opts.minAnchorHits || d === selfId) return;
    doc[n] = d;
    score[n++] = sc;
  };
  if (maxId < SCRATCH_MAX) {
    // Accumulate in arrays indexed by document id (row ids are dense), then reset what was touched.
    if (scratch.score.length <= maxId) {
      const size = Math.min(SCRATCH_MAX, 2 ** Math.ceil(Math.log2(maxId + 1)));
      scratch.score = new Float64Array(size);
      scratch.hits = new Uint32Array(size);
    }
    const { score: acc, hits } = scratch;
    const touched: number[] = [];
    for (let k = 0; k < distinct.length; k++) {
      const l = post.docs[k];
      if (!l?.length) continue;
      const w = weight[k];
      for (let j = 0; j < l.length; j++) {
        const d = l[j];
        if (hits[d]++ === 0) touched.push(d);
        acc[d] += w;
      }
    }
    for (const d of touched) {
      keep(d, acc[d], hits[d]);
      acc[d] = 0;
      hits[d] = 0;
    }
  } else {
    // Sparse ids: every posting as (document, anchor) packed into one number, sorted by document.
    const packed = new Float64Array(total);
    const SH = 2 ** 20; // distinct anchors per query < 2^20 (the text length limit is far below)
    let t = 0;
    for (let k = 0; k < distinct.length; k++) {
      const l = post.docs[k];
      if (l) for (let j = 0; j < l.length; j++) packed[t++] = l[j] * SH + k;
    }
    packed.sort();
    for (let i = 0; i < total;) {
      const d = Math.floor(packed[i] / SH);
      let sc = 0;
      let h = 0;
      for (; i < total && Math.floor(packed[i] / SH) === d; i++) {
        sc += weight[packed[i] % SH];
        h++;
      }
      keep(d, sc, h);
    }
  }
  const byScore = (x: number, y: number) => score[y] - score[x] || doc[x] - doc[y];
  if (!collection) {
    // Top maxCandidates without sorting everything.
    const top: number[] = [];
    for (let s = 0; s < n; s++) {
      if (top.length === opts.maxCandidates && byScore(s, top[top.length - 1]) >= 0) continue;
      let i = top.length;
      while (i > 0 && byScore(s, top[i - 1]) < 0) i--;
      top.splice(i, 0, s);
      if (top.length > opts.maxCandidates) top.pop();
    }
    const best = top.length ? score[top[0]] : 0;
    // Weak candidates (far below the best) cannot hold a copied passage the best one does not outweigh.
    return top.filter((s) => score[s] >= best * opts.minRelativeScore).map((s) => doc[s]);
  }
  const eligible = Array.from({ length: n }, (_, s) => s).sort(byScore);
  const out: number[] = [];
  for (let i = 0; i < eligible.length && out.length < opts.maxCandidates; i += 64) {
    const metas = await index.metaOf(eligible.slice(i, i + 64).map((s) => doc[s]));
    for (const m of metas) if (out.length < opts.maxCandidates && inCollection(m.meta, collection)) out.push(m.id);
  }
  return out;
}

/** What the postings say about who else holds a query passage's rare anchors. */
interface Support {
  /** Query position of an anchor → its slot among the distinct anchors looked up. */
  slotAtPos: ReadonlyMap<number, number>;
  docs: Postings['docs'];
  size: number;
  share: number;
}

/**
 * Other stored documents holding the rare anchors at these query positions (sorted, distinct), each
 * weighed log(N/df): the weight `self` holds, the heaviest other, and how many others hold at least
 * `share` of `self`'s weight. A passage many materials hold with their own words has many such
 * rivals; a copied one has none (it shares its rare anchors with the query and few others).
 */
function rivalsOf(
  sup: Support,
  positions: readonly number[],
  self: number,
): { self: number; top: number; rivals: number } {
  const w = new Map<number, number>();
  let own = 0;
  for (const p of positions) {
    const l = sup.docs[sup.slotAtPos.get(p) ?? -1];
    if (!l?.length) continue;
    const idf = Math.log((sup.size + 1) / l.length);
    for (let j = 0; j < l.length; j++) {
      if (l[j] === self) own += idf;
      else w.set(l[j], (w.get(l[j]) ?? 0) + idf);
    }
  }
  let top = 0;
  for (const x of w.values()) if (x > top) top = x;
  // Without a document of reference (self < 0): how many hold about as much as the one holding most.
  if (self < 0) own = top;
  let rivals = 0;
  for (const x of w.values()) if (x >= sup.share * own - 1e-9) rivals++;
  return { self: own, top, rivals: own > 0 ? rivals : 0 };
}

/**
 * Other documents whose chains cover at least 60% of the query range `[qs, qe)` with at least
 * `share` of `matched` matched characters there: documents holding about the same passage.
 */
function alignedHolders(
  chains: ReadonlyMap<number, readonly RawPassage[]>,
  self: number,
  qs: number,
  qe: number,
  matched: number,
  share: number,
  ratios?: number[],
): number {
  let holders = 0;
  // Per query position the best density of the document's chains covering it (a phrase aligned to
  // several places of the document counts once).
  const best = new Float32Array(qe - qs);
  for (const [d, raw] of chains) {
    if (d === self) continue;
    best.fill(0);
    for (const c of raw) {
      if (c.qe <= qs || c.qs >= qe) continue;
      const dens = c.matched / (c.qe - c.qs);
      for (let i = Math.max(qs, c.qs); i < Math.min(qe, c.qe); i++) if (best[i - qs] < dens) best[i - qs] = dens;
    }
    let cov = 0;
    let m = 0;
    for (let i = 0; i < best.length; i++) {
      if (best[i] > 0) cov++;
      m += best[i];
    }
    if (cov >= 0.6 * (qe - qs) && m >= share * matched) holders++;
    ratios?.push(Math.round((100 * m) / Math.max(1, matched)) / 100);
  }
  return holders;
}

/** The `k` documents other than `self` holding the most weight (log N/df) of these rare anchors. */
function topHolders(sup: Support, positions: readonly number[], self: number, k: number): number[] {
  const w = new Map<number, number>();
  for (const p of new Set(positions)) {
    const l = sup.docs[sup.slotAtPos.get(p) ?? -1];
    if (!l?.length) continue;
    const idf = Math.log((sup.size + 1) / l.length);
    for (let j = 0; j < l.length; j++) if (l[j] !== self) w.set(l[j], (w.get(l[j]) ?? 0) + idf);
  }
  return [...w]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, k)
    .map(([d]) => d);
}

/**
 * Stock passages: the query ranges judged stock while verifying candidates, merged. Their support
 * (about how many stored materials hold them) is the larger of the documents holding most of their
 * rare anchors and the document frequency of their common anchors (upper quartile: the template's
 * own words rather than the varied ones).
 */
function stockRegions(
  q: Normalized,
  ranges: [number, number][],
  anchorPos: Uint32Array,
  dfOf: (i: number) => number,
  sup: Support,
  matches: readonly SourceMatch[],
  opts: EngineOptions,
): StockPassage[] {
  const runs: [number, number][] = [];
  for (const [qs, qe] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = runs[runs.length - 1];
    if (last && qs - last[1] <= opts.mergeGap) last[1] = Math.max(last[1], qe);
    else runs.push([qs, qe]);
  }
  const out: StockPassage[] = [];
  for (const [qs, qe] of runs) {
    if (qe - qs < opts.minStockChars) continue;
    const dfs: number[] = [];
    const rare: number[] = [];
    for (let k = firstAtOrAfter(anchorPos as unknown as number[], qs); k < anchorPos.length && anchorPos[k] < qe; k++) {
      const df = dfOf(k);
      if (df > 0) dfs.push(df);
      if (sup.docs[sup.slotAtPos.get(anchorPos[k]) ?? -1]?.length) rare.push(anchorPos[k]);
    }
    dfs.sort((x, y) => x - y);
    const upper = dfs.length ? dfs[Math.floor(dfs.length * 0.75)] : 0;
    const holders = rivalsOf(sup, rare, -1).rivals;
    const sources: number[] = [];
    matches.forEach((m, i) => {
      let c = 0;
      for (const p of m.passages) c += Math.max(0, Math.min(qe, p.qn[1]) - Math.max(qs, p.qn[0]));
      if (c >= 0.5 * (qe - qs)) sources.push(i);
    });
    out.push({ q: [q.pos[qs], q.pos[qe - 1] + 1], qn: [qs, qe], support: Math.max(holders, upper), sources });
  }
  return out;
}

/** Align the query with one candidate and keep the passages that carry rare evidence. */
/**
 * Chains whose query text aligns about as well with another, different place of the source: a
 * sentence skeleton the writer's grammar repeats ("……局在……的巡察中被指出……个问题，其中……的问题比较突出"),
 * not a copied sentence. A copied sentence aligns best with its one original, whose chain (slots
 * filled alike) is clearly longer than those with the other instances of the skeleton. Such chains
 * never confirm a source; once one is confirmed, they count where they lie among its passages (an
 * official sentence the source happens to use twice).
 */
function ambiguous(raw: RawPassage[]): Uint8Array {
  const amb = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i];
    for (let j = i + 1; j < raw.length && raw[j].qs < a.qe; j++) {
      const b = raw[j];
      if (b.ss < a.se && b.se > a.ss) continue; // the same place of the source
      const overlap = Math.min(a.qe, b.qe) - b.qs;
      if (overlap >= 0.6 * (a.qe - a.qs) && b.matched >= 0.85 * a.matched) amb[i] = 1;
      if (overlap >= 0.6 * (b.qe - b.qs) && a.matched >= 0.85 * b.matched) amb[j] = 1;
    }
  }
  return amb;
}

/** Prefix counts over query positions: anchors starting before i, and those of them not shared phrasing. */
interface Spec {
  all: Int32Array;
  own: Int32Array;
}

function verify(
  q: Normalized,
  official: Uint8Array,
  spec: Spec,
  self: { doc: StoredDoc; s: Normalized; raw: RawPassage[] },
  chains: ReadonlyMap<number, readonly RawPassage[]>,
  rareHits: number[],
  dfAt: ReadonlyMap<number, number>,
  support: Support,
  opts: EngineOptions,
  query: QueryInfo,
): { match: SourceMatch | null; stock: [number, number][]; raw: RawPassage[] } {
  const stockOut: [number, number][] = [];
  const { doc, s, raw } = self;
  const amb = ambiguous(raw);
  rareHits.sort((x, y) => x - y);
  const rareOf = raw.map((p) => countIn(rareHits, p.qs, p.qe - ANCHOR_K + 1));
  // Matched characters weighted by how much of the chain's query text is the query's own (not
  // shared phrasing): what a copy with many word swaps keeps when its rare anchors are broken.
  const ownOf = raw.map((p) => {
    const e = Math.max(p.qs, p.qe - ANCHOR_K + 1);
    const all = spec.all[e] - spec.all[p.qs];
    return all ? (p.matched * (spec.own[e] - spec.own[p.qs])) / all : 0;
  });
  // Cluster chains that lie close together on both sides (a copied paragraph: its sentences in
  // order, or split by edits). Independent texts share scattered sentences and template
  // skeletons whose matches land in unrelated places of the source: small clusters. A source is
  // confirmed by one large cluster; then, for that source only, looser clusters (sentences
  // reordered within a paragraph) count too.
  // `confirming`: ambiguous chains take no part (they neither join nor count).
  const cluster = (wq: number, ws: number, confirming: boolean) => {
    const parent = raw.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    const out = (i: number) => confirming && amb[i] === 1;
    for (let i = 0; i < raw.length; i++) {
      const a = raw[i];
      if (out(i)) continue;
      for (let j = i + 1; j < raw.length && raw[j].qs <= a.qe + wq; j++) {
        const b = raw[j];
        if (!out(j) && b.ss < a.se + ws && b.se > a.ss - ws) parent[find(j)] = find(i);
      }
    }
    const matched = new Map<number, number>();
    const own = new Map<number, number>();
    const rareAt = new Map<number, Set<number>>();
    const root = raw.map((_, i) => find(i));
    raw.forEach((p, i) => {
      if (out(i)) return;
      matched.set(root[i], (matched.get(root[i]) ?? 0) + p.matched);
      own.set(root[i], (own.get(root[i]) ?? 0) + ownOf[i]);
      if (!rareOf[i] || amb[i]) return;
      let set = rareAt.get(root[i]);
      if (!set) rareAt.set(root[i], (set = new Set()));
      // Distinct rare anchors: a query phrase aligned to several places of the source (a shared
      // sentence skeleton) is one piece of evidence, not several.
      for (let k = firstAtOrAfter(rareHits, p.qs); k < rareHits.length && rareHits[k] < p.qe - ANCHOR_K + 1; k++)
        set.add(rareHits[k]);
    });
    const rare = new Map<number, number>();
    for (const [r, set] of rareAt) rare.set(r, set.size);
    return { root, matched, own, rare, rareAt };
  };
  // Chains of a cluster that could confirm this source, held about as well by at least two other
  // aligned documents: stock sentences (two stock paragraphs that stand together in both texts form
  // one cluster, and no other document holds both). They take no part in confirming it.
  const chainStock = new Uint8Array(raw.length);
  const chainDominant = new Uint8Array(raw.length);
  {
    const first = cluster(opts.neighbourhood, opts.neighbourhood, true);
    const could = (r: number) => {
      const rare = first.rare.get(r) ?? 0;
      return (
        (rare >= opts.minClusterRare && (first.matched.get(r) ?? 0) >= opts.minClusterMatched) ||
        (rare >= 1 && (first.own.get(r) ?? 0) >= opts.minClusterOwn)
      );
    };
    raw.forEach((p, i) => {
      if (amb[i] || p.matched < opts.align.minMatched * 2 || !could(first.root[i])) return;
      const ratios: number[] = [];
      if (alignedHolders(chains, doc.id, p.qs, p.qe, p.matched, opts.stockChainAligned, ratios) < opts.stockRivals)
        return;
      chainStock[i] = 1;
      amb[i] = 1;
      if (ratios.reduce((m, v) => Math.max(m, v), 0) * opts.stockDominance <= 1) chainDominant[i] = 1;
    });
  }
  const strict = cluster(opts.neighbourhood, opts.neighbourhood, true);
  // Clusters whose rare anchors other documents hold about as well: stock phrasing. They never
  // confirm this source, their anchors are no evidence for it, and they are reported apart.
  const stockRoot = new Set<number>();
  const dominant = new Set<number>();
  // Reported apart are the stock clusters that would have confirmed this source (the false reports
  // this avoids), not every template sentence two materials share.
  const wouldConfirm = (r: number) => {
    const rare = strict.rare.get(r) ?? 0;
    return (
      (rare >= opts.minClusterRare && (strict.matched.get(r) ?? 0) >= opts.minClusterMatched) ||
      (rare >= 1 && (strict.own.get(r) ?? 0) >= opts.minClusterOwn)
    );
  };
  // Each cluster's span in the query (its chains that take part in confirming).
  const span = new Map<number, [number, number]>();
  raw.forEach((p, i) => {
    if (amb[i]) return;
    const r = strict.root[i];
    const x = span.get(r);
    if (!x) span.set(r, [p.qs, p.qe]);
    else ((x[0] = Math.min(x[0], p.qs)), (x[1] = Math.max(x[1], p.qe)));
  });
  const judge = (r: number) => {
    const [qs, qe] = span.get(r)!;
    const matched = strict.matched.get(r) ?? 0;
    if (matched < opts.minLooseMatched) return;
    const set = strict.rareAt.get(r);
    const x = set
      ? rivalsOf(
          support,
          [...set].sort((a, b) => a - b),
          doc.id,
        )
      : { rivals: 0 };
    const ratios: number[] = [];
    const held = alignedHolders(chains, doc.id, qs, qe, matched, opts.stockAligned, ratios);
    const top = ratios.reduce((m, v) => Math.max(m, v), 0);
    opts.trace?.('stock?', {
      doc: doc.name,
      span: [qs, qe],
      matched,
      rare: set?.size ?? 0,
      rivals: x.rivals,
      ratios: ratios.sort((a, b) => b - a).slice(0, 4),
    });
    // Rivals are weighed only for clusters with several rare anchors (one anchor's other holders
    // are just its document frequency).
    const byRivals = (set?.size ?? 0) >= opts.minClusterRare && x.rivals >= opts.stockRivals;
    if (byRivals || held >= opts.stockRivals) {
      stockRoot.add(r);
      // This source's own words where the others hold only the template: copied from it as well
      // (counted once the source is confirmed by specific text); so is a cluster no other aligned
      // document holds (stock by its rare anchors' holders only).
      if (held < opts.stockRivals || top * opts.stockDominance <= 1) dominant.add(r);
    }
  };
  // The clusters that could confirm this source are judged first; the others only once it is
  // confirmed (those its looser clusters may take in).
  for (const r of span.keys()) if (wouldConfirm(r)) judge(r);
  const stockPos = new Uint8Array(q.codes.length + 1);
  const dominantOut: [number, number][] = [];
  const markStock = () => {
    raw.forEach((p, i) => {
      if (!chainStock[i]) return;
      stockPos.fill(1, p.qs, p.qe);
      stockOut.push([p.qs, p.qe]);
    });
    raw.forEach((p, i) => {
      if (!stockRoot.has(strict.root[i]) || amb[i]) return;
      stockPos.fill(1, p.qs, p.qe);
      if (wouldConfirm(strict.root[i])) stockOut.push([p.qs, p.qe]);
    });
    raw.forEach((p, i) => {
      if (dominant.has(strict.root[i]) && !amb[i] && !wouldConfirm(strict.root[i])) dominantOut.push([p.qs, p.qe]);
    });
  };
  const keep = new Uint8Array(raw.length);
  raw.forEach((_, i) => {
    if (amb[i] || stockRoot.has(strict.root[i])) return;
    const r = strict.root[i];
    const rare = strict.rare.get(r) ?? 0;
    if (
      (rare >= opts.minClusterRare && (strict.matched.get(r) ?? 0) >= opts.minClusterMatched) ||
      (rare >= 1 && (strict.own.get(r) ?? 0) >= opts.minClusterOwn)
    )
      keep[i] = 1;
  });
  if (!keep.some((x) => x)) {
    opts.trace?.('reject', {
      doc: doc.name,
      why: stockRoot.size ? 'stock' : 'no strict cluster',
      chains: raw.length,
      clusters: [...strict.matched.entries()]
        .filter(([r]) => (strict.rare.get(r) ?? 0) > 0 || (strict.own.get(r) ?? 0) > 40)
        .map(([r, m]) => [m, strict.rare.get(r) ?? 0, Math.round(strict.own.get(r) ?? 0), stockRoot.has(r)]),
    });
    markStock();
    return { match: null, stock: stockOut, raw };
  }
  for (const r of span.keys()) if ((strict.rare.get(r) ?? 0) >= 1 && !wouldConfirm(r)) judge(r);
  markStock();
  // Stock chains take no part in confirming the looser clusters either (their anchors are no evidence).
  raw.forEach((_, i) => {
    if (stockRoot.has(strict.root[i]) && !dominant.has(strict.root[i])) amb[i] = 1;
  });
  const loose = cluster(opts.neighbourhood, opts.neighbourhoodSource, false);
  raw.forEach((_, i) => {
    const r = loose.root[i];
    if ((loose.rare.get(r) ?? 0) >= 1 && (loose.matched.get(r) ?? 0) >= opts.minLooseMatched) keep[i] = 1;
  });
  // A stock passage is copied from this source as well only where it matches this source clearly
  // better than every other document (its very words, not the template's): shown as both.
  raw.forEach((_, i) => {
    if (stockRoot.has(strict.root[i])) keep[i] = dominant.has(strict.root[i]) && !amb[i] ? 1 : 0;
    if (chainStock[i]) keep[i] = keep[i] && chainDominant[i] ? 1 : 0;
  });
  stockOut.push(...dominantOut);
  const accepted: (RawPassage & { rare: number })[] = [];
  raw.forEach((p, i) => {
    if (keep[i]) accepted.push({ ...p, rare: rareOf[i] });
  });
  accepted.sort((x, y) => x.qs - y.qs);
  // Merge passages separated by small gaps on both sides (edits that broke a chain).
  const merged: (RawPassage & { rare: number })[] = [];
  for (const p of accepted) {
    const last = merged[merged.length - 1];
    if (last && p.qs - last.qe <= opts.mergeGap && p.ss - last.se <= opts.mergeGap * 2 && p.ss >= last.ss) {
      last.matched += p.matched;
      last.qe = Math.max(last.qe, p.qe);
      last.se = Math.max(last.se, p.se);
      last.rare += p.rare;
    } else merged.push({ ...p });
  }
  const n = q.codes.length;
  const covered = new Uint8Array(n);
  for (const p of merged) covered.fill(1, p.qs, p.qe);
  // Evidence: distinct rare anchors inside the accepted passages.
  let evidence = 0;
  let strong = 0;
  for (let k = 0; k < rareHits.length; k++) {
    const h = rareHits[k];
    if (
      (k === 0 || h !== rareHits[k - 1]) &&
      covered[h] &&
      covered[Math.min(n - 1, h + ANCHOR_K - 1)] &&
      !stockPos[h]
    ) {
      evidence++;
      if ((dfAt.get(h) ?? Infinity) <= opts.strongCap) strong++;
    }
  }
  let own = 0;
  raw.forEach((_, i) => {
    if (keep[i] && !amb[i]) own += ownOf[i];
  });
  const enough = evidence >= opts.minEvidence || (evidence >= opts.minEvidenceWithOwn && own >= opts.minOwnEvidence);
  if (!enough || strong < opts.minStrongEvidence) {
    opts.trace?.('reject', { doc: doc.name, why: 'evidence', evidence, strong, own: Math.round(own) });
    return { match: null, stock: stockOut, raw };
  }
  const longest = merged.reduce((m, p) => Math.max(m, p.qe - p.qs), 0);
  if (longest < opts.minLongest) return { match: null, stock: stockOut, raw };
  let c = 0;
  let cNon = 0;
  let non = 0;
  for (let i = 0; i < n; i++) {
    c += covered[i];
    if (!official[i]) {
      non++;
      cNon += covered[i];
    }
  }
  const coverage = n ? c / n : 0;
  if (coverage < opts.minCoverage) return { match: null, stock: stockOut, raw };
  const passages: Passage[] = merged.map((p) => ({
    q: [q.pos[p.qs], q.pos[p.qe - 1] + 1],
    s: [s.pos[p.ss], s.pos[p.se - 1] + 1],
    qn: [p.qs, p.qe],
    sn: [p.ss, p.se],
    matched: p.matched,
  }));
  return {
    match: {
      id: doc.name,
      label: labelOf(doc.meta, query),
      meta: doc.meta,
      score: non ? cNon / non : coverage,
      coverage,
      longest,
      passages,
    },
    stock: stockOut,
    raw,
  };
}
