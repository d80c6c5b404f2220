/**
 * Chinese numerals and the numbering markers of Chinese documents — the one place they are spelled.
 * `core/material/outline.ts` reads markers with them (`markerAt`); cleaning, restructuring, lint,
 * frameworks and the .docx reader build their patterns from the sources here.
 */

/** Chinese numerals as used in document numbering (一、（二）十三、). */
const DIGITS = '零一二三四五六七八九';

/** The numerals of numbering, as the body of a character class: [${CN_NUMERALS}]. */
export const CN_NUMERALS = '一二三四五六七八九十';

/**
 * Regular-expression sources of the numbering markers, one per style, without the punctuation that
 * may follow them: 一、 第一部分 （一） （1） 1、 1. ① 一是 一要 第一， 首先/其次/最后. The numeral is the
 * first capture group (the word for `seq`).
 */
export const MARKER_SOURCES = {
  part: `第([${CN_NUMERALS}百]{1,3})部分`,
  pcn: `[（(]\\s*([${CN_NUMERALS}百]{1,3})\\s*[）)]`,
  cn: `([${CN_NUMERALS}百]{1,3})\\s*[、.．]`,
  par: `[（(]\\s*(\\d{1,2})\\s*[）)]`,
  ar: `(\\d{1,2})\\s*(?:[、．]|\\.(?!\\d))`,
  circ: '([①-⑳])',
  shi: `([${CN_NUMERALS}]{1,3})是`,
  yao: `([${CN_NUMERALS}]{1,3})要(?![求素件点闻])`,
  di: `第([${CN_NUMERALS}]{1,3})(?=[，,、：:])`,
  seq: '(首先|其次|再次|最后)',
} as const;

/** A numbering marker of any style at the start of a string, with the punctuation and spaces after it. */
export const LEADING_MARKER = new RegExp(
  `^\\s*(?:${Object.values(MARKER_SOURCES).map(uncaptured).join('|')})[，,、：:.．\\s]*`,
);

/** A pattern's capture groups made non-capturing (brackets inside a character class stay). */
function uncaptured(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += !inClass && c === '(' && src[i + 1] !== '?' ? '(?:' : c;
  }
  return out;
}

/** The string without its leading numbering marker ("（二）理论学习方面" → "理论学习方面"). */
export function stripLeadingMarker(s: string): string {
  return s.replace(LEADING_MARKER, '');
}

/** Whether a string opens with a numbering marker. */
export function startsWithMarker(s: string): boolean {
  return LEADING_MARKER.test(s);
}

export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '');
  if (n < 100) return DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS[n % 10] : '');
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (rest === 0) return DIGITS[h] + '百';
  if (rest < 10) return DIGITS[h] + '百零' + DIGITS[rest];
  return DIGITS[h] + '百' + (rest < 20 ? '一' : '') + toChineseNumeral(rest);
}

/** Parse 一 … 九百九十九 (also 两, 〇); NaN when not a numeral. */
export function fromChineseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const map: Record<string, number> = {
    零: 0,
    〇: 0,
    一: 1,
    二: 2,
    两: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
  };
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch in map) cur = map[ch];
    else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else return NaN;
  }
  return total + cur;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
export function circledNumeral(n: number): string {
  return CIRCLED[n - 1] ?? `(${n})`;
}
export function fromCircled(ch: string): number {
  const i = CIRCLED.indexOf(ch);
  return i < 0 ? NaN : i + 1;
}
