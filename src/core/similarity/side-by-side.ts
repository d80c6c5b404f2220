/**
 * Matched passages side by side: each passage of a source as the material has it (left) and as the
 * source has it (right), with a little context, the characters both hold marked, and stock phrasing
 * (常见套话) marked as such. Pure: the caller decides whether the source's text may be shown at all
 * (`source` null: the left side only).
 *
 *   sideBySide(material, source, match.passages, result.stock, matchIndex)
 *     → [{ left: { before, text, after, same: [[0, 12], [14, 40]] }, right: {…}, stock: null }, …]
 */
import type { Passage, StockPassage } from './engine.js';

export interface Excerpt {
  /** Context before the passage (up to CONTEXT characters, from the line start at most). */
  before: string;
  text: string;
  after: string;
  /** Ranges `[start, end)` of `text` that the other side holds character for character. */
  same: [number, number][];
  /** The passage's range in the whole text. */
  range: [number, number];
}

export interface SidePassage {
  left: Excerpt;
  /** Null when the viewer may not read the source. */
  right: Excerpt | null;
  /** Exactly matched characters (the rest are small edits). */
  matched: number;
  /** Set when the passage lies (mostly) in stock phrasing: about how many stored materials hold it. */
  stock: { support: number } | null;
}

export const CONTEXT = 40;
/** At most this many characters of one passage are shown on each side (a whole copied material is one passage). */
export const MAX_PASSAGE_CHARS = 4000;

/**
 * Runs both strings hold in the same order: seeds of 4 equal characters, extended as far as they go,
 * taken left to right (a copy with a few words changed is a chain of such runs). Linear time.
 */
export function commonRuns(a: string, b: string, seed = 4): { a: [number, number]; b: [number, number] }[] {
  const grams = new Map<string, number[]>();
  for (let j = 0; j + seed <= b.length; j++) {
    const g = b.slice(j, j + seed);
    const list = grams.get(g);
    if (list) list.push(j);
    else grams.set(g, [j]);
  }
  const runs: { a: [number, number]; b: [number, number] }[] = [];
  let j = 0;
  for (let i = 0; i + seed <= a.length;) {
    const list = grams.get(a.slice(i, i + seed));
    const p = list?.find((x) => x >= j);
    if (p === undefined) {
      i++;
      continue;
    }
    let n = seed;
    while (i + n < a.length && p + n < b.length && a[i + n] === b[p + n]) n++;
    runs.push({ a: [i, i + n], b: [p, p + n] });
    i += n;
    j = p + n;
  }
  return runs;
}

function excerpt(text: string, [s, e]: [number, number]): Excerpt {
  const start = Math.max(0, Math.min(s, text.length));
  const end = Math.max(start, Math.min(e, text.length, start + MAX_PASSAGE_CHARS));
  let from = Math.max(0, start - CONTEXT);
  const nl = text.lastIndexOf('\n', start - 1);
  if (nl >= from) from = nl + 1;
  let to = Math.min(text.length, end + CONTEXT);
  const nl2 = text.indexOf('\n', end);
  if (nl2 >= 0 && nl2 < to) to = nl2;
  return {
    before: text.slice(from, start),
    text: text.slice(start, end),
    after: text.slice(end, to),
    same: [],
    range: [start, end],
  };
}

/** Characters of `[s, e)` inside the union of `ranges`. */
function overlap([s, e]: [number, number], ranges: readonly [number, number][]): number {
  let n = 0;
  for (const [a, b] of ranges) n += Math.max(0, Math.min(e, b) - Math.max(s, a));
  return n;
}

/**
 * The passages of source number `matchIndex`: left from the material's text, right from the
 * source's (when it may be shown). A passage is marked stock when stock passages cover at least half
 * of it; its support is the largest of theirs.
 */
export function sideBySide(
  material: string,
  source: string | null,
  passages: readonly Pick<Passage, 'q' | 's' | 'matched'>[],
  stock: readonly StockPassage[],
): SidePassage[] {
  return [...passages]
    .sort((x, y) => x.q[0] - y.q[0])
    .map((p) => {
      const left = excerpt(material, p.q);
      const right = source === null ? null : excerpt(source, p.s);
      if (right) {
        const runs = commonRuns(left.text, right.text);
        left.same = runs.map((r) => r.a);
        right.same = runs.map((r) => r.b);
      }
      const inStock = stock.filter((t) => overlap(p.q, [t.q]) > 0);
      const covered = overlap(
        p.q,
        inStock.map((t) => t.q),
      );
      const len = Math.max(1, p.q[1] - p.q[0]);
      return {
        left,
        right,
        matched: p.matched,
        stock: covered * 2 >= len ? { support: Math.max(...inStock.map((t) => t.support)) } : null,
      };
    });
}
