/**
 * Attendance and the quorum: at least two thirds of those who should attend must attend
 * (DOMAIN.md §1). Those who should attend are the people under examination (书记, 班子成员/支委,
 * 党员); the recorder, supervisors and 列席 attendees are present but do not count.
 *
 *   quorum(people, [{ personId: 'a', status: 'present' }, { personId: 'b', status: 'leave', reason: '出差' }])
 *   → { expected: 7, present: 5, needed: 5, met: true, … }
 */
import { hasRole, nameOf, type MeetingPerson, type MeetingRole, CORE_ROLES } from './participants.js';

export const ATTENDANCE_STATUSES = ['present', 'absent', 'leave'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { present: '出席', absent: '缺席', leave: '请假' };

export interface AttendanceEntry {
  personId: string;
  status: AttendanceStatus;
  reason?: string | null;
}

export interface QuorumOptions {
  /** Roles that count as "should attend" (default: secretary, leader, member). */
  expectedRoles?: readonly MeetingRole[];
  /** The fraction required (default 2/3), as numerator/denominator to stay exact. */
  ratio?: { num: number; den: number };
}

export interface QuorumResult {
  expected: number;
  present: number;
  /** The smallest number present that satisfies the quorum. */
  needed: number;
  met: boolean;
  presentIds: string[];
  leave: { personId: string; reason: string | null }[];
  absent: { personId: string; reason: string | null }[];
  /** Expected people with no attendance entry yet (counted as not present). */
  unrecorded: string[];
  /** Entries for people who are not participants of the meeting. */
  unknown: string[];
  /** Chinese messages: the failure, and warnings (absence without a reason…). */
  problems: string[];
  warnings: string[];
}

export function quorum(
  people: readonly MeetingPerson[],
  entries: readonly AttendanceEntry[],
  opts: QuorumOptions = {},
): QuorumResult {
  const roles = opts.expectedRoles ?? CORE_ROLES;
  const { num, den } = opts.ratio ?? { num: 2, den: 3 };
  const expectedPeople = people.filter((p) => hasRole(p, roles));
  const byPerson = new Map(entries.map((e) => [e.personId, e]));
  const presentIds: string[] = [];
  const leave: QuorumResult['leave'] = [];
  const absent: QuorumResult['absent'] = [];
  const unrecorded: string[] = [];
  for (const p of expectedPeople) {
    const e = byPerson.get(p.id);
    if (!e) unrecorded.push(p.id);
    else if (e.status === 'present') presentIds.push(p.id);
    else if (e.status === 'leave') leave.push({ personId: p.id, reason: e.reason?.trim() || null });
    else absent.push({ personId: p.id, reason: e.reason?.trim() || null });
  }
  const known = new Set(people.map((p) => p.id));
  const unknown = entries.filter((e) => !known.has(e.personId)).map((e) => e.personId);
  const expected = expectedPeople.length;
  const needed = Math.ceil((expected * num) / den);
  const met = expected > 0 && presentIds.length * den >= expected * num;
  const problems: string[] = [];
  const warnings: string[] = [];
  if (expected === 0) problems.push('没有应到会人员：请先设置参会人员。');
  else if (!met)
    problems.push(
      `到会人数不足：应到${expected}人，实到${presentIds.length}人，须至少${needed}人（三分之二）到会方可召开。`,
    );
  for (const x of leave) if (!x.reason) warnings.push(`${nameOf(people, x.personId)}请假，未填写请假事由。`);
  for (const x of absent) if (!x.reason) warnings.push(`${nameOf(people, x.personId)}缺席，未说明原因。`);
  if (unrecorded.length)
    warnings.push(
      `尚有${unrecorded.length}人未登记出席情况：${unrecorded.map((id) => nameOf(people, id)).join('、')}。`,
    );
  for (const id of unknown) warnings.push(`${id}不是本次会议的参会人员，其出席记录不计入。`);
  return {
    expected,
    present: presentIds.length,
    needed,
    met,
    presentIds,
    leave,
    absent,
    unrecorded,
    unknown,
    problems,
    warnings,
  };
}

/** "应到7人，实到6人，请假1人（王某某，出差）" — the sentence used in the record and the report. */
export function attendanceSentence(people: readonly MeetingPerson[], q: QuorumResult): string {
  const parts = [`应到${q.expected}人，实到${q.present}人`];
  const list = (xs: { personId: string; reason: string | null }[]) =>
    xs.map((x) => `${nameOf(people, x.personId)}${x.reason ? `，${x.reason}` : ''}`).join('；');
  if (q.leave.length) parts.push(`请假${q.leave.length}人（${list(q.leave)}）`);
  if (q.absent.length) parts.push(`缺席${q.absent.length}人（${list(q.absent)}）`);
  return parts.join('，');
}
