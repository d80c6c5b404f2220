/**
 * A problem that no cause reaches. Causes are usually organized by root (理想信念, 宗旨意识, 党性…)
 * rather than by aspect, so the test is generous: a problem is covered when the causes mention
 * its aspect or one of the roots its aspect usually grows from, or share its distinctive words.
 */
import type { Rule } from '../types.js';
import type { Aspect } from '../../frameworks/framework.js';
import { itemHead } from './shared.js';
import { norm } from '../util.js';

/** Roots a reviewer accepts as the cause of a problem, by words of the aspect. */
const ROOTS: [RegExp, string[]][] = [
  [/学习|理论|学懂|创新理论|理想信念|党史/, ['学习', '理论', '理想信念', '世界观', '主观世界', '思想']],
  [
    /政治|两个维护|两个确立|四个意识|忠诚|纪律|规矩|团结/,
    ['政治', '理想信念', '党性', '纪律', '规矩', '忠诚', '四个意识'],
  ],
  [/能力|本领|斗争|创新|新发展|高质量/, ['能力', '本领', '学习', '进取', '斗争', '知识', '实践']],
  [
    /担当|作为|担责|攻坚|先锋|模范|决策部署/,
    ['担当', '责任', '进取', '精神状态', '安于现状', '求稳', '初心', '使命', '党性'],
  ],
  [/作风|群众|为民|宗旨|人民|初心|服务/, ['作风', '宗旨', '群众', '人民', '初心', '服务']],
  [
    /党性|党员|先锋|模范|组织生活/,
    ['党性', '党员意识', '党员身份', '组织观念', '组织意识', '先锋', '模范', '宗旨', '理想信念'],
  ],
  [
    /廉洁|廉政|自律|从严治党|党性|纪律|用权|权力/,
    ['廉洁', '廉政', '自律', '纪律', '党性', '从严治党', '底线', '规矩', '权力', '警示'],
  ],
];

export function rootsOf(a: Aspect | undefined, heading: string): string[] {
  const key = (a ? a.name + a.aliases.join('') : '') + heading;
  const out = new Set<string>();
  for (const [re, words] of ROOTS) if (re.test(key)) words.forEach((w) => out.add(w));
  if (a) for (const w of [a.name, ...a.aliases]) if (w.length >= 2 && w.length <= 6) out.add(w);
  return [...out];
}

export const causeUncovered: Rule = {
  id: 'cause-uncovered',
  title: '问题缺少原因剖析',
  severity: 'info',
  why: '原因要与查摆的问题对应：每个问题都应能在原因剖析中找到它的思想根源，否则原因就是脱离问题的套话。',
  check({ material: m, framework: fw }) {
    if (!m.causes.length || !m.problems.length) return [];
    const causes = norm(m.causes.map((c) => c.heading + c.text).join(''));
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      const p = m.problems[i];
      const a = fw?.aspects.find((x) => x.id === p.aspect);
      const words = rootsOf(a, p.heading);
      if (!words.length) continue; // nothing to go by: stay silent
      if (words.some((w) => causes.includes(w))) continue;
      out.push({
        message: `原因剖析中找不到与“${p.heading || '该问题'}”对应的思想根源。`,
        part: 'problems' as const,
        item: i,
        ...itemHead(m.text, p),
      });
    }
    return out;
  },
};
