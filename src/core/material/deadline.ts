/**
 * Deadlines as materials state them: "2024年3月底前", "6月30日前", "年底前", "一季度", "2027年全年",
 * "2025年下半年", "二〇二五年六月底前", "立行立改", "长期坚持". Returns the phrase and, when it
 * names a year, an ISO date (the end of the period).
 *   extractDeadline('……于2024年6月底前完成') → { text: '2024年6月底前', date: '2024-06-30', kind: 'date' }
 *   extractDeadline('2027年全年') → { text: '2027年全年', date: '2027-12-31', kind: 'date' }
 */
export interface Deadline {
  text: string;
  date: string | null;
  kind: 'date' | 'immediate' | 'long-term';
}

const CN_Q: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** The ISO date, or null when the text names one that does not exist (2024年13月底前, 2月30日前). */
function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > endOfMonth(y, m)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function endOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const PATTERNS: { re: RegExp; date: (m: RegExpExecArray) => string | null }[] = [
  {
    // "（完成时限：2024年6月）", "截止时间：2024年12月"
    re: /(?<=(?:时限|期限|时间|截止|完成)[：:]?\s*)(\d{4})年(\d{1,2})月(?!\d{1,2}日)(?:底|末)?(?:前|以前|之前)?/,
    date: (m) => iso(+m[1], +m[2], endOfMonth(+m[1], +m[2])),
  },
  {
    re: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|以前|之前|底前)?/,
    date: (m) => (m[1] ? iso(+m[1], +m[2], +m[3]) : null),
  },
  {
    re: /(?:(\d{4})年)?(\d{1,2})月份?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)/,
    date: (m) => (m[1] ? iso(+m[1], +m[2], endOfMonth(+m[1], +m[2])) : null),
  },
  {
    re: /(?:(\d{4})年)?(?:第)?([一二三四1-4])季度(?:末|底)?(?:前|以前|之前)?/,
    date: (m) => (m[1] ? iso(+m[1], CN_Q[m[2]] * 3, endOfMonth(+m[1], CN_Q[m[2]] * 3)) : null),
  },
  {
    re: /(?:(\d{4})年)?(上半年|下半年|年底|年末|年内|年中|全年)(?:底|末)?(?:前|以前|之前|内)?/,
    date: (m) => {
      if (!m[1]) return null;
      const y = +m[1];
      return m[2] === '上半年' || m[2] === '年中' ? iso(y, 6, 30) : iso(y, 12, 31);
    },
  },
  { re: /(\d{4})年(?:底|末)?(?:前|以前|之前)/, date: (m) => iso(+m[1], 12, 31) },
  // "2025年底完成", "2025年6月底完成": the year and month written, without 前.
  { re: /(\d{4})年(?:底|末)/, date: (m) => iso(+m[1], 12, 31) },
  { re: /(\d{4})年(\d{1,2})月份?(?:底|末)/, date: (m) => iso(+m[1], +m[2], endOfMonth(+m[1], +m[2])) },
  { re: /(\d{4})年度(?:内|以内|底前|末前|结束前)/, date: (m) => iso(+m[1], 12, 31) },
  { re: /(\d{4})年(?:内|以内)/, date: (m) => iso(+m[1], 12, 31) },
];

const CN_DIGIT: Record<string, string> = {
  〇: '0',
  零: '0',
  Ｏ: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const CN_MONTH: Record<string, string> = { 十: '10', 十一: '11', 十二: '12' };

/**
 * Years and months written in Chinese numerals ("二〇二七年", "六月", "十二月") as Arabic digits, so
 * the patterns read them; positions are mapped back so the phrase is returned as written.
 */
function arabic(text: string): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  const re = /([〇零Ｏ一二三四五六七八九]{4})(?=年)|(?<=年)(十[一二]?|[一二三四五六七八九])(?=月)/gu;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) {
      out += text[i];
      at.push(i);
    }
    const digits = m[1] ? [...m[1]].map((c) => CN_DIGIT[c]).join('') : (CN_MONTH[m[2]] ?? CN_DIGIT[m[2]]);
    for (const d of digits) {
      out += d;
      at.push(m.index);
    }
    at[at.length - 1] = m.index + m[0].length - 1;
    last = m.index + m[0].length;
  }
  for (let i = last; i < text.length; i++) {
    out += text[i];
    at.push(i);
  }
  return { text: out, at };
}

export function extractDeadline(source: string): Deadline | null {
  const { text, at } = arabic(source);
  const written = (start: number, len: number) => source.slice(at[start], at[start + len - 1] + 1);
  let best: { d: Deadline; at: number } | null = null;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    // A bare "2023年" in running text is no deadline; require a deadline word nearby.
    const around = text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 8);
    if (!/前|底|末|完成|时限|期限|截止|季度|半年|年内|全年|年度内|年度底|年度末|年度结束/.test(around)) continue;
    if (!best || m.index < best.at)
      best = { d: { text: written(m.index, m[0].length), date: p.date(m), kind: 'date' }, at: m.index };
  }
  if (best) return best.d;
  const imm = /立行立改|立即整改|即知即改|马上就办/.exec(text);
  if (imm) return { text: imm[0], date: null, kind: 'immediate' };
  // After a 时限 label, "长期" alone and "持续…" are what the author set as the term.
  const labelled = /(?:时限|期限|完成时间|整改时间)[：:]\s*(长期(?:坚持|推进|执行)?|持续(?:推进|整改|开展|抓好))/u.exec(
    text,
  );
  if (labelled) return { text: labelled[1], date: null, kind: 'long-term' };
  const lt = /长期坚持|长期推进|长期执行|常态长效|常态化推进|持续推进|长期抓/.exec(text);
  if (lt && /长期坚持|长期推进|长期执行|常态长效|常态化推进/.test(lt[0]))
    return { text: lt[0], date: null, kind: 'long-term' };
  return null;
}
