/** Chinese numerals as used in document numbering (一、（二）十三、). */
const DIGITS = '零一二三四五六七八九';

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
