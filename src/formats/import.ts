/**
 * Import and export of material files, dispatching on the bytes (magic numbers), never the name:
 *
 *   PK\x03\x04            .docx → paragraphs with Word hints → clean → parse
 *   D0 CF 11 E0 …         legacy .doc / .wps (OLE2) → LibreOffice → .docx, or E_LEGACY_DOC
 *   {\rtf                 RTF (often saved as .doc) → LibreOffice → .docx, or E_LEGACY_DOC
 *   { … }                 JSON (or a .json name) → validated load of our material shape (E_BAD_JSON);
 *                        text that merely starts with "{" and is no JSON is read as text
 *   anything else         text (UTF-8 / GBK / GB18030) through the core pipeline, which rejects binary
 *
 * Export: docx (GB/T 9704 layout), md, json, txt.
 */
import { z } from 'zod';
import { JianshiError, isJianshiError } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import { MaterialFileContentSchema } from '../contract/materials.js';
import { contentOf, toJSON, type Material, type MaterialContent, type Span } from '../core/material/model.js';
import { materialFromBytes, materialFromParagraphs, type ImportOptions } from '../core/material/pipeline.js';
import { renderLines, renderMarkdown, renderText } from '../core/material/render.js';
import { isOle2, isZip, readDocxParagraphs } from './docx-read.js';
import { materialToDocx } from './docx-write.js';

export type ExportFormat = 'docx' | 'md' | 'json' | 'txt';

export const MIME: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export type DetectedFormat = 'docx' | 'legacy' | 'rtf' | 'json' | 'pdf' | 'text';

function startsWithAscii(b: Uint8Array, s: string, from = 0): boolean {
  if (b.length < from + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[from + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Offset of the first byte that is not whitespace or a UTF-8 BOM. */
function firstNonSpace(b: Uint8Array): number {
  let i = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return i;
}

/** What the bytes are, from their first bytes only. */
export function detectFormat(b: Uint8Array): DetectedFormat {
  if (isZip(b)) return 'docx';
  if (isOle2(b)) return 'legacy';
  const i = firstNonSpace(b);
  if (startsWithAscii(b, '{\\rtf', i)) return 'rtf';
  if (startsWithAscii(b, '%PDF-', 0)) return 'pdf';
  if (b[i] === 0x7b /* { */) return 'json';
  return 'text';
}

// ---------------------------------------------------------------- JSON

const spanSchema = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
const str = z.string().max(LIMITS.materialFile.maxChars);

/**
 * A material's content read from a file: the one content shape (contract/materials.ts) under a
 * file's limits, and what a file may carry besides (provenance of an import).
 */
const contentSchema = MaterialFileContentSchema.extend({
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gbk', 'gb18030']).optional(),
  framework: z.string().nullable().optional(),
  frameworkFit: z.enum(['given', 'title', 'headings']).optional(),
  removed: z
    .array(
      z.object({
        kind: z.enum(['watermark', 'paywall', 'page-furniture', 'advertisement', 'line-break', 'markup']),
        text: str,
        count: z.number().int().min(0),
      }),
    )
    .default([]),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), span: spanSchema.optional() })).default([]),
});

const fullSchema = z.object({
  text: str,
  titleSpan: spanSchema,
  prefaceSpan: spanSchema,
  closingSpan: spanSchema,
  parts: z.array(
    z.object({
      kind: z.enum(['problems', 'causes', 'measures']),
      heading: str,
      span: spanSchema,
      intro: z.string().default(''),
    }),
  ),
  problems: z.array(
    z.object({
      span: spanSchema,
      headingSpan: spanSchema,
      textSpan: spanSchema,
      pointSpans: z.array(spanSchema),
      exampleSpans: z.array(spanSchema),
      exampleOf: z.array(z.number().int()),
    }),
  ),
  causes: z.array(z.object({ span: spanSchema, headingSpan: spanSchema, textSpan: spanSchema })),
  measures: z.array(
    z.object({
      span: spanSchema,
      headingSpan: spanSchema,
      textSpan: spanSchema,
      deadlineDate: z.string().nullable().default(null),
    }),
  ),
});

function badJson(message: string, details?: Record<string, unknown>): JianshiError {
  return new JianshiError('E_BAD_JSON', message, details);
}

