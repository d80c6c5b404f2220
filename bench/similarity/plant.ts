/**
 * Planted copies for the 查重 benchmark: every kind the issue lists, each with its ground truth
 * (true sources and the fraction of the query's content characters copied from each).
 */
import * as OpenCC from 'opencc-js';
import { corpusDoc, stockMaterial } from './stock.js';
import {
  clone,
  material,
  pick,
  rng,
  SYNONYMS,
  truthCoverage,
  render,
  type Doc,
  type Para,
  type Rng,
  type Sentence,
} from './generate.js';

export const KINDS = [
  'exact',
  'watermark',
  'noise',
  'swap10',
  'swap20',
  'swap30',
  'reorder',
  'section',
  'mixture',
  'combined',
  'negative',
  // Kinds added with stock paragraphs (appended, so the old kinds keep their query ids).
  'copy+stock',
  'mixture2',
  'stock-negative',
] as const;
export type Kind = (typeof KINDS)[number];

/** Independent materials (no source): reported at all is a false report. */
export const NEGATIVE_KINDS: readonly Kind[] = ['negative', 'stock-negative'];
/** Queries per kind: negatives three times as many as the copy kinds. */
export const perKind = (k: Kind, per: number) => (NEGATIVE_KINDS.includes(k) ? per * 3 : per);

export interface Query {
  name: string;
  kind: Kind;
  text: string;
  /** True sources (stored ids) with their true coverage. */
  truth: { id: number; coverage: number }[];
}

const toTrad = OpenCC.Converter({ from: 'cn', to: 'tw' });
const WATERMARKS = ['稿子铺整理', '范文网整理', '文秘帮原创', '笔杆子文库', '公文素材库'];

function newTitle(doc: Doc, r: Rng): void {
  doc[0].paras[0].sentences = [
    { text: `${2020 + Math.floor(r() * 6)}年度专题民主生活会发言提纲（${Math.floor(r() * 1000)}）`, from: null },
  ];
}

function eachSentence(doc: Doc, f: (s: Sentence, p: Para) => void) {
  for (const s of doc) for (const p of s.paras) for (const x of p.sentences) f(x, p);
}

function watermark(doc: Doc, r: Rng): void {
  const w = pick(r, WATERMARKS);
  const paras = doc.flatMap((s) => s.paras.filter((p) => !p.heading));
  for (let k = 0; k < 3 + Math.floor(r() * 4); k++) {
    const p = pick(r, paras);
    const i = Math.floor(r() * p.sentences.length);
    const s = p.sentences[i];
    const c = s.text.indexOf('，');
    if (c < 0) continue;
    p.sentences.splice(
      i,
      1,
      { text: s.text.slice(0, c + 1), from: s.from },
      { text: w + '，', from: null },
      { text: s.text.slice(c + 1), from: s.from },
    );
  }
  const p = pick(r, paras);
  p.sentences.splice(Math.floor(r() * p.sentences.length), 0, { text: '##paidbegin##', from: null });
  const last = doc[doc.length - 1];
  last.paras.push({ sentences: [{ text: '##paidend##', from: null }] });
}

const FW = '０１２３４５６７８９';
function noise(doc: Doc, r: Rng): void {
  eachSentence(doc, (s) => {
    let t = s.text;
    if (r() < 0.5) t = t.replace(/，/g, () => (r() < 0.5 ? ', ' : '，'));
    if (r() < 0.3) t = t.replace(/。/g, '. ');
    if (r() < 0.5) t = t.replace(/\d/g, (d) => FW[+d]);
    if (r() < 0.3) t = t.replace(/(.{6})/g, (m) => (r() < 0.2 ? m + ' ' : m));
    if (r() < 0.2) t = toTrad(t);
    if (r() < 0.1) t = t.replace(/“|”/g, '"');
    s.text = t;
  });
  // Random hard line breaks inside paragraphs.
  for (const sec of doc)
    for (const p of sec.paras) if (!p.heading && r() < 0.2 && p.sentences.length > 1) p.sentences[0].text += '\n';
}

const SYN = new Map<string, string>();
for (const [a, b] of SYNONYMS) {
  SYN.set(a, b);
  SYN.set(b, a);
}
const SYN_WORDS = [...SYN.keys()];
const FILLER = ['相关', '有关', '各项', '具体', '实际', '一定', '各类', '重点', '主要', '必要'];

