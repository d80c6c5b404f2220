/**
 * 穿越: wording from another year — a 2023 material studying 十九大精神 as current, "本次党史学习
 * 教育" in a 2023 meeting, a deadline already past when the meeting is held. Copying last year's
 * or an old template leaves exactly these.
 */
import type { RawFinding, Rule } from '../types.js';
import { locate } from '../util.js';

const CONGRESS: Record<string, number> = { 十六: 16, 十七: 17, 十八: 18, 十九: 19, 二十: 20 };

/** Congresses whose 精神 a meeting of that year may study as current. */
export function currentCongresses(year: number): number[] {
  if (year >= 2028) return [21];
  if (year === 2027) return [20, 21];
  if (year >= 2023) return [20];
  if (year === 2022) return [19, 20];
  if (year >= 2018) return [19];
  if (year === 2017) return [18, 19];
  if (year >= 2013) return [18];
  return [];
}

const STUDY_CONGRESS =
  /(?:学习|贯彻|落实|宣传|领会|践行)[^。；，]{0,6}?(?:党的)?(十六|十七|十八|十九|二十)(?:大|届[一二三四五六七]中全会)(?!以来|召开以来|之后|后)/g;

/** Campaigns with the years a meeting can call them "this" campaign. */
const CAMPAIGNS: { re: string; years: [number, number]; name: string }[] = [
  { re: '群众路线教育实践活动', years: [2013, 2014], name: '党的群众路线教育实践活动' },
  { re: '三严三实(?:专题教育)?', years: [2015, 2016], name: '“三严三实”专题教育' },
  { re: '两学一做(?:学习教育)?', years: [2016, 2018], name: '“两学一做”学习教育' },
  { re: '不忘初心[、，]?牢记使命[”"]?主题教育', years: [2019, 2020], name: '“不忘初心、牢记使命”主题教育' },
  { re: '党史学习教育', years: [2021, 2022], name: '党史学习教育' },
  {
    re: '学习贯彻习近平新时代中国特色社会主义思想主题教育',
    years: [2023, 2024],
    name: '学习贯彻习近平新时代中国特色社会主义思想主题教育',
  },
  { re: '党纪学习教育', years: [2024, 2025], name: '党纪学习教育' },
  { re: '深入贯彻中央八项规定精神学习教育', years: [2025, 2026], name: '深入贯彻中央八项规定精神学习教育' },
];
const THIS_CAMPAIGN = new RegExp(
  `(?:本次|这次|此次|今年|正在开展的|当前开展的)[^。；，]{0,4}?(?:[“"])?(${CAMPAIGNS.map((c) => c.re).join('|')})`,
  'g',
);

export const residueEra: Rule = {
  id: 'residue-era',
  title: '年份或时代表述不符',
  severity: 'warning',
  why: '照搬往年材料或旧模板时，会留下过时的会议精神、上一轮学习教育的名称和已经过期的整改时限；这是审核判断“照抄往年”的直接证据。',
  check({ material: m, meetingYear: year, ctx }) {
    if (!year) return [];
    const out: RawFinding[] = [];
    const now = currentCongresses(year);
    if (now.length) {
      STUDY_CONGRESS.lastIndex = 0;
      let x: RegExpExecArray | null;
      while ((x = STUDY_CONGRESS.exec(m.text))) {
        const n = CONGRESS[x[1]];
        if (now.includes(n) || n > Math.max(...now)) continue;
        const at = x.index + x[0].indexOf(x[1]);
        out.push({
          message: `${year}年的材料把“党的${x[1]}${x[0].includes('届') ? '届全会' : '大'}”当作当前要学习贯彻的精神：可能是套用旧材料。`,
          ...locate(m, at),
          start: at,
          end: x.index + x[0].length,
        });
      }
    }
    THIS_CAMPAIGN.lastIndex = 0;
    let c: RegExpExecArray | null;
    while ((c = THIS_CAMPAIGN.exec(m.text))) {
      const camp = CAMPAIGNS.find((k) => new RegExp(`^(?:${k.re})$`).test(c![1]));
      if (!camp || (year >= camp.years[0] && year <= camp.years[1])) continue;
      const at = c.index + c[0].indexOf(c[1]);
      out.push({
        message: `${year}年的材料把“${camp.name}”（${camp.years[0]}年）称为本次学习教育：可能是套用旧材料。`,
        ...locate(m, at),
        start: at,
        end: at + c[1].length,
      });
    }
    m.measures.forEach((x, i) => {
      const y = x.deadlineDate ? +x.deadlineDate.slice(0, 4) : null;
      if (y === null || y >= year) return;
      const d = x.deadline ?? '';
      const rel = m.text.indexOf(d, x.span.start);
      const at =
        rel >= 0 && rel < x.span.end
          ? { start: rel, end: rel + d.length }
          : { start: x.span.start, end: Math.min(x.span.end, x.span.start + 20) };
      out.push({
        message: `整改时限“${d}”早于${year}年：可能是沿用往年材料的时限。`,
        part: 'measures',
        item: i,
        ...at,
      });
    });
    const ty = /(20\d\d)\s*年/.exec(m.title);
    if (ty && ctx.meetingYear && +ty[1] !== ctx.meetingYear && +ty[1] !== ctx.meetingYear - 1)
      out.push({
        message: `标题中的年份（${ty[1]}年）与本次会议（${ctx.meetingYear}年）不符。`,
        part: 'title',
        item: null,
        start: m.titleSpan.start + ty.index,
        end: m.titleSpan.start + ty.index + ty[0].length,
      });
    return out;
  },
};
