/**
 * A meeting's progress as the meetings list shows it, from its rows: of those who must write an own
 * material (core/meeting/participants.ts), how many have started, submitted and been approved; the
 * 班子 material's state; talks coverage (the meeting kind's default rules); opinions received;
 * ledger items closed and overdue.
 *
 *   meetingProgress({ kind: '组织生活会', participants, materials, talks, opinions: 12, ledger }, '2026-05-01')
 *     → { writers: 4, started: 3, submitted: 2, approved: 1, talks: { done: 5, required: 6 }, … }
 */
import { materialWriters, mergeParticipants } from './participants.js';
import { defaultTalkRules, requiredPairs, talkCoverage } from './talks.js';
import { dueState, type DeadlineKind, type LedgerStatus } from '../ledger/model.js';

export interface MeetingProgress {
  /** People who owe an own material. */
  writers: number;
  /** Of them: with a material at all / submitted (or approved) / approved. */
  started: number;
  submitted: number;
  approved: number;
  /** The 班子 material's status (null: none; only 民主生活会 have one as a rule). */
  leadership: string | null;
  talks: { done: number; required: number };
  opinions: number;
  ledger: { total: number; closed: number; overdue: number };
}

export interface ProgressInput {
  kind: string;
  participants: readonly { personId: string; role: string }[];
  materials: readonly { authorId: string; kind: string; status: string }[];
  talks: readonly { personAId: string; personBId: string }[];
  opinions: number;
  ledger: readonly { status: string; deadlineKind: string; deadlineOn: string | null }[];
}

const SUBMITTED = new Set(['submitted', 'approved']);

export function meetingProgress(m: ProgressInput, today: string): MeetingProgress {
  const writers = materialWriters(m.participants).map((w) => w.personId);
  // An own material: any kind but the 班子 one, by the writer; the furthest along counts.
  const rank = (s: string) => (s === 'approved' ? 3 : SUBMITTED.has(s) ? 2 : 1);
  const best = new Map<string, number>();
  for (const x of m.materials)
    if (x.kind !== 'leadership') best.set(x.authorId, Math.max(best.get(x.authorId) ?? 0, rank(x.status)));
  let started = 0;
  let submitted = 0;
  let approved = 0;
  for (const w of writers) {
    const r = best.get(w) ?? 0;
    if (r >= 1) started++;
    if (r >= 2) submitted++;
    if (r >= 3) approved++;
  }
  const leadership = m.materials.find((x) => x.kind === 'leadership')?.status ?? null;
  const people = mergeParticipants(m.participants);
  const cov = talkCoverage(people, requiredPairs(people, defaultTalkRules(m.kind)), m.talks);
  let closed = 0;
  let overdue = 0;
  for (const i of m.ledger) {
    if (i.status === 'closed') closed++;
    else if (
      dueState(
        { status: i.status as LedgerStatus, deadlineKind: i.deadlineKind as DeadlineKind, deadlineOn: i.deadlineOn },
        today,
      ) === 'overdue'
    )
      overdue++;
  }
  return {
    writers: writers.length,
    started,
    submitted,
    approved,
    leadership,
    talks: { done: cov.done, required: cov.required },
    opinions: m.opinions,
    ledger: { total: m.ledger.length, closed, overdue },
  };
}