/** Replace about `rate` of the words (synonym where known, else a filler word) of copied sentences. */
export function swapWords(text: string, rate: number, r: Rng): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    let w = '';
    for (let L = 3; L >= 2; L--) {
      const cand = text.slice(i, i + L);
      if (SYN.has(cand)) {
        w = cand;
        break;
      }
    }
    const isHan = /\p{Script=Han}/u.test(text[i]);
    if (!w) w = isHan && i + 1 < text.length && /\p{Script=Han}/u.test(text[i + 1]) ? text.slice(i, i + 2) : text[i];
    if (/\p{Script=Han}/u.test(w[0]) && r() < rate)
      out += SYN.get(w) ?? (r() < 0.5 ? pick(r, FILLER) : pick(r, SYN_WORDS));
    else out += w;
    i += w.length;
  }
  return out;
}

function swaps(doc: Doc, rate: number, r: Rng): void {
  eachSentence(doc, (s, p) => {
    if (s.from !== null && !p.heading) s.text = swapWords(s.text, rate, r);
  });
}

function shuffle<T>(xs: T[], r: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Shuffle sentences inside paragraphs and the order of the problem sub-sections and causes. */
function reorder(doc: Doc, r: Rng): void {
  for (const s of doc) for (const p of s.paras) if (!p.heading && p.sentences.length > 1) shuffle(p.sentences, r);
  for (const s of doc) {
    if (s.kind === 'title' || s.kind === 'preface') continue;
    const head = s.paras[0];
    const groups: Para[][] = [];
    for (const p of s.paras.slice(1)) {
      if (p.heading || !groups.length) groups.push([p]);
      else groups[groups.length - 1].push(p);
    }
    s.paras = [head, ...shuffle(groups, r).flat()];
  }
}

function contentOf(ps: Para[]): number {
  let n = 0;
  for (const p of ps) for (const x of p.sentences) n += x.text.length;
  return n;
}

/** Replace a block of the query's problems/causes with a block of the source of about `frac` of the query. */
function section(
  query: Doc,
  src: Doc,
  srcId: number,
  frac: number,
  r: Rng,
  force?: 'problems' | 'causes' | 'measures',
): void {
  const total = contentOf(query.flatMap((s) => s.paras));
  const paras = (k: string) => src.find((s) => s.kind === k)!.paras.slice(1);
  // Causes when the source's cause section is long enough, else problems.
  const chosen = r() < 0.6 || contentOf(paras('causes')) < frac * total ? 'problems' : 'causes';
  const kind = force ?? chosen;
  const sp = paras(kind);
  // A run of consecutive paragraphs (a sub-heading and what follows) of about `frac` of the query;
  // when the run reaches the section's end it grows backwards, so the block is never short.
  let start = Math.floor(r() * Math.max(1, sp.length - 3));
  let end = start;
  while (end < sp.length && contentOf(sp.slice(start, end)) < frac * total) end++;
  while (start > 0 && contentOf(sp.slice(start, end)) < frac * total) start--;
  const block: Para[] = sp.slice(start, end);
  const qs = query.find((s) => s.kind === kind)!;
  // Remove about as much own text as is inserted, then insert the copied block.
  let removed = 0;
  const want = contentOf(block);
  const at = 1 + Math.floor(r() * Math.max(1, qs.paras.length - 2));
  while (removed < want * 0.8 && qs.paras.length > at + 1) removed += contentOf(qs.paras.splice(at, 1));
  qs.paras.splice(at, 0, ...clone([{ kind, paras: block }], srcId)[0].paras);
}

/**
 * Copied stock paragraphs: `k` of the source's stock paragraphs, verbatim (the source's variant),
 * each replacing the query's own paragraph of the same template or inserted beside the query's
 * stock paragraphs. They are copied text (and also stock).
 */
function copyStock(query: Doc, src: Doc, srcId: number, k: number, r: Rng): void {
  const stock = src.flatMap((s) => s.paras.filter((p) => p.stock !== undefined).map((p) => ({ kind: s.kind, p })));
  for (let i = 0; i < k && stock.length; i++) {
    const { kind, p } = stock.splice(Math.floor(r() * stock.length), 1)[0];
    const qs = query.find((s) => s.kind === kind)!;
    const copied = clone([{ kind, paras: [p] }], srcId)[0].paras[0];
    const at = qs.paras.findIndex((q) => q.stock === p.stock);
    if (at >= 0) qs.paras[at] = copied;
    else qs.paras.splice(1 + Math.floor(r() * qs.paras.length), 0, copied);
  }
}

/**
 * Make query `j` of `kind` against a corpus of `n` materials. `stock`: materials hold stock
 * paragraphs (stock.ts; the default). With `stock = false` the old kinds are exactly those of the
 * generator before stock paragraphs.
 */
export function makeQuery(kind: Kind, j: number, n: number, seed = 1, stock = true): Query {
  const r = rng(2, j, seed);
  const ownId = 10_000_000 + j;
  const name = `q${String(j).padStart(5, '0')}_${kind}`;
  const srcId = Math.floor(r() * n);
  const mat = (id: number) => corpusDoc(id, seed, stock);
  let doc: Doc;
  let sources = [srcId];
  switch (kind) {
    case 'negative':
      doc = mat(ownId);
      sources = [];
      break;
    case 'stock-negative':
      doc = stock ? stockMaterial(ownId, seed, true) : material(ownId, seed);
      sources = [];
      break;
    case 'section':
      doc = mat(ownId);
      section(doc, mat(srcId), srcId, 0.2 + r() * 0.2, r);
      break;
    case 'copy+stock': {
      // A real copy of specific text (a block of the source's problems) in a material full of its
      // own stock paragraphs, plus one or two of the source's stock paragraphs copied verbatim.
      doc = mat(ownId);
      const src = mat(srcId);
      section(doc, src, srcId, 0.2 + r() * 0.2, r, 'problems');
      copyStock(doc, src, srcId, 1 + Math.floor(r() * 2), r);
      break;
    }
    case 'mixture2': {
      // Two sources, each 15–40% of the query (true coverage), plus the query's own text: a block of
      // A's problems and a block of B's causes or measures (whichever is longer).
      let b = Math.floor(r() * n);
      if (b === srcId) b = (b + 1) % n;
      sources = [srcId, b];
      const A = mat(srcId);
      const B = mat(b);
      const len = (d: Doc, k: string) => contentOf(d.find((s) => s.kind === k)!.paras.slice(1));
      const bKind = len(B, 'causes') > len(B, 'measures') ? 'causes' : 'measures';
      for (let attempt = 0; ; attempt++) {
        doc = mat(ownId);
        section(doc, A, srcId, 0.15 + r() * 0.2, r, 'problems');
        section(doc, B, b, 0.15 + r() * 0.2, r, bKind);
        const ca = truthCoverage(doc, srcId);
        const cb = truthCoverage(doc, b);
        if ((ca >= 0.15 && ca <= 0.4 && cb >= 0.15 && cb <= 0.4) || attempt >= 30) break;
      }
      break;
    }
    case 'mixture': {
      let b = Math.floor(r() * n);
      if (b === srcId) b = (b + 1) % n;
      doc = mat(ownId);
      section(doc, mat(srcId), srcId, 0.25 + r() * 0.15, r);
      const a = mat(b);
      const measures = doc.findIndex((s) => s.kind === 'measures');
      doc[measures] = clone([a[4]], b)[0];
      sources = [srcId, b];
      break;
    }
    case 'combined': {
      if (r() < 0.5) {
        doc = clone(mat(srcId), srcId);
        newTitle(doc, r);
      } else {
        doc = mat(ownId);
        section(doc, mat(srcId), srcId, 0.25 + r() * 0.15, r);
      }
      swaps(doc, 0.1 + r() * 0.1, r);
      reorder(doc, r);
      watermark(doc, r);
      noise(doc, r);
      break;
    }
    default: {
      doc = clone(mat(srcId), srcId);
      newTitle(doc, r);
      if (kind === 'watermark') watermark(doc, r);
      if (kind === 'noise') noise(doc, r);
      if (kind === 'swap10') swaps(doc, 0.1, r);
      if (kind === 'swap20') swaps(doc, 0.2, r);
      if (kind === 'swap30') swaps(doc, 0.3, r);
      if (kind === 'reorder') reorder(doc, r);
    }
  }
  return { name, kind, text: render(doc), truth: sources.map((id) => ({ id, coverage: truthCoverage(doc, id) })) };
}
