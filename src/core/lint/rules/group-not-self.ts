/** In an individual's material, the group's problems (我们 / 班子 / 有的同志) instead of one's own. */
import type { Rule } from '../types.js';
import { sentences } from '../util.js';

const GROUP =
  /我们|班子(?!成员|其他|同志)|我局|我单位|本单位|全体(?:党员|干部)|部分(?:党员|干部|同志)|有的(?:党员|干部|同志)|个别(?:党员|干部|同志)|一些(?:党员|干部|同志)|大家/;
/** 我 alone (not 我们/我局 …), 本人, 自己, 自身: the author speaking of himself. */
const SELF = /我(?![们国省市县区局厅委办部院所校单])|本人|自己|自身|个人/;
/** Sentences about how one treats others ("对有的同志碍于情面") are one's own fault. */
const TOWARDS =
  /对(?:班子|我们|部分|有的|个别|一些|大家)|对[^。；，]{0,8}(?:同志|党员|干部)|(?:帮助|督促|提醒|教育|批评|管理)[^。；]{0,6}(?:同志|党员|干部)/;

export const groupNotSelf: Rule = {
  id: 'group-not-self',
  title: '以集体问题代替个人问题',
  severity: 'warning',
  why: '个人对照检查要讲“我”的问题；写成“我们”“班子”“有的同志”的问题，是把个人责任推给集体，审核会要求改为自我剖析。',
  check({ material: m, kind }) {
    if (kind !== '个人') return [];
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      for (const s of sentences(m.text, m.problems[i].textSpan)) {
        const g = GROUP.exec(s.text);
        if (!g || SELF.test(s.text) || TOWARDS.test(s.text)) continue;
        out.push({
          message: `个人材料中写的是“${g[0]}”的问题：请写成自己的问题。`,
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
