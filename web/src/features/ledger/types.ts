/**
 * The ledger routes' shapes come from the API contract (src/contract/ledger.ts); the item's
 * vocabulary (statuses, due states) from the core. Only the filter form's input is the web's own.
 */
import type { LedgerStatus } from '../../../../src/contract/ledger';

export type {
  DeadlineExtension,
  DueState,
  EvidenceFile,
  LedgerCan,
  LedgerDashboard as Dashboard,
  LedgerItem,
  LedgerItemDetail,
  LedgerImportResult,
  LedgerList,
  LedgerListItem,
  LedgerNote,
  LedgerPatchInput,
  LedgerStatus,
  LedgerTransition,
  ProblemRow,
  ResponsibilityRow,
  SheetProblem as LedgerImportError,
  TaskRow,
} from '../../../../src/contract/ledger';

/** The list's filters as the page holds them (web/src/api/endpoints.ts turns them into the query string). */
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
