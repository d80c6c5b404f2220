/** 以成绩代替问题: a "problem" that is really praise (too much dedication, too high standards …). */
import type { Rule } from '../types.js';
import { sentences } from '../util.js';

/** Phrases that present a virtue as a fault — the classic disguise reviewers name. */
const PRAISE = new RegExp(
  [
    '工作(?:热情|标准|要求)(?:过|太)高',
    '对(?:自己|下属|同志|干部)要求(?:过|太)(?:严|高)',
    '(?:过于|太)(?:追求完美|认真|较真|敬业|执着)',
    '(?:经常|长期|常常)?(?:加班加点|牺牲(?:了)?(?:休息|节假日|周末))',
    '带病(?:坚持)?工作',
    '(?:顾不上|照顾不了|忽视了|忽略了)(?:家庭|家人|身体|休息)',
    '(?:一心|全身心)扑在工作上',
    '取得了?(?:显著|明显|突出|较好|很大)(?:的)?(?:成效|成绩|成果)',
    '(?:成绩|成效)(?:显著|突出|明显)',
    '做了大量(?:卓有成效的)?工作',
    '得到(?:了)?(?:上级|领导|群众|组织)(?:的)?(?:充分)?(?:肯定|好评|表扬|认可)',
    '工作(?:干劲|劲头)(?:过|太)足',
  ].join('|'),
);
/** Sentences that name the virtue in order to reject it are honest self-criticism. */
const HONEST = /不能|不是|而不是|借口|掩盖|代替|自我满足|沾沾自喜|满足于|陶醉|骄傲/;

export const achievementDisguise: Rule = {
  id: 'achievement-disguise',
  title: '以成绩代替问题',
  severity: 'warning',
  why: '把“工作太投入、要求太严、顾不上家庭”写成问题，是以优点代替缺点；审核会认为没有真正查摆自身问题。',
  check({ material: m }) {
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      const p = m.problems[i];
      for (const s of sentences(m.text, p.textSpan)) {
        const hit = PRAISE.exec(s.text);
        if (!hit || HONEST.test(s.text)) continue;
        out.push({
          message: `“${hit[0]}”是成绩或优点，不是问题：请写出自身真实的不足。`,
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
