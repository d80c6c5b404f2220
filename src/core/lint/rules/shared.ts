/** Helpers used by several rules. */
import type { Material, PartKind, Span } from '../../material/model.js';

/** The first line of a part (its heading), or the start of the preface / text when absent. */
export function partHeading(m: Material, kind: PartKind): Span {
  const p = m.parts.find((x) => x.kind === kind);
  if (!p)
    return m.titleSpan.end > m.titleSpan.start ? { ...m.titleSpan } : { start: 0, end: Math.min(m.text.length, 1) };
  return lineAt(m.text, p.span.start);
}

/** The line that holds `at`. */
export function lineAt(text: string, at: number): Span {
  let s = at;
  while (s > 0 && text[s - 1] !== '\n') s--;
  let e = text.indexOf('\n', at);
  if (e < 0) e = text.length;
  return { start: s, end: e };
}

/** The heading of an item, or its first 20 characters. */
export function itemHead(text: string, it: { span: Span; headingSpan: Span }): Span {
  if (it.headingSpan.end > it.headingSpan.start) return { ...it.headingSpan };
  const e = Math.min(it.span.end, it.span.start + 20);
  return { start: it.span.start, end: Math.max(e, it.span.start) };
}

/** First match of `re` inside `text[span)`, as an absolute span. */
export function findIn(text: string, span: Span, re: RegExp): (Span & { match: RegExpExecArray }) | null {
  const seg = text.slice(span.start, span.end);
  const m = re.exec(seg);
  if (!m) return null;
  return { start: span.start + m.index, end: span.start + m.index + m[0].length, match: m };
}
