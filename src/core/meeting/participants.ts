/**
 * The people of one meeting and their roles in it. Storage keeps one role per participant
 * (`meeting_participants.role`), but a person can hold two (a 班子成员 who also keeps the minutes,
 * a secretary who is also listed as a member): the core always works on a *set* of roles per
 * person, so every computation below dedupes by person.
 *
 *   const ps = mergeParticipants([{ personId: 'a', role: 'leader' }, { personId: 'a', role: 'recorder' }]);
 *   // → [{ id: 'a', roles: ['leader', 'recorder'] }]
 */

/** secretary 书记 | leader 班子成员/支委 | member 党员 | recorder 记录人 | supervisor 督导组/上级 | attendee 列席 */
export const MEETING_ROLES = ['secretary', 'leader', 'member', 'recorder', 'supervisor', 'attendee'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const MEETING_ROLE_LABELS: Record<MeetingRole, string> = {
  secretary: '书记',
  leader: '班子成员/支委',
  member: '党员',
  recorder: '记录人',
  supervisor: '督导组/上级',
  attendee: '列席人员',
};

/**
 * A person's roles as the pages and the documents name them: a 班子 member is 支委 at a
 * 组织生活会 and 班子成员 at a 民主生活会 (both, "班子成员/支委", when the meeting kind is unknown).
 */
export function rolesLabel(roles: readonly string[], meetingKind?: string): string {
  return roles
    .map((r) =>
      r === 'leader' && meetingKind
        ? meetingKind === '组织生活会'
          ? '支委'
          : '班子成员'
        : (MEETING_ROLE_LABELS[r as MeetingRole] ?? r),
    )
    .join('、');
}

export interface MeetingPerson {
  id: string;
  name?: string;
  roles: readonly MeetingRole[];
  /** A sub-group (党小组, department) for rules that only pair people of the same group. */
  group?: string | null;
}

export function isMeetingRole(x: string): x is MeetingRole {
  return (MEETING_ROLES as readonly string[]).includes(x);
}

/**
 * Fold participant rows (one row per role) into people with role sets, keeping the first-seen
 * order (which is the meeting's order of rank: secretary first, then the others as listed).
 * Unknown roles are ignored.
 */
export function mergeParticipants(
  rows: readonly { personId: string; role: string; name?: string; group?: string | null }[],
): MeetingPerson[] {
  const byId = new Map<string, { id: string; name?: string; roles: MeetingRole[]; group?: string | null }>();
  for (const r of rows) {
    let p = byId.get(r.personId);
    if (!p) {
      p = { id: r.personId, name: r.name, roles: [], group: r.group ?? null };
      byId.set(r.personId, p);
    }
    if (r.name && !p.name) p.name = r.name;
    if (r.group && !p.group) p.group = r.group;
    if (isMeetingRole(r.role) && !p.roles.includes(r.role)) p.roles.push(r.role);
  }
  return [...byId.values()];
}

export const hasRole = (p: MeetingPerson, roles: readonly MeetingRole[]): boolean =>
  p.roles.some((r) => roles.includes(r));

/** The people who take part as the group under examination (书记, 班子成员/支委, 党员). */
export const CORE_ROLES: readonly MeetingRole[] = ['secretary', 'leader', 'member'];

export function coreParticipants(people: readonly MeetingPerson[]): MeetingPerson[] {
  return people.filter((p) => hasRole(p, CORE_ROLES));
}

/**
 * What each role does in the meeting. Only the people under examination (书记, 班子成员/支委, 党员)
 * write their own 对照检查 / 检视剖析材料; the 督导组 attends and comments, the 记录人 keeps the
 * minutes, 列席人员 attend. The server's authorization (who may create an own material), the
 * completion counts and the home page's tasks all follow this one table.
 */
export const ROLE_DUTIES: Record<MeetingRole, { writes: boolean; comments: boolean; records: boolean }> = {
  secretary: { writes: true, comments: false, records: false },
  leader: { writes: true, comments: false, records: false },
  member: { writes: true, comments: false, records: false },
  recorder: { writes: false, comments: false, records: true },
  supervisor: { writes: false, comments: true, records: false },
  attendee: { writes: false, comments: false, records: false },
};

/** Does someone holding these meeting roles write an own material? (Unknown roles write nothing.) */
export function writesMaterial(roles: readonly string[] | string): boolean {
  const rs = typeof roles === 'string' ? [roles] : roles;
  return rs.some((r) => isMeetingRole(r) && ROLE_DUTIES[r].writes);
}

/** The people of a meeting who owe an own material, in the meeting's order. */
export function materialWriters<P extends { personId: string; role: string }>(rows: readonly P[]): P[] {
  const seen = new Set<string>();
  return rows.filter((r) => writesMaterial(r.role) && !seen.has(r.personId) && seen.add(r.personId));
}

/**
 * The kind of own material a writer owes: 组织生活会 → 检视剖析材料 for everyone; 民主生活会 →
 * 个人对照检查材料 for the 班子 (书记, 班子成员), 检视剖析材料 for a 党员 listed in it. Null for
 * someone who writes nothing.
 */
export function ownMaterialKind(meetingKind: string, roles: readonly string[] | string): 'personal' | 'member' | null {
  if (!writesMaterial(roles)) return null;
  if (meetingKind === '组织生活会') return 'member';
  const rs = typeof roles === 'string' ? [roles] : roles;
  return rs.includes('secretary') || rs.includes('leader') ? 'personal' : 'member';
}

/** The secretary (主持人); problems when there is none or more than one. */
export function findSecretary(people: readonly MeetingPerson[]): {
  secretary: MeetingPerson | null;
  problems: string[];
} {
  const secs = people.filter((p) => p.roles.includes('secretary'));
  if (secs.length === 0) return { secretary: null, problems: ['未指定书记（会议主持人）。'] };
  if (secs.length > 1) return { secretary: secs[0], problems: [`指定了${secs.length}名书记，只能有一名会议主持人。`] };
  return { secretary: secs[0], problems: [] };
}

export function nameOf(people: readonly MeetingPerson[], id: string | null | undefined): string {
  if (!id) return '';
  return people.find((p) => p.id === id)?.name ?? id;
}
