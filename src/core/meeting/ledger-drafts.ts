/**
 * After the meeting, criticisms, opinions and the superior's comments become rectification items
 * for the person concerned. This produces *drafts* in the ledger's vocabulary
 * (DOMAIN.md §4: 来源 相互批评 / 征求意见 / 上级点评); the ledger (when it exists) stores them.
 */
import type { OpinionSummary } from './opinions.js';

/** Where a draft comes from, in the ledger's vocabulary (来源). */
export const LEDGER_DRAFT_SOURCES = ['相互批评', '征求意见', '上级点评'] as const;
export type LedgerDraftSource = (typeof LEDGER_DRAFT_SOURCES)[number];

export interface LedgerDraft {
  source: LedgerDraftSource;
  /** The person concerned; null for the 班子 as a whole. */
  ownerId: string | null;
  problem: string;
  aspect: string | null;
  sourceRef: { kind: 'criticism' | 'opinion' | 'comment'; id?: string; count?: number };
}

export function ledgerDrafts(input: {
  criticisms?: readonly { id: string; targetPersonId: string; body: string }[];
  opinions?: OpinionSummary | null;
  comments?: readonly { id: string; targetPersonId: string | null; body: string; kind: string }[];
}): LedgerDraft[] {
  const out: LedgerDraft[] = [];
  for (const c of input.criticisms ?? [])
    if (c.body.trim())
      out.push({
        source: '相互批评',
        ownerId: c.targetPersonId,
        problem: c.body.trim(),
        aspect: null,
        sourceRef: { kind: 'criticism', id: c.id },
      });
  // Opinions are anonymous: an item refers to the merged text and its count, never to rows.
  if (input.opinions) {
    for (const it of input.opinions.group.items)
      out.push({
        source: '征求意见',
        ownerId: null,
        problem: it.body,
        aspect: it.category,
        sourceRef: { kind: 'opinion', count: it.count },
      });
    for (const p of input.opinions.persons)
      for (const it of p.items)
        out.push({
          source: '征求意见',
          ownerId: p.personId,
          problem: it.body,
          aspect: it.category,
          sourceRef: { kind: 'opinion', count: it.count },
        });
  }
  for (const c of input.comments ?? [])
    if (c.kind === 'supervisor' && c.body.trim())
      out.push({
        source: '上级点评',
        ownerId: c.targetPersonId,
        problem: c.body.trim(),
        aspect: null,
        sourceRef: { kind: 'comment', id: c.id },
      });
  return out;
}
