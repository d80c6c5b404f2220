/**
 * The meetings list (GET /api/meetings/board): the shapes the server sends and the web reads,
 * declared once.
 */
import type { MeetingPhase } from './stage.js';
import type { MeetingProgress } from './progress.js';

/** A meeting as the list reads it from storage. */
export interface BoardMeeting {
  id: string;
  orgId: string;
  orgName: string;
  kind: string;
  year: number;
  theme: string;
  heldOn: string | null;
  status: string;
  createdAt: string;
}

export interface BoardItem extends BoardMeeting {
  phase: MeetingPhase;
  /** Null when the viewer sees the phase only. */
  progress: MeetingProgress | null;
  /** May the viewer open the meeting's 查重 overview (reads every material: 书记, 上级审核人)? */
  similarityOverview: boolean;
}

export interface BoardPage {
  items: BoardItem[];
  total: number;
  page: number;
  pageSize: number;
  /** Count per phase over the matching meetings before the phase filter (the filter's badges). */
  phases: Partial<Record<MeetingPhase, number>>;
}
