/**
 * Reading the paragraphs of a .docx (Office Open XML) with the hints the parser needs: Word heading
 * styles (by style id, style name and outline level, also inherited through `basedOn`), bold text at
 * the start of a paragraph (a run-in or stand-alone heading), and alignment. Labels of Word's
 * automatic numbering ("一、", "（一）" from numbering.xml) are written into the text, as the reader
 * sees them; hidden text is left out.
 *
 * Hostile input is expected (uploads): the archive is opened with JSZip directly, and every part we
 * read is inflated as a stream whose bytes are counted, so a zip bomb is stopped as soon as it passes
 * the limit even when its headers lie about the sizes. The XML is read by a small, linear,
 * non-validating tokenizer that refuses DOCTYPEs (no entity expansion) and unbalanced tags: anything
 * malformed is `E_NOT_DOCX`, never a crash.
 *
 * Pure (JSZip + TextDecoder), so it runs in Node and in the browser.
 */
import JSZip from 'jszip';
import { JianshiError } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import type { ParagraphHint } from '../core/material/hints.js';
import { circledNumeral, toChineseNumeral } from '../core/text/numerals.js';

export interface DocxParagraph {
  text: string;
  hint?: ParagraphHint;
}

export interface DocxReadLimits {
  maxBytes?: number;
  maxExpandedBytes?: number;
  maxExpansionRatio?: number;
}

/** Most entries a .docx may have; real documents have tens (hundreds with many images). */
const MAX_ENTRIES = 5000;
/** Below this many expanded bytes the expansion ratio is not checked (tiny parts compress well). */
const RATIO_FLOOR = 8 * 1024 * 1024;

// ---------------------------------------------------------------- magic numbers

export function isZip(b: Uint8Array): boolean {
  return (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8))
  );
}

/** OLE2 compound file: legacy Word .doc, WPS .wps, .xls … */
export function isOle2(b: Uint8Array): boolean {
  return (
    b.length >= 8 &&
    b[0] === 0xd0 &&
    b[1] === 0xcf &&
    b[2] === 0x11 &&
    b[3] === 0xe0 &&
    b[4] === 0xa1 &&
    b[5] === 0xb1 &&
    b[6] === 0x1a &&
    b[7] === 0xe1
  );
}

function notDocx(detail?: string): JianshiError {
  return new JianshiError('E_NOT_DOCX', undefined, detail ? { detail } : undefined);
}

function bomb(detail: string): JianshiError {
  return new JianshiError('E_DOCX_BOMB', undefined, { detail });
}

/** Number of entries stated by the End Of Central Directory record, or -1 when none is found. */
function eocdEntries(b: Uint8Array): number {
  const stop = Math.max(0, b.length - 22 - 65535);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) return b[i + 10] | (b[i + 11] << 8);
  }
  return -1;
}

// ---------------------------------------------------------------- bounded inflation

interface ZipEntryData {
  compressedSize?: number;
  uncompressedSize?: number;
}

interface Budget {
  expanded: number;
  readonly max: number;
}

interface StreamHelperLike {
  on(evt: 'data', fn: (chunk: Uint8Array) => void): StreamHelperLike;
  on(evt: 'error', fn: (e: unknown) => void): StreamHelperLike;
  on(evt: 'end', fn: () => void): StreamHelperLike;
  resume(): StreamHelperLike;
  pause(): StreamHelperLike;
}

/** Inflate one entry, counting the bytes as they come; abort past the budget. */
function readEntry(file: JSZip.JSZipObject, budget: Budget): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    let helper: StreamHelperLike;
    try {
      helper = (file as unknown as { internalStream(t: 'uint8array'): StreamHelperLike }).internalStream('uint8array');
    } catch (e) {
      reject(notDocx(String((e as Error)?.message ?? e)));
      return;
    }
    helper
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        size += chunk.length;
        budget.expanded += chunk.length;
        if (budget.expanded > budget.max) {
          done = true;
          helper.pause();
          reject(bomb(`expanded beyond ${budget.max} bytes`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e: unknown) => {
        if (done) return;
        done = true;
        reject(notDocx(String((e as Error)?.message ?? e)));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        const out = new Uint8Array(size);
        let o = 0;
        for (const c of chunks) {
          out.set(c, o);
          o += c.length;
        }
        resolve(out);
      })
      .resume();
  });
}

