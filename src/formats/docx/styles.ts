/** Word styles (styles.xml): heading levels by id, name and outline level through `basedOn`, bold, alignment. */
import { type XmlEl, attr, child, onOff, parseXml } from './xml.js';
import type { ParagraphHint } from '../../core/material/hints.js';

// ---------------------------------------------------------------- styles

export type Level = NonNullable<ParagraphHint['style']>;
export type Align = NonNullable<ParagraphHint['align']>;

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

export interface Styles {
  byId: Map<string, StyleDef>;
  defaultParagraph?: string;
  defaultBold?: boolean;
}

export function mapAlign(v: string | undefined): Align | undefined {
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

export function parseStyles(xml: string | undefined): Styles {
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

export function levelOfOutline(l: number | undefined): Level | undefined {
  if (l === undefined || l > 3) return undefined;
  return `heading${l + 1}` as Level;
}

/** Walk `basedOn` (bounded, cycle-safe) and return the first defined value of `pick`. */
export function inherit<T>(
  styles: Styles,
  id: string | undefined,
  pick: (s: StyleDef) => T | undefined,
): T | undefined {
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

export function styleLevel(styles: Styles, id: string | undefined): Level | undefined {
  if (!id) return undefined;
  // The style's own name/id first, then outline levels and names up the basedOn chain.
  return (
    inherit(styles, id, (s) => levelOfName(s.name) ?? levelOfOutline(s.outlineLvl)) ??
    (styles.byId.has(id) ? undefined : levelOfName(id))
  );
}
