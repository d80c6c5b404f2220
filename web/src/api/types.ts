/** Shapes of the server's JSON (mirrors src/storage/repositories/*). */
import type { Material, MaterialContent } from '../../../src/core/material/model';
import type { Framework } from '../../../src/core/frameworks/framework';
import type { MaterialView } from '../../../src/contract/materials';

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

export type {
  CommentInput,
  CommentThread,
  MaterialListItem,
  MaterialSummary,
  MaterialView,
  ReviewReply,
  VersionSummary,
  WorkflowEvent,
} from '../../../src/contract/materials';

/**
 * A material as the pages hold it: the server's answer (MaterialView) with its model under the name
 * the pages use (`content`).
 */
export type MaterialRecord = Omit<MaterialView, 'model'> & { content: Material };

export type { Material, MaterialContent, Framework };