// ---------------------------------------------------------------- a small XML tokenizer

export interface XmlEl {
  name: string;
  /** Attributes as a flat list [name, value, name, value, …] (cheap to build, no prototype concerns). */
  attrs: readonly string[];
  children: XmlNode[];
}
type XmlNode = XmlEl | string;

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,10})?(;?)/g,
    (m, e: string | undefined, semi: string) => {
      if (!e || !semi) throw notDocx('bare "&" in XML');
      if (e[0] === '#') {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '';
      }
      const v = ENTITY[e];
      if (v === undefined) throw notDocx(`unknown entity ${m}`);
      return v;
    },
  );
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const NO_ATTRS: readonly string[] = Object.freeze([]);

function parseAttrs(s: string): readonly string[] {
  if (!s || s.indexOf('=') < 0) return NO_ATTRS;
  const out: string[] = [];
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(s))) out.push(m[1], decodeEntities(m[2] ?? m[3] ?? ''));
  return out;
}

/**
 * Parse XML into a tree. Elements whose name is in `skip` are dropped with their content (text
 * boxes, deleted text, field instructions …) without building nodes. Linear in the input.
 * Throws E_NOT_DOCX on any malformation, and on a DOCTYPE (no entity expansion, ever).
 */
export function parseXml(xml: string, skip: ReadonlySet<string> = new Set()): XmlEl {
  const root: XmlEl = { name: '#root', attrs: NO_ATTRS, children: [] };
  const stack: XmlEl[] = [root];
  let skipDepth = 0; // >0 while inside a skipped element
  const skipNames: string[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (!skipDepth) {
        const top = stack[stack.length - 1];
        const t = xml.slice(i, textEnd);
        if (top !== root) top.children.push(decodeEntities(t));
        else if (t.trim()) throw notDocx('text outside the root element');
      }
      i = textEnd;
      if (lt < 0) break;
    }
    // at '<'
    const c = xml.charCodeAt(i + 1);
    if (c === 0x3f /* ? */) {
      const e = xml.indexOf('?>', i + 2);
      if (e < 0) throw notDocx('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    if (c === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const e = xml.indexOf('-->', i + 4);
        if (e < 0) throw notDocx('unterminated comment');
        i = e + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const e = xml.indexOf(']]>', i + 9);
        if (e < 0) throw notDocx('unterminated CDATA');
        if (!skipDepth && stack.length > 1) stack[stack.length - 1].children.push(xml.slice(i + 9, e));
        i = e + 3;
        continue;
      }
      throw notDocx('DOCTYPE or declaration not allowed');
    }
    // find the end of the tag; '>' may legally occur inside quoted attribute values
    let end = i + 1;
    let q = 0;
    for (; end < n; end++) {
      const ch = xml.charCodeAt(end);
      if (q) {
        if (ch === q) q = 0;
      } else if (ch === 0x22 || ch === 0x27) q = ch;
      else if (ch === 0x3e) break;
    }
    if (end >= n) throw notDocx('unterminated tag');
    let body = xml.slice(i + 1, end);
    i = end + 1;
    if (body.charCodeAt(0) === 0x2f /* / */) {
      const name = body.slice(1).trim();
      if (skipDepth) {
        if (skipNames[skipNames.length - 1] !== name) throw notDocx(`mismatched </${name}>`);
        skipNames.pop();
        skipDepth--;
        continue;
      }
      const top = stack.pop();
      if (!top || top === root || top.name !== name) throw notDocx(`mismatched </${name}>`);
      continue;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    if (selfClosing) body = body.slice(0, -1);
    const sp = body.search(/[\s]/);
    const name = sp < 0 ? body : body.slice(0, sp);
    if (!name || /[<&"']/.test(name)) throw notDocx('bad tag name');
    if (skipDepth || skip.has(name)) {
      if (!selfClosing) {
        skipDepth++;
        skipNames.push(name);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === root && root.children.length) throw notDocx('more than one root element');
    const el: XmlEl = { name, attrs: parseAttrs(sp < 0 ? '' : body.slice(sp)), children: [] };
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length !== 1 || skipDepth) throw notDocx('unclosed elements');
  const doc = root.children[0];
  if (!doc || typeof doc === 'string') throw notDocx('no root element');
  return doc;
}

function child(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

function attr(el: XmlEl | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const a = el.attrs;
  for (let k = 0; k < a.length; k += 2) if (a[k] === name) return a[k + 1];
  return undefined;
}

/** OOXML on/off property: present without w:val, or with a true value. */
function onOff(el: XmlEl | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = attr(el, 'w:val');
  if (v === undefined) return true;
  return !(v === '0' || v === 'false' || v === 'off' || v === 'none');
}

// ---------------------------------------------------------------- styles

type Level = NonNullable<ParagraphHint['style']>;
type Align = NonNullable<ParagraphHint['align']>;

interface StyleDef {
  id: string;
  type: string;
  name: string;
  basedOn?: string;
  outlineLvl?: number;
  bold?: boolean;
  align?: Align;
  numId?: string;
  ilvl?: number;
}

interface Styles {
  byId: Map<string, StyleDef>;
  defaultParagraph?: string;
  defaultBold?: boolean;
}

function mapAlign(v: string | undefined): Align | undefined {
  switch (v) {
    case 'center':
      return 'center';
    case 'left':
    case 'start':
      return 'left';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
    case 'justify':
    case 'highKashida':
    case 'lowKashida':
    case 'mediumKashida':
    case 'thaiDistribute':
      return 'both';
    default:
      return undefined;
  }
}

function parseStyles(xml: string | undefined): Styles {
  const styles: Styles = { byId: new Map() };
  if (!xml) return styles;
  let root: XmlEl;
  try {
    root = parseXml(xml);
  } catch {
    return styles; // a broken styles part loses hints, not the document
  }
  const dd = child(root, 'w:docDefaults');
  styles.defaultBold = onOff(child(child(child(dd, 'w:rPrDefault'), 'w:rPr'), 'w:b'));
  for (const s of root.children) {
    if (typeof s === 'string' || s.name !== 'w:style') continue;
    const id = attr(s, 'w:styleId');
    if (!id) continue;
    const pPr = child(s, 'w:pPr');
    const lvl = attr(child(pPr, 'w:outlineLvl'), 'w:val');
    const def: StyleDef = {
      id,
      type: attr(s, 'w:type') ?? 'paragraph',
      name: attr(child(s, 'w:name'), 'w:val') ?? '',
      basedOn: attr(child(s, 'w:basedOn'), 'w:val'),
      outlineLvl: lvl !== undefined && /^\d$/.test(lvl) ? Number(lvl) : undefined,
      bold: onOff(child(child(s, 'w:rPr'), 'w:b')),
      align: mapAlign(attr(child(pPr, 'w:jc'), 'w:val')),
      numId: attr(child(child(pPr, 'w:numPr'), 'w:numId'), 'w:val'),
      ilvl: Number(attr(child(child(pPr, 'w:numPr'), 'w:ilvl'), 'w:val') ?? NaN),
    };
    if (Number.isNaN(def.ilvl)) def.ilvl = undefined;
    styles.byId.set(id, def);
    const isDefault = attr(s, 'w:default');
    if (def.type === 'paragraph' && (isDefault === '1' || isDefault === 'true' || isDefault === 'on'))
      styles.defaultParagraph = id;
  }
  return styles;
}

/** The heading level a style name or id means by itself ("heading 1", "标题 1", "Title", "1"). */
function levelOfName(raw: string): Level | undefined {
  const s = raw.toLowerCase().replace(/[\s_\-]+/g, '');
  if (s === 'title' || s === '标题' || s === '文档标题' || s === '大标题') return 'title';
  const m = /^(?:heading|标题|titre|überschrift|heading)([1-9])(?:char)?$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    return n <= 4 ? (`heading${n}` as Level) : undefined;
  }
  return undefined;
}

function levelOfOutline(l: number | undefined): Level | undefined {
  if (l === undefined || l > 3) return undefined;
  return `heading${l + 1}` as Level;
}

/** Walk `basedOn` (bounded, cycle-safe) and return the first defined value of `pick`. */
function inherit<T>(styles: Styles, id: string | undefined, pick: (s: StyleDef) => T | undefined): T | undefined {
  const seen = new Set<string>();
  let cur = id;
  while (cur && !seen.has(cur) && seen.size < 32) {
    seen.add(cur);
    const s = styles.byId.get(cur);
    if (!s) return undefined;
    const v = pick(s);
    if (v !== undefined) return v;
    cur = s.basedOn;
  }
  return undefined;
}

function styleLevel(styles: Styles, id: string | undefined): Level | undefined {
  if (!id) return undefined;
  // The style's own name/id first, then outline levels and names up the basedOn chain.
  return (
    inherit(styles, id, (s) => levelOfName(s.name) ?? levelOfOutline(s.outlineLvl)) ??
    (styles.byId.has(id) ? undefined : levelOfName(id))
  );
}

// ---------------------------------------------------------------- automatic numbering (numbering.xml)

interface LevelDef {
  start: number;
  fmt: string;
  text: string;
}

interface Numbering {
  /** numId → abstractNumId and per-level start overrides */
  nums: Map<string, { abs: string; overrides: Map<number, number> }>;
  abstracts: Map<string, Map<number, LevelDef>>;
  /** counters per abstract list (Word continues a list across num instances of one abstractNum) */
  counters: Map<string, number[]>;
  /** num instances whose start overrides were applied */
  started: Set<string>;
}

function parseNumbering(xml: string | undefined): Numbering | undefined {
  if (!xml) return undefined;
  let root: XmlEl;
  try {
    root = parseXml(xml);
  } catch {
    return undefined;
  }
  const n: Numbering = { nums: new Map(), abstracts: new Map(), counters: new Map(), started: new Set() };
  for (const c of root.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'w:abstractNum') {
      const id = attr(c, 'w:abstractNumId');
      if (id === undefined) continue;
      const levels = new Map<number, LevelDef>();
      for (const l of c.children) {
        if (typeof l === 'string' || l.name !== 'w:lvl') continue;
        const ilvl = Number(attr(l, 'w:ilvl'));
        if (!(ilvl >= 0 && ilvl <= 8)) continue;
        levels.set(ilvl, {
          start: Number(attr(child(l, 'w:start'), 'w:val') ?? 1) || 0,
          fmt: attr(child(l, 'w:numFmt'), 'w:val') ?? 'decimal',
          text: attr(child(l, 'w:lvlText'), 'w:val') ?? '',
        });
      }
      n.abstracts.set(id, levels);
    } else if (c.name === 'w:num') {
      const id = attr(c, 'w:numId');
      const abs = attr(child(c, 'w:abstractNumId'), 'w:val');
      if (id === undefined || abs === undefined) continue;
      const overrides = new Map<number, number>();
      for (const o of c.children) {
        if (typeof o === 'string' || o.name !== 'w:lvlOverride') continue;
        const so = attr(child(o, 'w:startOverride'), 'w:val');
        if (so !== undefined) overrides.set(Number(attr(o, 'w:ilvl') ?? 0), Number(so) || 0);
      }
      n.nums.set(id, { abs, overrides });
    }
  }
  return n;
}

const PAREN_DIGITS = '⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const t: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, r] of t) while (n >= v) ((out += r), (n -= v));
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(65 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'japaneseCounting':
    case 'ideographDigital':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return n >= 0 && n <= 999 ? toChineseNumeral(n) : String(n);
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? TIANGAN[n - 1] : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return n >= 1 && n <= 20 ? circledNumeral(n) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? PAREN_DIGITS[n - 1] : `(${n})`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero':
      return n < 10 ? '0' + n : String(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** The label ("一、", "（二）", "1.") of a numbered paragraph, advancing the list's counters. */
function numberLabel(num: Numbering, numId: string, ilvl: number): string {
  const inst = num.nums.get(numId);
  if (!inst) return '';
  const levels = num.abstracts.get(inst.abs);
  const def = levels?.get(ilvl);
  if (!levels || !def || def.fmt === 'bullet') return '';
  let counters = num.counters.get(inst.abs);
  if (!counters) num.counters.set(inst.abs, (counters = new Array(9).fill(-1)));
  if (!num.started.has(numId)) {
    num.started.add(numId);
    for (const [l, v] of inst.overrides) if (l >= 0 && l <= 8) counters[l] = v - 1;
  }
  counters[ilvl] = counters[ilvl] < 0 ? (inst.overrides.get(ilvl) ?? def.start) : counters[ilvl] + 1;
  for (let l = ilvl + 1; l < 9; l++) counters[l] = -1;
  return def.text.replace(/%([1-9])/g, (_m, d: string) => {
    const l = Number(d) - 1;
    const ld = levels.get(l);
    const v = counters![l] < 0 ? (ld?.start ?? 1) : counters![l];
    return formatNumber(v, l === ilvl ? def.fmt : (ld?.fmt ?? 'decimal'));
  });
}

// ---------------------------------------------------------------- document walk

/** Elements whose content is never body text of the material. */
const SKIP = new Set([
  'w:txbxContent', // text boxes
  'mc:Fallback', // the duplicate of mc:Choice content (VML copies of text boxes, shapes)
  'w:delText',
  'w:instrText',
  'w:del', // deleted revisions
  'w:moveFrom',
  'w:footnoteReference',
  'w:endnoteReference',
  'w:commentReference',
  'w:rPrChange',
  'w:pPrChange',
  'v:textbox',
  'wps:txbx',
  'w:fldData',
  'm:oMath',
  'm:oMathPara',
]);

/** Deepest nesting of tables / inline containers we walk (recursion bound). */
const MAX_DEPTH = 400;

interface Seg {
  text: string;
  bold: boolean;
  /** A numbering label: bold if the text after it is. */
  label?: boolean;
}

interface Para {
  pieces: (Seg | 'break')[];
  level?: Level;
  align?: Align;
}

interface Ctx {
  styles: Styles;
  numbering?: Numbering;
  out: DocxParagraph[];
  budget: { nodes: number };
}

function runBold(ctx: Ctx, rPr: XmlEl | undefined, paraStyle: string | undefined): boolean {
  const own = onOff(child(rPr, 'w:b'));
  if (own !== undefined) return own;
  const rStyle = attr(child(rPr, 'w:rStyle'), 'w:val');
  const fromChar = inherit(ctx.styles, rStyle, (s) => s.bold);
  if (fromChar !== undefined) return fromChar;
  const fromPara = inherit(ctx.styles, paraStyle, (s) => s.bold);
  if (fromPara !== undefined) return fromPara;
  return ctx.styles.defaultBold ?? false;
}

function collectRun(ctx: Ctx, r: XmlEl, p: Para, paraStyle: string | undefined) {
  const rPr = child(r, 'w:rPr');
  if (onOff(child(rPr, 'w:vanish')) || onOff(child(rPr, 'w:webHidden'))) return; // hidden text is not read
  const bold = runBold(ctx, rPr, paraStyle);
  for (const c of r.children) {
    if (typeof c === 'string') continue;
    switch (c.name) {
      case 'w:t':
        p.pieces.push({ text: c.children.filter((x): x is string => typeof x === 'string').join(''), bold });
        break;
      case 'w:tab':
      case 'w:ptab':
        p.pieces.push({ text: '\t', bold });
        break;
      case 'w:br':
      case 'w:cr':
        p.pieces.push('break');
        break;
      case 'w:noBreakHyphen':
        p.pieces.push({ text: '-', bold });
        break;
      case 'mc:AlternateContent':
        // Choice content of a run (e.g. a drawing) may hold text boxes; those are skipped anyway.
        break;
      default:
        break;
    }
  }
}

/** Inline containers inside a paragraph whose runs are part of its text. */
const INLINE_CONTAINERS = new Set([
  'w:hyperlink',
  'w:smartTag',
  'w:fldSimple',
  'w:ins',
  'w:moveTo',
  'w:sdt',
  'w:sdtContent',
  'w:customXml',
  'w:dir',
  'w:bdo',
]);

function collectInline(ctx: Ctx, el: XmlEl, p: Para, paraStyle: string | undefined, depth = 0) {
  if (depth > MAX_DEPTH) throw notDocx('nesting too deep');
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (++ctx.budget.nodes > 5_000_000) throw notDocx('too many elements');
    if (c.name === 'w:r') collectRun(ctx, c, p, paraStyle);
    else if (INLINE_CONTAINERS.has(c.name)) collectInline(ctx, c, p, paraStyle, depth + 1);
  }
}

function emitSegment(ctx: Ctx, p: Para, segs: Seg[]) {
  const raw = segs.map((x) => x.text).join('');
  const trimmedStart = raw.replace(/^[\s\u3000]+/, '');
  const lead = raw.length - trimmedStart.length;
  const text = trimmedStart.replace(/[\s\u3000]+$/, '');
  if (!text) return;
  // characters of bold text at the start (whitespace-only runs do not interrupt it)
  let boldRaw = 0;
  let sawBold = false;
  for (const x of segs) {
    if (x.bold && !x.label && /\S/.test(x.text)) sawBold = true;
    if (x.bold || x.label || !/\S/.test(x.text)) boldRaw += x.text.length;
    else break;
  }
  const boldChars = sawBold ? Math.min(text.length, boldRaw - lead) : 0;
  const hint: ParagraphHint = {};
  if (p.level) hint.style = p.level;
  if (boldChars > 0) {
    hint.bold = true;
    hint.boldChars = text.slice(0, boldChars).replace(/[\s\u3000]+$/, '').length;
  }
  if (p.align) hint.align = p.align;
  ctx.out.push(Object.keys(hint).length ? { text, hint } : { text });
}

/** Emit a paragraph; a line break inside it starts a new paragraph. */
function emit(ctx: Ctx, p: Para) {
  let cur: Seg[] = [];
  for (const piece of p.pieces) {
    if (piece === 'break') {
      emitSegment(ctx, p, cur);
      cur = [];
    } else cur.push(piece);
  }
  emitSegment(ctx, p, cur);
}

function paragraph(ctx: Ctx, el: XmlEl) {
  const pPr = child(el, 'w:pPr');
  const styleId = attr(child(pPr, 'w:pStyle'), 'w:val') ?? ctx.styles.defaultParagraph;
  const ownLvl = attr(child(pPr, 'w:outlineLvl'), 'w:val');
  const level =
    (ownLvl !== undefined && /^\d$/.test(ownLvl) ? levelOfOutline(Number(ownLvl)) : undefined) ??
    styleLevel(ctx.styles, styleId);
  const align = mapAlign(attr(child(pPr, 'w:jc'), 'w:val')) ?? inherit(ctx.styles, styleId, (s) => s.align);
  const p: Para = { pieces: [], level, align };
  if (ctx.numbering) {
    const numPr = child(pPr, 'w:numPr');
    const numId = attr(child(numPr, 'w:numId'), 'w:val') ?? inherit(ctx.styles, styleId, (s) => s.numId);
    if (numId && numId !== '0') {
      const own = attr(child(numPr, 'w:ilvl'), 'w:val');
      const ilvl = own !== undefined ? Number(own) : (inherit(ctx.styles, styleId, (s) => s.ilvl) ?? 0);
      if (ilvl >= 0 && ilvl <= 8) {
        const label = numberLabel(ctx.numbering, numId, ilvl);
        // the label takes the formatting of the paragraph mark
        if (label) p.pieces.push({ text: label, bold: runBold(ctx, child(pPr, 'w:rPr'), styleId), label: true });
      }
    }
  }
  collectInline(ctx, el, p, styleId);
  emit(ctx, p);
}

/** Walk block-level content: paragraphs, tables (cell paragraphs in reading order), content controls. */
function blocks(ctx: Ctx, el: XmlEl, depth = 0) {
  if (depth > MAX_DEPTH) throw notDocx('nesting too deep');
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (++ctx.budget.nodes > 5_000_000) throw notDocx('too many elements');
    switch (c.name) {
      case 'w:p':
        paragraph(ctx, c);
        break;
      case 'w:tbl':
      case 'w:tr':
      case 'w:tc':
      case 'w:sdt':
      case 'w:sdtContent':
      case 'w:customXml':
      case 'w:ins':
      case 'w:moveTo':
      case 'w:body':
        blocks(ctx, c, depth + 1);
        break;
      default:
        break;
    }
  }
}

// ---------------------------------------------------------------- entry point

const utf8 = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

function decodeXml(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return utf16le.decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return utf16be.decode(b.subarray(2));
  return utf8.decode(b).replace(/^\ufeff/, '');
}

function findPart(zip: JSZip, path: string): JSZip.JSZipObject | undefined {
  const f = zip.file(path);
  if (f) return f;
  const lower = path.toLowerCase();
  let found: JSZip.JSZipObject | undefined;
  zip.forEach((p, file) => {
    if (!found && p.toLowerCase() === lower && !file.dir) found = file;
  });
  return found;
}

/** The main document part named by the package relationships (usually word/document.xml). */
async function mainPartPath(zip: JSZip, budget: Budget): Promise<string> {
  const rels = findPart(zip, '_rels/.rels');
  if (rels) {
    try {
      const root = parseXml(decodeXml(await readEntry(rels, budget)));
      for (const r of root.children) {
        if (typeof r === 'string' || r.name !== 'Relationship') continue;
        const target = attr(r, 'Target');
        if (/\/officeDocument$/.test(attr(r, 'Type') ?? '') && target) {
          const t = target.replace(/^\//, '');
          if (findPart(zip, t)) return t;
        }
      }
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
    }
  }
  return 'word/document.xml';
}

/**
 * readDocxParagraphs(bytes) → the paragraphs of the document body, in reading order, with hints.
 * Throws JianshiError E_TOO_LARGE, E_LEGACY_DOC (OLE2 .doc/.wps), E_NOT_DOCX, E_DOCX_BOMB.
 */
export async function readDocxParagraphs(bytes: Uint8Array, limits: DocxReadLimits = {}): Promise<DocxParagraph[]> {
  const maxBytes = limits.maxBytes ?? LIMITS.maxDocxBytes;
  const maxExpanded = limits.maxExpandedBytes ?? LIMITS.maxDocxExpandedBytes;
  const maxRatio = limits.maxExpansionRatio ?? LIMITS.maxDocxExpansionRatio;
  if (bytes.length > maxBytes) throw new JianshiError('E_TOO_LARGE', undefined, { bytes: bytes.length, max: maxBytes });
  if (isOle2(bytes)) throw new JianshiError('E_LEGACY_DOC');
  if (!isZip(bytes)) throw notDocx('not a ZIP archive');
  const entries = eocdEntries(bytes);
  if (entries < 0) throw notDocx('no ZIP central directory');
  if (entries > MAX_ENTRIES) throw notDocx(`too many entries (${entries})`);

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (e) {
    throw notDocx(String((e as Error)?.message ?? e));
  }

  // Declared sizes: the parts we read, and the whole archive.
  let declaredAll = 0;
  zip.forEach((_p, f) => {
    const d = (f as unknown as { _data?: ZipEntryData })._data;
    if (d && typeof d.uncompressedSize === 'number' && d.uncompressedSize > 0) declaredAll += d.uncompressedSize;
  });
  const budget: Budget = { expanded: 0, max: maxExpanded };
  const docPath = await mainPartPath(zip, budget);
  const docFile = findPart(zip, docPath);
  if (!docFile) throw notDocx('no word/document.xml');
  const stylesFile = findPart(zip, docPath.replace(/[^/]*$/, 'styles.xml'));
  const numberingFile = findPart(zip, docPath.replace(/[^/]*$/, 'numbering.xml'));
  const declared = (f: JSZip.JSZipObject | undefined) =>
    f ? ((f as unknown as { _data?: ZipEntryData })._data?.uncompressedSize ?? 0) : 0;
  const declaredRead = declared(docFile) + declared(stylesFile) + declared(numberingFile);
  if (declaredRead > maxExpanded) throw bomb(`declared size ${declaredRead} bytes`);
  if (declaredAll > RATIO_FLOOR && declaredAll / bytes.length > maxRatio)
    throw bomb(`declared expansion ratio ${Math.round(declaredAll / bytes.length)}`);

  const docBytes = await readEntry(docFile, budget);
  if (budget.expanded > RATIO_FLOOR && budget.expanded / bytes.length > maxRatio)
    throw bomb(`expansion ratio ${Math.round(budget.expanded / bytes.length)}`);
  let stylesXml: string | undefined;
  if (stylesFile) {
    try {
      stylesXml = decodeXml(await readEntry(stylesFile, budget));
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
      stylesXml = undefined;
    }
  }
  let numberingXml: string | undefined;
  if (numberingFile) {
    try {
      numberingXml = decodeXml(await readEntry(numberingFile, budget));
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
      numberingXml = undefined;
    }
  }
  if (budget.expanded > RATIO_FLOOR && budget.expanded / bytes.length > maxRatio)
    throw bomb(`expansion ratio ${Math.round(budget.expanded / bytes.length)}`);

  const root = parseXml(decodeXml(docBytes), SKIP);
  if (!/(^|:)document$/.test(root.name)) throw notDocx(`root element ${root.name}`);
  const body = child(root, 'w:body');
  if (!body) throw notDocx('no w:body');
  const ctx: Ctx = {
    styles: parseStyles(stylesXml),
    numbering: parseNumbering(numberingXml),
    out: [],
    budget: { nodes: 0 },
  };
  blocks(ctx, body);
  return ctx.out;
}
