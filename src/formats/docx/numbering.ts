/** Word's automatic numbering (numbering.xml): the labels ("一、", "（二）", "1.") written into the text. */
import { type XmlEl, attr, child, parseXml } from './xml.js';
import { circledNumeral, toChineseNumeral } from '../../core/text/numerals.js';

// ---------------------------------------------------------------- automatic numbering (numbering.xml)

interface LevelDef {
  start: number;
  fmt: string;
  text: string;
}

export interface Numbering {
  /** numId → abstractNumId and per-level start overrides */
  nums: Map<string, { abs: string; overrides: Map<number, number> }>;
  abstracts: Map<string, Map<number, LevelDef>>;
  /** counters per abstract list (Word continues a list across num instances of one abstractNum) */
  counters: Map<string, number[]>;
  /** num instances whose start overrides were applied */
  started: Set<string>;
}

export function parseNumbering(xml: string | undefined): Numbering | undefined {
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
export function numberLabel(num: Numbering, numId: string, ilvl: number): string {
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
