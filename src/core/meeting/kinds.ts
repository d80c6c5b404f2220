/**
 * The kinds of meeting and a meeting's statuses (meetings.kind / meetings.status), listed once for
 * the server's validation, the API contract and the web's forms.
 *
 *   专题: a 专题民主生活会 (core/meeting/report.ts names it so in the report).
 */
export const MEETING_KINDS = ['民主生活会', '组织生活会', '专题'] as const;
export type MeetingKindName = (typeof MEETING_KINDS)[number];

/** planning → preparing → held → reported → closed (a new meeting is `planning`). */
export const MEETING_STATUSES = ['planning', 'preparing', 'held', 'reported', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
