/**
 * Decode the bytes of a plain-text material, detecting the encoding from the bytes themselves:
 * UTF-8 (with or without BOM), GBK or GB18030 — what Chinese Windows, WPS and web pages produce.
 * Pure (uses only the WHATWG TextDecoder), so it runs in Node and in the browser alike.
 */
import { JianshiError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Encoding } from '../material/model.js';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

function isUtf16Bom(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

/** True when the bytes look like binary data rather than text of any encoding. */
export function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b) || c === 0x7f) control++;
  }
  return n > 0 && control / n > 0.02;
}

/** Whether a GB-encoded buffer uses four-byte GB18030 sequences (characters outside GBK). */
function hasFourByteGb(b: Uint8Array): boolean {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const d = b[i + 1];
    if (d !== undefined && d >= 0x30 && d <= 0x39) return true;
    i += 2;
  }
  return false;
}

/** Share of characters that are plausible in a Chinese document (CJK, ASCII printable, CJK punctuation). */
function plausibility(s: string): number {
  let ok = 0;
  let n = 0;
  for (const ch of s) {
    n++;
    const c = ch.codePointAt(0)!;
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      (c >= 0x3400 && c <= 0x9fff) ||
      (c >= 0x20000 && c <= 0x3ffff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2010 && c <= 0x2027) ||
      (c >= 0x2460 && c <= 0x24ff) ||
      c === 0xb7
    )
      ok++;
    if (n >= 20000) break;
  }
  return n === 0 ? 1 : ok / n;
}

/**
 * decodeText(bytes) → { text, encoding }. Throws JianshiError E_EMPTY, E_TOO_LARGE, E_BINARY or E_ENCODING.
 * Order: BOM → strict UTF-8 → GB18030 (a superset of GBK; reported as "gbk" when no 4-byte sequence occurs).
 */
export function decodeText(bytes: Uint8Array, maxBytes: number = LIMITS.maxTextBytes): Decoded {
  if (bytes.length > maxBytes)
    throw new JianshiError(
      'E_TOO_LARGE',
      `文件过大（${(bytes.length / 1048576).toFixed(1)} MB），文本文件上限为 ${(maxBytes / 1048576).toFixed(0)} MB。`,
      { limit: maxBytes, size: bytes.length },
    );
  if (bytes.length === 0) throw new JianshiError('E_EMPTY');
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      throw new JianshiError('E_ENCODING', '文件以 UTF-8 标记开头，但内容不是有效的 UTF-8。');
    }
  }
  if (isUtf16Bom(bytes))
    throw new JianshiError('E_ENCODING', '文件是 UTF-16 编码：请另存为 UTF-8 或 GBK 编码的文本文件后重试。');
  if (looksBinary(bytes)) throw new JianshiError('E_BINARY');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    /* not UTF-8: try the GB family */
  }
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    throw new JianshiError('E_ENCODING');
  }
  if (plausibility(text) < 0.9) throw new JianshiError('E_ENCODING');
  return { text, encoding: hasFourByteGb(bytes) ? 'gb18030' : 'gbk' };
}
