/** 年年一个样: a problem point nearly identical to one in the author's previous material. */
import type { Rule } from '../types.js';
import { bigramCodes, clip, norm } from '../util.js';

/** Dice coefficient over character-bigram sets at or above which two points are "the same". */
export const REPEAT_SIMILARITY = 0.72;
const MIN_CHARS = 10;

function dice(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  const [s, l] = a.size < b.size ? [a, b] : [b, a];
  for (const g of s) if (l.has(g)) inter++;
  return (2 * inter) / (a.size + b.size);
}

const MARKER = /^(?:[一二三四五六七八九十]+是|\d+|[一二三四五六七八九十]+)/;

export const repeatedFromLastYear: Rule = {
  id: 'repeated-from-last-year',
  title: '与上年材料雷同',
  severity: 'warning',
  why: '同一个问题年年照抄（“理论学习不深不透”“担当精神有所弱化”），说明上年没有真正整改，也没有重新查摆；审核会把它当作复制上年材料。若确属整改未到位的老问题，应写明上年整改情况和仍未解决的原因。',
  check({ material: m, ctx }) {
    const prev = ctx.previous;
    if (!prev) return [];
    const old: { g: Set<number>; text: string }[] = [];
    for (const p of prev.problems)
      for (const t of p.points) {
        const n = norm(t).replace(MARKER, '');
        if (n.length >= MIN_CHARS) old.push({ g: bigramCodes(n), text: t });
      }
    if (!old.length) return [];
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      const p = m.problems[i];
      for (let k = 0; k < p.points.length; k++) {
        const n = norm(p.points[k]).replace(MARKER, '');
        if (n.length < MIN_CHARS) continue;
        const g = bigramCodes(n);
        let best = 0;
        let bestText = '';
        for (const o of old) {
          // Sets of very different sizes cannot reach the threshold: skip the count.
          const lo = Math.min(g.size, o.g.size);
          if ((2 * lo) / (g.size + o.g.size) < REPEAT_SIMILARITY) continue;
          const d = dice(g, o.g);
          if (d > best) {
            best = d;
            bestText = o.text;
          }
        }
        if (best < REPEAT_SIMILARITY) continue;
        const sp = p.pointSpans[k];
        out.push({
          message: `这一条与上年材料中的“${clip(bestText, 20)}”几乎相同（相似度${Math.round(best * 100)}%）。`,
          part: 'problems' as const,
          item: i,
          start: sp.start,
          end: sp.end,
        });
      }
    }
    return out;
  },
};
