/**
 * 重复出现: a problem that comes back. An item is marked repeated when its problem description is
 * nearly identical to an item of an EARLIER year of the same person (or, for unit items without an
 * owner, the same organization) — closed, or still open: an item of last year still 整改中 (overdue,
 * as a rule) whose problem is written down again is the plainest case of a problem that came back. Similarity is the Sørensen–Dice coefficient over
 * character bigrams of the normalised texts (no word segmentation needed for Chinese).
 *
 * The threshold (0.55) was chosen on the pairs in recurrence.test.ts: the same complaint reworded
 * ("理论学习不深不透，学用结合不够紧密" vs "理论学习不够深入，学用结合不紧密") scores 0.66–0.89, while two
 * different problems of the same aspect sharing stock phrases score ≤ 0.37. A person decides: the
 * mark links to the earlier item and can be removed.
 */
import { dice } from '../frameworks/framework.js';
import type { LedgerItem } from './model.js';

export const RECURRENCE_THRESHOLD = 0.55;

/** Texts compared as written, minus punctuation, whitespace and the filler that every problem has. */
export function normalizeProblem(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/(?:存在|方面|问题|的|了|还|有的|有时|一些|一定|有所)/g, '');
}

export function problemSimilarity(a: string, b: string): number {
  return dice(normalizeProblem(a), normalizeProblem(b));
}

export type RecurrenceCandidate = Pick<
  LedgerItem,
  'id' | 'year' | 'problem' | 'status' | 'ownerId' | 'orgId' | 'number'
>;

/**
 * The earlier item this one repeats, or null. Candidates of other people and of the same or later
 * years are ignored; the most similar one above the threshold wins (the
 * later year on ties, so the chain points at the previous occurrence).
 */
export function findRecurrence(
  item: Pick<LedgerItem, 'year' | 'problem' | 'ownerId' | 'orgId'>,
  candidates: readonly RecurrenceCandidate[],
  threshold = RECURRENCE_THRESHOLD,
): { id: string; number: string; year: number; score: number } | null {
  let best: { id: string; number: string; year: number; score: number } | null = null;
  for (const c of candidates) {
    if (c.year >= item.year) continue;
    const same = item.ownerId ? c.ownerId === item.ownerId : c.ownerId === null && c.orgId === item.orgId;
    if (!same) continue;
    const score = problemSimilarity(item.problem, c.problem);
    if (score < threshold) continue;
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && c.year > best.year))
      best = { id: c.id, number: c.number, year: c.year, score };
  }
  return best;
}
