/** 原因找客观: causes that blame workload, time or conditions instead of one's own thinking. */
import type { Rule } from '../types.js';
import { sentences } from '../util.js';

const EXCUSE = new RegExp(
  [
    '工作(?:太|很|较|比较|特别|十分)?(?:忙|繁忙|繁重)',
    '任务(?:太|很|较|比较|特别|十分)?(?:重|繁重|繁杂)',
    '事务(?:性工作)?(?:太|很|较|比较)?(?:繁杂|繁多|多|缠身)',
    '客观(?:条件|原因|因素|环境)',
    '时间(?:太|很|较|比较)?(?:紧|紧张|不够|有限)',
    '精力(?:有限|不够|不足)',
    '人手(?:少|不足|紧张|有限)',
    '(?:条件|经费|资金)(?:有限|限制|艰苦|不足|紧张)',
    '基础(?:太|较|比较)?(?:薄弱|差)',
    '历史(?:原因|遗留)',
    '(?:疫情|上级)(?:影响|安排过多|要求过多)',
    '会议(?:太|过)多|文件(?:太|过)多',
  ].join('|'),
);
/**
 * The excuse named in order to be rejected ("不能以工作忙为借口") is self-criticism, and so is the
 * attitude confessed ("客观上强调工作忙…", "认为工作繁重而不想做…的根源在于自己的事业心不强").
 */
const REJECTED =
  /借口|托词|托辞|理由|推脱|推卸|归咎|不能|不应|不是|而是|表面上|看似|说到底|归根结底|根本上|实质上|本质上|自我|主观|强调|在于自[己身]|认为|觉得|以为/;

export const causeCircumstance: Rule = {
  id: 'cause-circumstance',
  title: '原因归于客观',
  severity: 'warning',
  why: '原因剖析要从理想信念、宗旨意识、党性修养等主观方面找根源；归因于工作忙、任务重、条件差，是把问题推给客观，审核会退回。',
  check({ material: m }) {
    const out = [];
    for (let i = 0; i < m.causes.length; i++) {
      const c = m.causes[i];
      for (const s of sentences(m.text, c.span)) {
        const hit = EXCUSE.exec(s.text);
        if (!hit || REJECTED.test(s.text)) continue;
        out.push({
          message: `原因归于“${hit[0]}”等客观因素，没有从自身思想上找根源。`,
          part: 'causes' as const,
          item: i,
          start: s.start,
          end: s.end,
        });
      }
    }
    return out;
  },
};
