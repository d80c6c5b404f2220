/**
 * 千人一面: the share of the text made of common formulations — the built-in phrase data, plus,
 * when the server passes it, the document frequency of character grams in the stored corpus.
 * Reports the whole text's share (once, when high) and the densest paragraphs.
 */
import type { RawFinding, Rule } from '../types.js';
import { BOILERPLATE_PHRASES, OFFICIAL_TERMS } from '../phrases.js';
import { locate, norm, pairCode } from '../util.js';

/** Length of the normalized character grams looked up in `ctx.commonPhrases`. */
export const BOILERPLATE_GRAM = 8;
/** A gram found in at least this share of stored materials counts as a common formulation. */
export const COMMON_DF = 0.1;
/** Whole-text share above which the material is reported. */
export const DOC_SHARE = 0.2;
/** Paragraph share above which a paragraph is marked (when long enough). */
export const PARA_SHARE = 0.4;
const PARA_MIN = 40;
const MAX_PARAS = 3;

/** Phrases indexed by their first two characters: one pass over the text finds them all. */
function index(list: readonly string[]): Map<number, string[]> {
  const idx = new Map<number, string[]>();
  for (const p of new Set(list.map(norm))) {
    if (p.length < 3) continue;
    const k = pairCode(p, 0);
    const l = idx.get(k) ?? [];
    l.push(p);
    idx.set(k, l);
  }
  return idx;
}
const PHRASES = index(BOILERPLATE_PHRASES);
const OFFICIAL = index(OFFICIAL_TERMS);

function markAll(s: string, idx: Map<number, string[]>, mark: Uint8Array): void {
  for (let i = 0; i + 2 <= s.length; i++) {
    const l = idx.get(pairCode(s, i));
    if (!l) continue;
    for (const p of l) if (s.startsWith(p, i)) mark.fill(1, i, i + p.length);
  }
}

export interface Density {
  start: number;
  end: number;
  chars: number;
  covered: number;
}

/** Covered / total normalized characters of each body paragraph (title and short headings left out). */
export function densities(text: string, from: number, commonPhrases?: (g: string) => number): Density[] {
  const out: Density[] = [];
  let a = from;
  while (a < text.length) {
    let b = text.indexOf('\n', a);
    if (b < 0) b = text.length;
    const para = norm(text.slice(a, b));
    if (para.length >= 20) {
      const mark = new Uint8Array(para.length);
      const official = new Uint8Array(para.length);
      markAll(para, PHRASES, mark);
      markAll(para, OFFICIAL, official);
      if (commonPhrases) {
        const g = BOILERPLATE_GRAM;
        // Every other start is enough: a common run misses at most one character at each end.
        const last = para.length - g;
        for (let i = 0; i <= last; i = i + 2 > last && i < last ? last : i + 2)
          if (commonPhrases(para.slice(i, i + g)) >= COMMON_DF) mark.fill(1, i, i + g);
      }
      let covered = 0;
      let chars = 0;
      for (let i = 0; i < para.length; i++) {
        if (official[i]) continue;
        chars++;
        if (mark[i]) covered++;
      }
      if (chars > 0) out.push({ start: a, end: b, chars, covered });
    }
    a = b + 1;
  }
  return out;
}

export const boilerplateDensity: Rule = {
  id: 'boilerplate-density',
  title: '套话占比过高',
  severity: 'info',
  why: '审核批评“千人一面”的模板材料：通用套话越多，越看不出本人的问题和思想。请用自己的事例和认识替换套话最密集的段落。',
  check({ material: m, ctx }) {
    const from = m.titleSpan.end > m.titleSpan.start ? m.titleSpan.end : 0;
    const ds = densities(m.text, from, ctx.commonPhrases);
    const total = ds.reduce((s, d) => s + d.chars, 0);
    if (total < 200) return [];
    const share = ds.reduce((s, d) => s + d.covered, 0) / total;
    const dense = ds
      .filter((d) => d.chars >= PARA_MIN && d.covered / d.chars >= PARA_SHARE)
      .sort((x, y) => y.covered / y.chars - x.covered / x.chars)
      .slice(0, MAX_PARAS);
    let rest = dense;
    const out: RawFinding[] = [];
    const pct = (x: number) => Math.round(x * 100);
    if (share >= DOC_SHARE) {
      const worst = dense[0] ?? ds.reduce((w, d) => (d.covered / d.chars > w.covered / w.chars ? d : w));
      out.push({
        message: `全文约${pct(share)}%是常见套话（本段最密集，约${pct(worst.covered / worst.chars)}%）。`,
        severity: 'warning',
        ...locate(m, worst.start),
        start: worst.start,
        end: worst.end,
      });
      rest = dense.filter((d) => d !== worst);
    }
    for (const d of rest)
      out.push({
        message: `本段约${pct(d.covered / d.chars)}%是常见套话。`,
        ...locate(m, d.start),
        start: d.start,
        end: d.end,
      });
    return out;
  },
};
