/**
 * A problem point stated only in general terms: no 比如/例如, and no time, number, named project or
 * person that would let a reader see the case ("见人见事见思想").
 */
import type { Rule } from '../types.js';
import { CN_NUMERALS, stripLeadingMarker } from '../../text/numerals.js';

/** Numbered slogans are formulations, not facts: they must not count as "a number". */
const SLOGANS = new RegExp(
  String.raw`八项规定|八项义务|四个意识|四个自信|两个维护|两个确立|三严三实|两学一做|四风|[${CN_NUMERALS}]个方面|两个责任|一岗双责|三会一课|三重一大|四下基层|四不两直|七个有之|四个全面|五位一体|两个务必|三个务必|一线|第一身份|第一职责|一把手`,
  'g',
);
const CONCRETE = [
  /\d/,
  /[两二三四五六七八九十百千万半]+(?:次|个|项|人|件|条|天|周|个月|年|篇|场|家|户|名|批|期|本|元|份|处|起|宗|轮|笔|所|村|小时|分钟|遍|张|台|亩|公里)/,
  /有一次|一次|一回/,
  new RegExp(
    String.raw`今年|去年|前年|年初|年中|年底|上半年|下半年|春节|国庆|汛期|[${CN_NUMERALS}]{1,2}月(?!份的)|季度|上周|上月|本月`,
  ),
  /《[^》]{2,30}》/,
  /[\u4e00-\u9fff]某(?!些|种|个|项|方面|一)|某某/,
];

export function isConcrete(s: string): boolean {
  const t = s.replace(SLOGANS, '');
  return CONCRETE.some((re) => re.test(t));
}

export const noConcreteCase: Rule = {
  id: 'no-concrete-case',
  title: '缺少具体事例',
  severity: 'warning',
  why: '审核最常见的退回理由是“只有概括，没有事例”：问题要见人见事见思想，写出时间、地点、数字、项目或人，才能看出是真查摆而不是套话。',
  check({ material: m }) {
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      const p = m.problems[i];
      for (let k = 0; k < p.pointSpans.length; k++) {
        if (p.exampleOf.includes(k)) continue;
        const sp = p.pointSpans[k];
        const raw = m.text.slice(sp.start, sp.end);
        const body = stripLeadingMarker(raw);
        if (body.replace(/\s/g, '').length < 16) continue;
        if (isConcrete(body)) continue;
        const lead = raw.length - body.length;
        out.push({
          message:
            p.pointSpans.length > 1
              ? `“${p.heading || '该问题'}”的第${k + 1}条只有概括表述，没有具体事例。`
              : `“${p.heading || '该问题'}”只有概括表述，没有具体事例。`,
          part: 'problems' as const,
          item: i,
          start: sp.start + lead,
          end: sp.end,
        });
      }
    }
    return out;
  },
};
