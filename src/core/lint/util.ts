/** Small helpers shared by the rules: sentences with offsets, where an offset lies, normalization. */
import type { Material, Span } from '../material/model.js';
import type { FindingPart } from './types.js';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const SENT_END = /[。！？!?；;\n]/;

/** Sentences of `text[span)` (ending at 。！？；or a line break), with absolute offsets, trimmed. */
export function sentences(text: string, span: Span): Sentence[] {
  const out: Sentence[] = [];
  let a = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i === span.end || SENT_END.test(text[i])) {
      const b = i < span.end && text[i] !== '\n' ? i + 1 : i;
      let s = a;
      while (s < b && /\s/.test(text[s])) s++;
      if (b > s) out.push({ start: s, end: b, text: text.slice(s, b) });
      a = i + 1;
    }
  }
  return out;
}

/** The part and item an offset falls in. */
export function locate(m: Material, at: number): { part: FindingPart; item: number | null } {
  const inside = (s: Span) => at >= s.start && at < Math.max(s.end, s.start + 1);
  for (let i = 0; i < m.problems.length; i++) if (inside(m.problems[i].span)) return { part: 'problems', item: i };
  for (let i = 0; i < m.causes.length; i++) if (inside(m.causes[i].span)) return { part: 'causes', item: i };
  for (let i = 0; i < m.measures.length; i++) if (inside(m.measures[i].span)) return { part: 'measures', item: i };
  if (m.titleSpan.end > m.titleSpan.start && inside(m.titleSpan)) return { part: 'title', item: null };
  if (m.closingSpan.end > m.closingSpan.start && at >= m.closingSpan.start) return { part: 'closing', item: null };
  for (const p of m.parts) if (inside(p.span)) return { part: p.kind, item: null };
  return { part: 'preface', item: null };
}

/** Text reduced to CJK characters, letters and digits, with the offset of each kept character. */
export interface Normalized {
  text: string;
  at: number[];
}

/** CJK ideographs, ASCII letters, digits and underscore: what `norm` keeps. */
export function keep(c: number): boolean {
  return (
    (c >= 0x3400 && c <= 0x9fff) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
  );
}

export function normalize(text: string, from = 0, to = text.length): Normalized {
  const parts: string[] = [];
  const at: number[] = [];
  let runStart = -1;
  for (let i = from; i < to; i++) {
    if (keep(text.charCodeAt(i))) {
      if (runStart < 0) runStart = i;
      at.push(i);
    } else if (runStart >= 0) {
      parts.push(text.slice(runStart, i));
      runStart = -1;
    }
  }
  if (runStart >= 0) parts.push(text.slice(runStart, to));
  return { text: parts.join(''), at };
}

/**
 * A character pair as a small integer (kept within V8's small-integer range, so sets and maps of
 * them stay fast). Rare collisions are harmless: callers verify or only count.
 */
export function pairCode(s: string, i: number): number {
  return ((s.charCodeAt(i) & 0x7fff) << 15) | (s.charCodeAt(i + 1) & 0x7fff);
}

/** Character bigrams of a normalized string as numbers (fast set operations). */
export function bigramCodes(s: string): Set<number> {
  const g = new Set<number>();
  for (let i = 0; i + 1 < s.length; i++) g.add(pairCode(s, i));
  return g;
}

/** Plain normalized string (no offsets), for comparisons. */
export function norm(s: string): string {
  return s.replace(/[^\u3400-\u9fff\w]/g, '');
}

/** Character n-grams of a string as a set. */
export function grams(s: string, n: number): Set<string> {
  const g = new Set<string>();
  for (let i = 0; i + n <= s.length; i++) g.add(s.slice(i, i + n));
  return g;
}

export function clip(s: string, n = 16): string {
  const t = s.replace(/\s+/g, '');
  return t.length > n ? t.slice(0, n) + '…' : t;
}

/** The year a material is about: its title's year, else null. */
export function yearOf(m: Material): number | null {
  const y = /(20\d\d)\s*年/.exec(m.title);
  return y ? +y[1] : null;
}

/** Whether a material is an individual's or the leadership group's, from its own words. */
export function inferKind(m: Material): '个人' | '班子' | null {
  if (/班子/.test(m.title) && !/个人|成员/.test(m.title)) return '班子';
  if (/个人|本人|发言提纲|党员|检视剖析/.test(m.title)) return '个人';
  const head = m.preface + m.problems.map((p) => p.text).join('');
  const self = (head.match(/我(?![们国省市县区局厅委办部院所校])|本人|自己/g) ?? []).length;
  const group = (head.match(/我们|班子|我局|我单位/g) ?? []).length;
  if (self >= 3 && self > group) return '个人';
  if (group >= 3 && group > self * 2) return '班子';
  return null;
}
