/**
 * The cleaning promise, as a check: the cleaned text is the input minus what `removed` reports.
 *
 * Both texts are compared in a folded form (whitespace and line breaks dropped, full-width digits
 * and letters as ASCII, Markdown heading marks and the bold of our own export dropped), because
 * joining broken lines and normalising spaces is not removal. The input is aligned with the
 * cleaned text; every run of input characters missing from the cleaned text must consist of
 * reported removals (their text, as often as reported) plus at most a few delimiters around them
 * (a watermark takes one comma with it). Inserted characters may only be the full stop that ends
 * a line whose trailing advertisement clause was cut.
 *
 * HTML markup is counted, not listed, in `removed`; pass the input after `stripMarkup`.
 */
import type { Removal } from '../material/model.js';

const DELIMS = /^[，,、；;。：:！？!?“”"‘’（）()…—\-|｜丨·•]*$/;

export function fold(s: string): string {
  return s
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^[ \t\u3000]*#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t\u3000]*\*\*([^*\n]{1,200}?)\*\*/gm, (m, x: string) => (/[。：:！？!?]$/.test(x) ? x : m))
    .replace(/\*\*$/gm, '')
    .replace(/[\s\u3000\u00a0]+/g, '');
}

export interface InvariantReport {
  ok: boolean;
  /** Runs of input text missing from the cleaned text that no removal explains. */
  unexplained: string[];
  /** Characters in the cleaned text that are not in the input. */
  inserted: string[];
}

export function checkRemovals(input: string, cleaned: string, removed: readonly Removal[]): InvariantReport {
  const a = fold(input);
  const b = fold(cleaned);
  // Exactly: delete each reported removal (as often as reported, first occurrences) from the input.
  let rest = a;
  for (const r of removed) {
    const n = fold(r.text);
    if (!n || r.kind === 'markup' || r.kind === 'line-break') continue;
    for (let k = 0; k < Math.max(1, r.count); k++) {
      const at = rest.indexOf(n);
      if (at < 0) break;
      rest = rest.slice(0, at) + rest.slice(at + n.length);
    }
  }
  if (rest === b) return { ok: true, unexplained: [], inserted: [] };
  // Else align (watermarks take a delimiter with them, a cut advertisement clause leaves a full stop).
  return align(a, b, removed);
}

function align(a: string, b: string, removed: readonly Removal[]): InvariantReport {
  const deleted: string[] = [];
  const inserted: string[] = [];
  let i = 0;
  let j = 0;
  const ANCHOR = 10;
  while (j < b.length) {
    if (i < a.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const anchor = b.slice(j, j + ANCHOR);
    const k = a.indexOf(anchor, i);
    if (k < 0) {
      inserted.push(b[j]);
      j++;
      continue;
    }
    deleted.push(a.slice(i, k));
    i = k;
  }
  if (i < a.length) deleted.push(a.slice(i));
  const texts = removed
    .filter((r) => r.kind !== 'markup' && r.kind !== 'line-break')
    .map((r) => fold(r.text))
    .filter(Boolean)
    .sort((x, y) => y.length - x.length);
  const unexplained: string[] = [];
  for (const d of deleted) {
    let left = d;
    for (const r of texts) if (left.includes(r)) left = left.split(r).join('\u0000');
    const rest = left.replace(/\u0000/g, '');
    const pieces = left.split('\u0000').length - 1;
    if (!rest) continue;
    if (DELIMS.test(rest) && rest.length <= Math.max(2, pieces + 1)) continue;
    unexplained.push(d);
  }
  const badInserted = inserted.filter((c) => c !== '。');
  return { ok: unexplained.length === 0 && badInserted.length === 0, unexplained, inserted: badInserted };
}