function sameContent(a: MaterialContent, b: MaterialContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Spans pointing at the first occurrence of each string, in order, in `text` (for JSON without offsets). */
function locator(text: string) {
  let pos = 0;
  return (s: string): Span => {
    if (!s) return { start: pos, end: pos };
    const j = text.indexOf(s, pos);
    if (j < 0) return { start: pos, end: pos };
    pos = j + s.length;
    return { start: j, end: j + s.length };
  };
}

/** A material from JSON text (the output of `jianshi import --json` or an export). */
export function materialFromJson(json: string, opts: ImportOptions = {}): Material {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw badJson(`JSON 格式错误：${(e as Error).message}`);
  }
  const c = contentSchema.safeParse(data);
  if (!c.success) {
    const issue = c.error.issues[0];
    throw badJson(`JSON 不符合材料结构：${issue ? `${issue.path.join('.') || '(根)'} ${issue.message}` : ''}`, {
      issues: c.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const v = c.data;
  const content: MaterialContent = {
    title: v.title,
    preface: v.preface,
    problems: v.problems.map((p) => ({
      aspect: p.aspect,
      heading: p.heading,
      text: p.text,
      points: p.points,
      examples: p.examples,
    })),
    causes: v.causes.map((x) => ({ heading: x.heading, text: x.text })),
    measures: v.measures.map((x) => ({ heading: x.heading, text: x.text, deadline: x.deadline })),
    closing: v.closing,
  };
  const full = fullSchema.safeParse(data);
  if (
    full.success &&
    full.data.problems.length === v.problems.length &&
    full.data.causes.length === v.causes.length &&
    full.data.measures.length === v.measures.length
  ) {
    const f = full.data;
    const len = f.text.length;
    const spans: Span[] = [f.titleSpan, f.prefaceSpan, f.closingSpan, ...f.parts.map((p) => p.span)];
    for (const p of f.problems) spans.push(p.span, p.headingSpan, p.textSpan, ...p.pointSpans, ...p.exampleSpans);
    for (const x of [...f.causes, ...f.measures]) spans.push(x.span, x.headingSpan, x.textSpan);
    if (spans.every((s) => s.start <= s.end && s.end <= len)) {
      return {
        ...content,
        encoding: v.encoding ?? 'utf-8',
        framework: v.framework ?? null,
        ...(v.frameworkFit ? { frameworkFit: v.frameworkFit } : {}),
        problems: content.problems.map((p, i) => ({ ...p, ...f.problems[i] })),
        causes: content.causes.map((x, i) => ({ ...x, ...f.causes[i] })),
        measures: content.measures.map((x, i) => ({ ...x, ...f.measures[i] })),
        removed: v.removed,
        warnings: v.warnings,
        text: f.text,
        titleSpan: f.titleSpan,
        prefaceSpan: f.prefaceSpan,
        closingSpan: f.closingSpan,
        parts: f.parts,
      };
    }
  }
  // Content without (valid) offsets: render it and parse it back for the offsets.
  const parsedParts = (data as { parts?: unknown }).parts;
  const parts = z
    .array(
      z.object({
        kind: z.enum(['problems', 'causes', 'measures']),
        heading: z.string(),
        intro: z.string().default(''),
      }),
    )
    .safeParse(parsedParts);
  const renderable = {
    ...content,
    parts: parts.success ? parts.data.map((p) => ({ ...p, span: { start: 0, end: 0 } })) : undefined,
  };
  const lines = renderLines(renderable);
  let m: Material | null = null;
  try {
    m = lines.length
      ? materialFromParagraphs(
          lines.map((l) => ({ text: l.text })),
          v.encoding ?? 'utf-8',
          { ...opts, framework: v.framework ?? opts.framework },
        )
      : null;
  } catch (e) {
    if (!isJianshiError(e)) throw e;
  }
  if (m && sameContent(contentOf(m), content))
    return { ...m, encoding: v.encoding ?? m.encoding, removed: v.removed, warnings: [...v.warnings, ...m.warnings] };
  // The text does not parse back to the same structure: keep the given content, offsets located by search.
  const text = lines.map((l) => l.text).join('\n');
  const at = locator(text);
  const titleSpan = at(content.title);
  const prefaceSpan = at(content.preface.split('\n')[0] ?? '');
  return {
    ...content,
    encoding: v.encoding ?? 'utf-8',
    framework: v.framework ?? m?.framework ?? null,
    ...(v.frameworkFit ? { frameworkFit: v.frameworkFit } : m?.frameworkFit ? { frameworkFit: m.frameworkFit } : {}),
    problems: content.problems.map((p) => {
      const headingSpan = at(p.heading);
      const textSpan = at(p.text.split('\n')[0] ?? '');
      return {
        ...p,
        span: { start: headingSpan.start, end: textSpan.end },
        headingSpan,
        textSpan,
        pointSpans: p.points.map(() => textSpan),
        exampleSpans: p.examples.map(() => textSpan),
        exampleOf: p.examples.map(() => 0),
      };
    }),
    causes: content.causes.map((x) => {
      const headingSpan = at(x.heading);
      const textSpan = at(x.text.split('\n')[0] ?? '');
      return { ...x, span: { start: headingSpan.start, end: textSpan.end }, headingSpan, textSpan };
    }),
    measures: content.measures.map((x) => {
      const headingSpan = at(x.heading);
      const textSpan = at(x.text.split('\n')[0] ?? '');
      return { ...x, deadlineDate: null, span: { start: headingSpan.start, end: textSpan.end }, headingSpan, textSpan };
    }),
    removed: v.removed,
    warnings: [...v.warnings, { code: 'W_JSON_OFFSETS', message: 'JSON 中没有有效的字符位置，位置信息为近似值。' }],
    text,
    titleSpan,
    prefaceSpan,
    closingSpan: at(content.closing.split('\n')[0] ?? ''),
    parts: m?.parts ?? [],
  };
}

// ---------------------------------------------------------------- import

async function fromDocx(bytes: Uint8Array, opts: ImportOptions): Promise<Material> {
  const paras = await readDocxParagraphs(bytes);
  return materialFromParagraphs(paras, 'utf-8', opts);
}

async function fromLegacy(bytes: Uint8Array, fileName: string | undefined, opts: ImportOptions): Promise<Material> {
  const { convertLegacyToDocx } = await import('./legacy.js');
  const docx = await convertLegacyToDocx(bytes, fileName);
  const m = await fromDocx(docx, opts);
  assertPlausibleConversion(m.text);
  return m;
}

/**
 * A converted legacy document must read as text: LibreOffice turns almost any bytes into
 * *something* (an unreadable file becomes a page of mojibake). Refused (E_CONVERT_GARBLED) when
 * replacement characters, control or private-use characters are more than a trace, or when
 * fewer than 85% of the visible characters are Chinese, Latin, digits or common punctuation.
 */
export function assertPlausibleConversion(text: string): void {
  let visible = 0;
  let good = 0;
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0) continue;
    visible++;
    if (c === 0xfffd || c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) bad++;
    else if (
      (c >= 0x21 && c <= 0x7e) || // ASCII
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3400 && c <= 0x4dbf) || // CJK ideographs
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) || // CJK punctuation, full-width forms
      (c >= 0x2000 && c <= 0x206f) ||
      (c >= 0x2460 && c <= 0x24ff) ||
      (c >= 0x3200 && c <= 0x32ff) || // punctuation, ①, ㈠
      (c >= 0xa1 && c <= 0x24f) ||
      c === 0x00b7 ||
      (c >= 0x2100 && c <= 0x218f) // Latin, ·, letterlike, Ⅰ
    )
      good++;
  }
  if (visible === 0) return;
  if (bad > Math.max(2, visible * 0.01) || good < visible * 0.85) {
    throw new JianshiError('E_CONVERT_GARBLED', undefined, {
      visible,
      readable: Math.round((good / visible) * 1000) / 1000,
      unreadable: bad,
    });
  }
}

