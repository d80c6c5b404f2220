/**
 * Normalization for matching. Two copies of one text must give the same character stream whatever
 * their width (全角/半角), punctuation, whitespace, script (繁体/简体) and the artifacts a template
 * site inserts (watermarks, paywall markers). The stream keeps only content characters — CJK
 * ideographs, letters (lower case) and digits — and, for every one of them, its offset in the
 * original text, so that passages found in the stream point back into the file.
 *
 * Artifacts are found by the document cleaner (`cleanText`) and masked in the raw text rather than
 * cut out, which keeps offsets into the raw file valid.
 */
import { cleanText } from '../text/clean.js';
import { T2S_FROM, T2S_TO } from './t2s-data.js';

let TABLE: Uint16Array | null = null;

/** code unit → normalized code unit, 0 = not a content character. Built once (128 KB). */
function table(): Uint16Array {
  if (TABLE) return TABLE;
  const t = new Uint16Array(0x10000);
  for (let c = 0x30; c <= 0x39; c++) t[c] = c;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = c + 0x20;
  // Full-width digits and letters → ASCII.
  for (let c = 0xff10; c <= 0xff19; c++) t[c] = c - 0xff10 + 0x30;
  for (let c = 0xff21; c <= 0xff3a; c++) t[c] = c - 0xff21 + 0x61;
  for (let c = 0xff41; c <= 0xff5a; c++) t[c] = c - 0xff41 + 0x61;
  // CJK ideographs (Ext. A, URO, compatibility).
  for (let c = 0x3400; c <= 0x4dbf; c++) t[c] = c;
  for (let c = 0x4e00; c <= 0x9fff; c++) t[c] = c;
  for (let c = 0xf900; c <= 0xfaff; c++) t[c] = c;
  t[0x3007] = 0x3007; // 〇
  for (let i = 0; i < T2S_FROM.length; i++) t[T2S_FROM.charCodeAt(i)] = T2S_TO.charCodeAt(i);
  TABLE = t;
  return t;
}

/** A text in matching form. `pos[i]` is the offset in the raw text of normalized character `i`. */
export interface Normalized {
  /** Normalized character codes. */
  codes: Uint16Array;
  /** Offset (UTF-16 code unit) in the raw text of each normalized character. */
  pos: Uint32Array;
  /** Length of the raw text (so that spans can end at it). */
  rawLength: number;
}

/** Half-open ranges `[start, end)` of the raw text to ignore, sorted and disjoint. */
export type Mask = [number, number][];

/**
 * Normalize `raw`, skipping masked ranges.
 *
 * @example normalize('理论学习（一）ＡＢ，學習').codes → 理论学习一ab学习
 */
export function normalize(raw: string, mask: Mask = []): Normalized {
  const t = table();
  const n = raw.length;
  const codes = new Uint16Array(n);
  const pos = new Uint32Array(n);
  let m = 0;
  let mi = 0;
  for (let i = 0; i < n; i++) {
    while (mi < mask.length && mask[mi][1] <= i) mi++;
    if (mi < mask.length && i >= mask[mi][0]) {
      i = mask[mi][1] - 1;
      continue;
    }
    const c = t[raw.charCodeAt(i)];
    if (c) {
      codes[m] = c;
      pos[m++] = i;
    }
  }
  return { codes: codes.slice(0, m), pos: pos.slice(0, m), rawLength: n };
}

/** The normalized characters as a string (for tests and display). */
export function normalizedString(x: Normalized): string {
  let s = '';
  for (let i = 0; i < x.codes.length; i += 4096) s += String.fromCharCode(...x.codes.subarray(i, i + 4096));
  return s;
}

/** Normalize a short phrase to its matching form (no offsets). */
export function normalizePhrase(s: string): string {
  const t = table();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = t[s.charCodeAt(i)];
    if (c) out += String.fromCharCode(c);
  }
  return out;
}

function addAll(raw: string, needle: string, out: Mask) {
  if (!needle) return;
  for (let j = raw.indexOf(needle); j >= 0; j = raw.indexOf(needle, j + needle.length))
    out.push([j, j + needle.length]);
}

function mergeMask(m: Mask): Mask {
  m.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Mask = [];
  for (const r of m) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * The ranges of `raw` that the document cleaner removes as artifacts: watermark phrases, paywall
 * markers, advertisement and page-furniture lines, markup. Everything else is content.
 */
export function artifactMask(raw: string): Mask {
  const { removed } = cleanText(raw);
  const out: Mask = [];
  for (const r of removed) {
    switch (r.kind) {
      case 'watermark':
      case 'paywall':
        addAll(raw, r.text, out);
        break;
      case 'advertisement':
      case 'page-furniture':
        // Whole lines; only where the line holds nothing else.
        for (let j = raw.indexOf(r.text); j >= 0; j = raw.indexOf(r.text, j + r.text.length)) {
          const ls = raw.lastIndexOf('\n', j - 1) + 1;
          const le0 = raw.indexOf('\n', j);
          const le = le0 < 0 ? raw.length : le0;
          if (raw.slice(ls, j).trim() === '' && raw.slice(j + r.text.length, le).trim() === '')
            out.push([j, j + r.text.length]);
        }
        break;
      case 'markup':
        for (const mm of raw.matchAll(/<\/?[a-zA-Z][^<>]{0,500}>|&(?:#\d{1,6}|#x[0-9a-f]{1,5}|[a-z]{2,8});/gi))
          out.push([mm.index!, mm.index! + mm[0].length]);
        break;
      case 'line-break':
        break;
    }
  }
  return mergeMask(out);
}

/** Clean-aware normalization of a raw file text: artifacts masked, offsets into `raw`. */
export function prepare(raw: string): { norm: Normalized; mask: Mask } {
  const mask = artifactMask(raw);
  return { norm: normalize(raw, mask), mask };
}
