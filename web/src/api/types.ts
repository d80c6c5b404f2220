/** Shapes of the server's JSON (mirrors src/storage/repositories/*). */
import type { Material, MaterialContent } from '../../../src/core/material/model';
import type { Framework } from '../../../src/core/frameworks/framework';

export interface Person {
  id: string;
  name: string;
  /** Login name: shown to system administrators only (and to the person himself). */
  username: string | null;
  /** Whether the person has a login (also when `username` is withheld). */
  hasAccount?: boolean;
  isAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  title: string | null;
  email?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface Membership {
  id: string;
  personId: string;
  orgId: string;
  orgPath?: string;
  role: string;
  personName?: string;
  orgName?: string;
}

export interface Me {
  person: Person;
  csrfToken: string;
  memberships: Membership[];
}

export interface Organization {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  path: string;
  sort?: number;
}

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  role?: string;
  description?: string;
}

export interface MeetingStage {
  stage: string;
  startOn: string | null;
  dueOn: string | null;
  doneAt: string | null;
}

export interface Participant {
  personId: string;
  role: string;
  name?: string;
}

export interface Meeting {
  id: string;
  orgId: string;
  kind: string;
  year: number;
  theme: string;
  frameworkId: string | null;
  heldOn: string | null;
  location: string | null;
  status: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface MeetingDetail extends Meeting {
  stages: MeetingStage[];
  participants: Participant[];
  /** How the group examined is named: 领导班子, 支部委员会, 党总支委员会, 党小组 … */
  groupName?: string;
}

export interface MeetingInput {
  orgId: string;
  kind: string;
  year: number;
  theme: string;
  frameworkId?: string | null;
  heldOn?: string | null;
  location?: string | null;
  stages?: MeetingStage[];
  participants?: Participant[];
}

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
