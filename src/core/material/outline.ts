/**
 * Numbering of Chinese documents: 一、 （一） 1. （1） ① and the run-in 一是/二是, 首先/其次/最后.
 * `markerAt(s)` reads the marker at the start of a paragraph; `inlineEnumeration(s)` finds a
 * run of 一是…二是… (or 首先…其次…最后) inside a paragraph.
 */
import { CN_NUMERALS, fromChineseNumeral, fromCircled, MARKER_SOURCES } from '../text/numerals.js';

/** 'shi': 一是/二是; 'yao': 一要/二要 (the measures of a short 发言提纲); 'seq': 首先/其次; 'di': 第一，. */
export type MarkerStyle = 'cn' | 'pcn' | 'ar' | 'par' | 'circ' | 'shi' | 'yao' | 'seq' | 'di';

export interface Marker {
  style: MarkerStyle;
  /** Ordinal (1-based); 首先 = 1, 其次 = 2, 再次 = 3, 最后 = 99. */
  n: number;
  /** Characters of the marker including trailing punctuation/space. */
  length: number;
}

/** Block styles: numbering that starts a paragraph of its own. Ordered from the highest level. */
export const BLOCK_STYLES: MarkerStyle[] = ['cn', 'pcn', 'ar', 'par', 'circ'];

const cn = (m: RegExpExecArray) => fromChineseNumeral(m[1]);
/** Each style's marker (from the one list in text/numerals.ts) and the punctuation that may follow it. */
const RULES: { style: MarkerStyle; re: RegExp; n: (m: RegExpExecArray) => number }[] = [
  { style: 'cn', re: new RegExp(`^${MARKER_SOURCES.part}[、：:．.\\s]*`), n: cn },
  { style: 'pcn', re: new RegExp(`^${MARKER_SOURCES.pcn}[、.．:：\\s]*`), n: cn },
  { style: 'cn', re: new RegExp(`^${MARKER_SOURCES.cn}\\s*`), n: cn },
  { style: 'par', re: new RegExp(`^${MARKER_SOURCES.par}[、.．:：\\s]*`), n: (m) => Number(m[1]) },
  { style: 'ar', re: new RegExp(`^${MARKER_SOURCES.ar}\\s*`), n: (m) => Number(m[1]) },
  { style: 'circ', re: new RegExp(`^${MARKER_SOURCES.circ}[、.．\\s]*`), n: (m) => fromCircled(m[1]) },
  { style: 'shi', re: new RegExp(`^${MARKER_SOURCES.shi}[，,、：:]?`), n: cn },
  { style: 'yao', re: new RegExp(`^${MARKER_SOURCES.yao}[，,、：:]?`), n: cn },
  { style: 'di', re: new RegExp(`^${MARKER_SOURCES.di}[，,、：:]`), n: cn },
  {
    style: 'seq',
    re: new RegExp(`^${MARKER_SOURCES.seq}[，,、：:]`),
    n: (m) => ({ 首先: 1, 其次: 2, 再次: 3, 最后: 99 })[m[1] as '首先'] ?? 99,
  },
];

export function markerAt(s: string): Marker | null {
  for (const r of RULES) {
    const m = r.re.exec(s);
    if (m) {
      const n = r.n(m);
      if (!Number.isFinite(n) || n <= 0) continue;
      // "一、" must be followed by something; a bare numeral line is page furniture, not a heading.
      if (m[0].length >= s.length && r.style !== 'cn' && r.style !== 'pcn') continue;
      return { style: r.style, n, length: m[0].length };
    }
  }
  return null;
}

export interface InlineItem {
  /** Offset of the marker (一是) in the string. */
  start: number;
  /** Offset just after the marker and its punctuation. */
  bodyStart: number;
  n: number;
}

const INLINE = new RegExp(
  `(?:^|[。；;！？!?\\n：:，,])\\s*((?:([${CN_NUMERALS}]{1,3})(是|要(?![求素件点闻]))|${MARKER_SOURCES.seq}|第([${CN_NUMERALS}]{1,3}))[，,、：:]?)`,
  'g',
);

/**
 * Find an enumeration 一是…二是…三是… (or 首先/其次/最后, 第一/第二) inside a text. Returns the
 * items of the first consistent run starting at 1 (or, at the very start of the text, at the number
 * it opens with: a page cut at 三是), or [] when there are fewer than two.
 */
export function inlineEnumeration(s: string): InlineItem[] {
  const found: (InlineItem & { kind: string })[] = [];
  INLINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INLINE.exec(s))) {
    const markStart = m.index + m[0].length - m[1].length;
    let n: number;
    let kind: string;
    if (m[2]) {
      n = fromChineseNumeral(m[2]);
      kind = m[3] === '是' ? 'shi' : 'yao';
    } else if (m[4]) {
      n = ({ 首先: 1, 其次: 2, 再次: 3, 最后: 99 } as Record<string, number>)[m[4]];
      kind = 'seq';
    } else {
      n = fromChineseNumeral(m[5]);
      kind = 'di';
      // 第一 must be followed by punctuation to be an enumerator, not "第一身份".
      if (!/[，,、：:]$/.test(m[1])) continue;
    }
    found.push({ start: markStart, bodyStart: markStart + m[1].length, n, kind });
    if (m[0].length === 0) INLINE.lastIndex++;
  }
  for (const kind of ['shi', 'yao', 'di', 'seq']) {
    const run: InlineItem[] = [];
    for (const f of found) {
      if (f.kind !== kind) continue;
      const expected = run.length + 1;
      if (f.n === expected || (kind === 'seq' && f.n === 99 && run.length >= 1))
        run.push({ start: f.start, bodyStart: f.bodyStart, n: f.n });
      else if (f.n === 1 && run.length < 2) {
        run.length = 0;
        run.push({ start: f.start, bodyStart: f.bodyStart, n: 1 });
      }
      if (kind === 'seq' && f.n === 99 && run.length >= 2) break;
    }
    if (run.length >= 2) return run;
  }
  // A page cut mid-way: a run that opens the text at 三是 and goes on 四是, 五是….
  const head = found[0];
  if (head && head.n > 1 && head.n < 99 && /^\s*$/.test(s.slice(0, head.start))) {
    const run: InlineItem[] = [];
    for (const f of found)
      if (f.kind === head.kind && f.n === head.n + run.length)
        run.push({ start: f.start, bodyStart: f.bodyStart, n: f.n });
    if (run.length >= 2) return run;
  }
  return [];
}