/**
 * importFile(bytes, fileName?) → Material. The format comes from the bytes; the name only helps a
 * legacy conversion pick its filter. Throws JianshiError only (E_NOT_DOCX, E_DOCX_BOMB, E_LEGACY_DOC,
 * E_BAD_JSON, E_CONVERT, and the text pipeline's E_EMPTY, E_BINARY, E_ENCODING, E_TOO_LARGE).
 */
export async function importFile(bytes: Uint8Array, fileName?: string, opts: ImportOptions = {}): Promise<Material> {
  try {
    switch (detectFormat(bytes)) {
      case 'docx':
        return await fromDocx(bytes, opts);
      case 'legacy':
        return await fromLegacy(bytes, fileName, opts);
      case 'rtf':
        return await fromLegacy(bytes, (fileName ?? 'input').replace(/\.[^.]*$/, '') + '.rtf', opts);
      case 'pdf':
        throw new JianshiError(
          'E_UNSUPPORTED_FORMAT',
          '不支持直接导入 PDF：请从 PDF 中复制文字后粘贴导入，或另存为 .docx / .txt 后再导入。',
        );
      case 'json': {
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\ufeff/, '');
        if (bytes.length > 50 * 1024 * 1024) throw new JianshiError('E_TOO_LARGE');
        // Text that merely begins with "{" and is no JSON at all is read as text.
        let isJson = true;
        try {
          JSON.parse(text);
        } catch {
          isJson = false;
        }
        if (isJson || /\.json$/i.test(fileName ?? '')) return materialFromJson(text, opts);
        return materialFromBytes(bytes, opts);
      }
      case 'text':
      default:
        return materialFromBytes(bytes, opts);
    }
  } catch (e) {
    if (isJianshiError(e)) throw e;
    if (e instanceof RangeError) throw new JianshiError('E_TOO_LARGE', undefined, { detail: e.message });
    throw e;
  }
}

// ---------------------------------------------------------------- export

export async function exportMaterial(
  m: Material | MaterialContent,
  format: ExportFormat,
  opts: { author?: string } = {},
): Promise<{ bytes: Uint8Array; mime: string; ext: string }> {
  const enc = new TextEncoder();
  switch (format) {
    case 'docx':
      return { bytes: await materialToDocx(m, opts), mime: MIME.docx, ext: 'docx' };
    case 'md':
      return { bytes: enc.encode(renderMarkdown(m)), mime: MIME.md, ext: 'md' };
    case 'txt':
      return { bytes: enc.encode(renderText(m)), mime: MIME.txt, ext: 'txt' };
    case 'json':
      return {
        bytes: enc.encode(JSON.stringify('text' in m ? toJSON(m as Material) : m, null, 2) + '\n'),
        mime: MIME.json,
        ext: 'json',
      };
    default:
      throw new JianshiError('E_BAD_ARGUMENT', `不支持的导出格式：${String(format)}（可选 docx、md、json、txt）`);
  }
}
