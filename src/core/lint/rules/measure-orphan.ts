/**
 * A measure that answers none of the listed problems. Measures and problems rarely share their
 * wording, so the test is generous: a measure is answered when it names the aspect (or a word of
 * it) of some problem, or shares enough distinctive character pairs with the problems.
 */
import type { Rule } from '../types.js';
import { bigramCodes, norm } from '../util.js';
import { itemHead } from './shared.js';
import { rootsOf } from './cause-uncovered.js';

/** Pairs every measure and every problem use: they prove nothing about correspondence. */
const COMMON = new Set(
  (
    '加强 强化 提高 提升 进一步 一步 坚持 切实 认真 深入 工作 问题 自己 自身 不断 始终 做到 持续 推动 落实 严格 全面 努力 做好 更加 要求 同志 党员 干部 ' +
    '不够 不足 存在 没有 时候 方面 一些 有时 上级 组织 我们 思想 认识 能力 意识 精神 党的 中央 习近 近平 总书 书记 新时 时代 特色 社会 主义'
  )
    .split(' ')
    .flatMap((w) => [...bigramCodes(w)]),
);

function distinct(s: string): Set<number> {
  const g = bigramCodes(s);
  for (const c of COMMON) g.delete(c);
  return g;
}

export const measureOrphan: Rule = {
  id: 'measure-orphan',
  title: '措施未对应问题',
  severity: 'info',
  why: '整改措施要对着查摆出的问题来写，一个问题一个措施；与问题无关的措施，说明措施是套用的。',
  check({ material: m, framework: fw }) {
    if (!m.problems.length || !m.measures.length) return [];
    const problemText = norm(m.problems.map((p) => p.heading + p.text).join(''));
    const problemGrams = distinct(problemText);
    const words = new Set<string>();
    for (const p of m.problems) {
      const a = fw?.aspects.find((x) => x.id === p.aspect);
      if (a) for (const w of [a.name, ...a.aliases]) if (w.length >= 2 && w.length <= 6) words.add(w);
      for (const w of rootsOf(a, p.heading)) words.add(w);
    }
    const wordList = [...words];
    const out = [];
    for (let i = 0; i < m.measures.length; i++) {
      const x = m.measures[i];
      const body = norm(x.heading + x.text);
      if (wordList.some((w) => body.includes(w))) continue;
      const g = distinct(body);
      if (g.size < 8) continue;
      let shared = 0;
      for (const b of g) if (problemGrams.has(b)) shared++;
      if (shared / g.size >= 0.12 || shared >= 12) continue;
      out.push({
        message: `措施“${x.heading || x.text.slice(0, 12)}”与查摆出的问题找不到对应关系。`,
        part: 'measures' as const,
        item: i,
        ...itemHead(m.text, x),
      });
    }
    return out;
  },
};
