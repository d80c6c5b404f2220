/** A measure with neither a deadline nor a measurable target. */
import type { Rule } from '../types.js';
import { extractDeadline } from '../../material/deadline.js';
import { itemHead } from './shared.js';

/** A number, a cadence or a countable commitment: something a reviewer could check later. */
const TARGET =
  /\d|每(?:天|日|周|月|季度?|半年|年)|[两二三四五六七八九十百千]+(?:次|个|篇|项|场|本|人次|天|户|件|条|期|轮)|不少于|不低于|至少|以上|覆盖率|全覆盖|清零|销号/;

const WHEN = /(?:20\d\d|今)年(?:\d{1,2}月)?起|即日起|从现在起|每(?:天|日|周|月|季度?|半年|年)|全年|年度/;

export const measureNoDeadline: Rule = {
  id: 'measure-no-deadline',
  title: '措施缺少时限或目标',
  severity: 'warning',
  why: '整改措施要具体、可衡量、有时限（写明“××年×月底前”或“立行立改”），才能列入整改台账、逐项销号；只有态度没有时限的措施无法检查。',
  check({ material: m }) {
    const out = [];
    for (let i = 0; i < m.measures.length; i++) {
      const x = m.measures[i];
      const body = x.heading + '。' + x.text;
      const deadline = x.deadline ?? extractDeadline(body)?.text ?? null;
      if (deadline) continue;
      const target = TARGET.test(body);
      // A standing commitment with a start date or cadence and a number is checkable as it is.
      if (target && WHEN.test(body)) continue;
      out.push({
        message: target
          ? `措施“${x.heading || x.text.slice(0, 12)}”有具体目标，但未写明完成时限。`
          : `措施“${x.heading || x.text.slice(0, 12)}”既没有完成时限，也没有可衡量的目标。`,
        severity: target ? ('info' as const) : undefined,
        part: 'measures' as const,
        item: i,
        ...itemHead(m.text, x),
      });
    }
    return out;
  },
};
