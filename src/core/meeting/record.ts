/**
 * The meeting record's vocabulary: the record's status as the recorder moves it along the meeting
 * day, and the kinds of comments kept with it (督导组点评, 书记总结, and the report's own comment).
 */

export const RECORD_STATUSES = ['draft', 'in_progress', 'finished'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  draft: '会前准备',
  in_progress: '会议进行中',
  finished: '会议已结束',
};

export const MEETING_COMMENT_KINDS = ['supervisor', 'summary', 'report'] as const;
export type MeetingCommentKind = (typeof MEETING_COMMENT_KINDS)[number];
/** The kinds the record page enters (the report's comment is written by the report). */
export const RECORDED_COMMENT_KINDS = ['supervisor', 'summary'] as const satisfies readonly MeetingCommentKind[];
