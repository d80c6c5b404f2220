/**
 * The import pipeline of the pure core: bytes or text → decode → clean → parse → Material.
 *   materialFromBytes(bytes)          a .txt in UTF-8 / UTF-8 BOM / GBK / GB18030
 *   materialFromText(text)            pasted text
 *   materialFromParagraphs(paras, e)  paragraphs of a .docx with their Word hints
 */
import { decodeText } from '../text/decode.js';
import { cleanParagraphs, cleanText } from '../text/clean.js';
import { JianshiError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Encoding, Material } from './model.js';
import type { ParagraphHint } from './hints.js';
import { parseLines, type ParseOptions } from './parse.js';

export type ImportOptions = Omit<ParseOptions, 'encoding'>;

function checkLength(chars: number) {
  if (chars > LIMITS.maxTextChars)
    throw new JianshiError('E_TOO_LARGE', `文本过长（${chars} 字），上限为 ${LIMITS.maxTextChars} 字。`, {
      limit: LIMITS.maxTextChars,
      size: chars,
    });
}

/** What the cleaning removed as the page's own title (the material's title repeats it). */
const pageTitles = (removed: Material['removed']) =>
  removed.filter((r) => r.reason === 'page-title' && r.text.length <= 80).map((r) => r.text);

export function materialFromText(text: string, opts: ImportOptions = {}, encoding: Encoding = 'utf-8'): Material {
  checkLength(text.length);
  const c = cleanText(text);
  if (!c.text.trim()) throw new JianshiError('E_EMPTY');
  const m = parseLines(
    c.lines.map((t) => ({ text: t })),
    { ...opts, encoding, pageTitles: pageTitles(c.removed) },
  );
  m.removed = c.removed;
  m.warnings.unshift(...c.warnings);
  return m;
}

export function materialFromBytes(bytes: Uint8Array, opts: ImportOptions = {}): Material {
  const d = decodeText(bytes);
  return materialFromText(d.text, opts, d.encoding);
}

export function materialFromParagraphs(
  paras: { text: string; hint?: ParagraphHint }[],
  encoding: Encoding = 'utf-8',
  opts: ImportOptions = {},
): Material {
  checkLength(paras.reduce((n, p) => n + p.text.length, 0));
  const c = cleanParagraphs(paras);
  if (!c.lines.length) throw new JianshiError('E_EMPTY');
  const m = parseLines(c.lines, { ...opts, encoding, pageTitles: pageTitles(c.removed) });
  m.removed = c.removed;
  m.warnings.unshift(...(c.warnings ?? []));
  return m;
}

/** Clean only (for `jianshi clean`). */
export function cleanBytes(bytes: Uint8Array): { text: string; encoding: Encoding; removed: Material['removed'] } {
  const d = decodeText(bytes);
  const c = cleanText(d.text);
  return { text: c.text, encoding: d.encoding, removed: c.removed };
}
