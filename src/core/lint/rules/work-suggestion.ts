/** 以工作建议代替批评: the problems part asks the organization or superiors for something. */
import type { Rule } from '../types.js';
import { sentences } from '../util.js';

const WHO = '(?:上级|组织|单位|领导|有关部门|相关部门|上级部门|主管部门|局里|县里|市里|班子|党委|党组)';
const SUGGEST = new RegExp(
  [
    `(?:^|[，,])(?:建议|希望|恳请|请求)${WHO}`,
    `${WHO}(?:应当|应该|应|要|需要)(?:进一步)?(?:加大|增加|给予|出台|提供|解决|多|重视|关心|配备|保障)`,
    `(?:经费|编制|人手|人员|资金|待遇|保障)(?:投入)?(?:不足|短缺|紧张)[^。；]{0,12}(?:建议|希望|应)`,
  ].join('|'),
);

export const workSuggestion: Rule = {
  id: 'work-suggestion',
  title: '以工作建议代替批评',
  severity: 'warning',
  why: '对照检查要查摆自身问题；向组织或上级提要求、提建议，是以工作建议代替自我批评，审核会退回。',
  check({ material: m }) {
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      for (const s of sentences(m.text, m.problems[i].textSpan)) {
        if (!SUGGEST.test(s.text)) continue;
        out.push({
          message: '这是对工作或上级的建议，不是对自身问题的批评。',
          part: 'problems' as const,
          item: i,
          start: s.start,
          end: s.end,
        });
      }
    }
    return out;
  },
};
