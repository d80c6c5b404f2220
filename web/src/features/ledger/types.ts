/**
 * Shapes of the ledger routes' JSON (src/server/routes/ledger). The item itself, the views and the
 * dashboard are the core's own types (src/core/ledger), shared with the server.
 */
import type { DueState, LedgerItem, LedgerStatus } from '../../../../src/core/ledger/model';
import type { Dashboard, ProblemRow, ResponsibilityRow, TaskRow } from '../../../../src/core/ledger/views';
import type { DeadlineExtension } from '../../../../src/core/ledger/extension';

export type { DeadlineExtension };

export type { DueState, LedgerItem, LedgerStatus, Dashboard, ProblemRow, ResponsibilityRow, TaskRow };

export type LedgerListItem = LedgerItem & { dueState: DueState };

export interface LedgerList<T> {
  items: T[];
  nextCursor: string | null;
  total: number | null;
  /** Owner id → name for the people on this page. */
  names: Record<string, string>;
  /** Items of this page with an extension request waiting: id → the requested date. */
  pendingExtensions?: Record<string, string>;
}

export interface LedgerFilterInput {
  orgId?: string;
  subtree?: boolean;
  status?: LedgerStatus[];
  aspect?: string;
  source?: string;
  ownerId?: string;
  year?: number;
  meetingId?: string;
  due?: 'overdue' | 'due_soon';
  repeated?: boolean;
  q?: string;
  /** Only items with an extension request waiting for a decision. */
  extension?: 'pending';
}

export interface LedgerTransition {
  id: string;
  itemId: string;
  fromStatus: LedgerStatus;
  toStatus: LedgerStatus;
  actorId: string;
  reason: string | null;
  at: string;
}

export interface LedgerNote {
  id: string;
  itemId: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export interface EvidenceFile {
  id: string;
  itemId: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  evidenceOn: string | null;
  uploadedBy: string;
  createdAt: string;
}

export type LedgerCan = Partial<
  Record<
    | 'ledger.edit'
    | 'ledger.assign'
    | 'ledger.split'
    | 'ledger.note'
    | 'ledger.evidence'
    | 'ledger.apply'
    | 'ledger.close'
    | 'ledger.sendBack'
    | 'ledger.unmarkRepeated'
    | 'ledger.start'
    | 'ledger.deadline'
    | 'ledger.extend',
    boolean
  >
>;

export interface LedgerItemDetail {
  item: LedgerItem;
  dueState: DueState;
  transitions: LedgerTransition[];
  notes: LedgerNote[];
  evidence: EvidenceFile[];
  /** Deadline extension requests and their decisions, oldest first. */
  extensions: DeadlineExtension[];
  names: Record<string, string>;
  org: { id: string; name: string } | null;
  meeting: { id: string; year: number; kind: string; theme: string } | null;
  repeatedOf: {
    id: string;
    number: string;
    year: number;
    problem: string;
    status: LedgerStatus;
    closedAt: string | null;
  } | null;
  can: LedgerCan;
}

export interface LedgerImportError {
  row: number;
  column?: string;
  code: string;
  message: string;
}

export interface LedgerImportResult {
  created: number;
  items: LedgerItem[];
  total: number;
  rejected: number;
  blocked: boolean;
  errors: LedgerImportError[];
  warnings?: (LedgerImportError | string)[];
}

export type LedgerPatchInput = Partial<
  Pick<
    LedgerItem,
    | 'aspect'
    | 'problem'
    | 'target'
    | 'measures'
    | 'leaderName'
    | 'department'
    | 'ownerId'
    | 'deadlineKind'
    | 'deadlineOn'
  >
>;
