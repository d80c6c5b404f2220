/**
 * 年年一个样: a problem written again that the author had before — a point nearly identical to one
 * in the author's material of an earlier year (the previous year's first, then older ones), or a
 * problem nearly identical to an item of the author's rectification ledger from an earlier year
 * that is still open (overdue, as a rule). The data comes in the context (the server reads the
 * author's earlier materials and open ledger items); the rule itself reads nothing.
 */
import type { RawFinding, Rule } from '../types.js';
import { bigramCodes, clip, norm } from '../util.js';
import { itemHead } from './shared.js';
import { CN_NUMERALS } from '../../text/numerals.js';
import { problemSimilarity, RECURRENCE_THRESHOLD } from '../../ledger/recurrence.js';

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

const MARKER = new RegExp(String.raw`^(?:[${CN_NUMERALS}]+是|\d+|[${CN_NUMERALS}]+)`);

export const repeatedFromLastYear: Rule = {
  id: 'repeated-from-last-year',
  title: '与上年材料雷同',
  severity: 'warning',
  why: '同一个问题年年照抄（“理论学习不深不透”“担当精神有所弱化”），说明上年没有真正整改，也没有重新查摆；审核会把它当作复制上年材料。若确属整改未到位的老问题（整改台账里该项还未销号），应写明上年整改情况和仍未解决的原因。',
  check({ material: m, ctx, meetingYear }) {
    const out: RawFinding[] = [];
    // Earlier materials: the previous year's, then older ones (a point found in both is named once,
    // with the most recent year).
    const sources = [
      ...(ctx.previous ? [{ year: meetingYear ? meetingYear - 1 : null, material: ctx.previous }] : []),
      ...(ctx.earlierMaterials ?? []).filter((e) => e.material !== ctx.previous),
    ];
    const old: { g: Set<number>; text: string; year: number | null }[] = [];
    for (const src of sources)
      for (const p of src.material.problems)
        for (const t of p.points) {
          const n = norm(t).replace(MARKER, '');
          if (n.length >= MIN_CHARS) old.push({ g: bigramCodes(n), text: t, year: src.year });
        }
    const lastYear = meetingYear ? meetingYear - 1 : null;
    if (old.length)
      for (let i = 0; i < m.problems.length; i++) {
        const p = m.problems[i];
        for (let k = 0; k < p.points.length; k++) {
          const n = norm(p.points[k]).replace(MARKER, '');
          if (n.length < MIN_CHARS) continue;
          const g = bigramCodes(n);
          let best = 0;
          let hit: (typeof old)[number] | null = null;
          for (const o of old) {
            // Sets of very different sizes cannot reach the threshold: skip the count.
            const lo = Math.min(g.size, o.g.size);
            if ((2 * lo) / (g.size + o.g.size) < REPEAT_SIMILARITY) continue;
            const d = dice(g, o.g);
            if (d > best + 1e-9) {
              best = d;
              hit = o;
            }
          }
          if (!hit || best < REPEAT_SIMILARITY) continue;
          const sp = p.pointSpans[k];
          const when = hit.year === null || hit.year === lastYear ? '上年' : `${hit.year}年`;
          out.push({
            message: `这一条与${when}材料中的“${clip(hit.text, 20)}”几乎相同（相似度${Math.round(best * 100)}%）。`,
            part: 'problems' as const,
            item: i,
            start: sp.start,
            end: sp.end,
          });
        }
      }

    // Open ledger items of earlier years: the problem as a whole, or one of its points, against the
    // item's problem; one finding per problem (its closest item).
    const open = (ctx.openLedgerItems ?? []).filter((x) => !meetingYear || x.year < meetingYear);
    if (open.length)
      for (let i = 0; i < m.problems.length; i++) {
        const p = m.problems[i];
        const texts = [`${p.heading}${p.text}`, p.text, ...p.points].filter((t) => norm(t).length >= MIN_CHARS);
        let best = 0;
        let hit: (typeof open)[number] | null = null;
        for (const item of open)
          for (const t of texts) {
            const s = problemSimilarity(t, item.problem);
            if (s > best + 1e-9 || (hit && Math.abs(s - best) < 1e-9 && item.year > hit.year)) {
              best = s;
              hit = item;
            }
          }
        if (!hit || best < RECURRENCE_THRESHOLD) continue;
        out.push({
          message: `这个问题与${hit.year}年整改台账 ${hit.number}“${clip(hit.problem, 20)}”几乎相同，该项至今未销号${hit.overdue ? '且已超过整改时限' : ''}：属于整改未到位的老问题，请写明上年整改情况和仍未解决的原因。`,
          part: 'problems' as const,
          item: i,
          ...itemHead(m.text, p),
        });
      }
    return out;
  },
};
