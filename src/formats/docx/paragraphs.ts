/** The document walk: paragraphs of the body in reading order, with their hints; hidden and deleted text left out. */
import { notDocx } from './errors.js';
import { type Numbering, numberLabel } from './numbering.js';
import { type Align, type Level, type Styles, inherit, levelOfOutline, mapAlign, styleLevel } from './styles.js';
import { type XmlEl, attr, child, onOff } from './xml.js';
import type { ParagraphHint } from '../../core/material/hints.js';

export interface DocxParagraph {
  text: string;
  hint?: ParagraphHint;
}

/** Elements whose content is never body text of the material. */
export const SKIP = new Set([
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

/** The paragraphs of a document body, with the styles' and the numbering's hints. */
export function readBody(body: XmlEl, styles: Styles, numbering: Numbering | undefined): DocxParagraph[] {
  const ctx: Ctx = { styles, numbering, out: [], budget: { nodes: 0 } };
  blocks(ctx, body);
  return ctx.out;
}
