/** Shapes of the server's JSON (mirrors src/storage/repositories/*). */
import type { Material, MaterialContent } from '../../../src/core/material/model';
import type { Framework } from '../../../src/core/frameworks/framework';

// Sessions, people, organizations, meetings: declared once, in the API contract (src/contract/*).
export type { Me, SessionMembership, DemoAccount } from '../../../src/contract/auth';
export type { Person, ListedPerson, Invitation } from '../../../src/contract/people';
export type { Organization, Membership } from '../../../src/contract/orgs';
export type {
  Meeting,
  MeetingDetail,
  MeetingInput,
  MeetingStage,
  Participant,
  BoardItem,
  BoardPage,
} from '../../../src/contract/meetings';

export interface MaterialSummary {
  id: string;
  meetingId: string;
  orgId: string;
  kind: string;
  authorId: string;
  authorName?: string | null;
  title: string;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
}

export interface MaterialRecord extends MaterialSummary {
  /** The full Material model of the current version. */
  content: Material;
}

export interface VersionSummary {
  version: number;
  authorId: string;
  fileId: string | null;
  note: string | null;
  createdAt: string;
}

export interface ReviewComment {
  id: string;
  materialId: string;
  version: number;
  authorId: string;
  authorName?: string;
  part: string;
  item: number | null;
  start: number | null;
  end: number | null;
  quote: string | null;
  body: string;
  /** When the author marked it handled (已处理), and who. */
  resolvedAt: string | null;
  resolvedBy?: string | null;
  resolvedByName?: string | null;
  createdAt: string;
  /** The author's replies (kept across versions, like the comment). */
  replies?: ReviewReply[];
}

export interface ReviewReply {
  id: string;
  commentId: string;
  authorId: string;
  authorName?: string | null;
  body: string;
  createdAt: string;
}

export interface CommentInput {
  part: string;
  item: number | null;
  start?: number | null;
  end?: number | null;
  quote?: string | null;
  body: string;
}

export interface WorkflowEvent {
  id: string;
  action: string;
  fromStatus: string;
  toStatus: string;
  actorId: string;
  actorName?: string;
  version: number;
  note: string | null;
  at: string;
}

export type { Material, MaterialContent, Framework };
