/** The API's types the pages use: re-exported from the contract (src/contract/*); page-side types built on them. */
import type { Material, MaterialContent } from '../../../src/core/material/model';
import type { Framework } from '../../../src/core/frameworks/framework';
import type { MaterialView } from '../../../src/contract/materials';

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
