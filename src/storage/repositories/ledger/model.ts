/**
 * The ledger repository's shapes: what it stores and returns (transitions, notes, evidence files),
 * its options and filters, the row ↔ model mappings, and the context its parts share.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, LedgerItemsTable } from '../../schema.js';
import type { DialectName } from '../../db.js';
import type {
  DeadlineKind,
  DeadlinePolicy,
  LedgerItem,
  LedgerPatch,
  LedgerStatus,
  SourceRef,
} from '../../../core/ledger/model.js';
import type { LedgerScope } from '../../../core/ledger/policy.js';
import { knownDate } from '../../../core/meeting/dates.js';
import type { DeadlineExtension, ExtensionStatus } from '../../../core/ledger/extension.js';
import type { EvidenceLimits } from '../../../core/ledger/evidence.js';

// ---------------------------------------------------------------- types

export interface LedgerTransition {
  id: string;
  itemId: string;
  fromStatus: LedgerStatus;
  toStatus: LedgerStatus;
  actorId: string;
  reason: string | null;
  snapshot: unknown;
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
  storage: 'db' | 'dir';
  uploadedBy: string;
  createdAt: string;
}

/** Where evidence bytes go: the database (default) or a directory the server owns. */
export type EvidenceStorage = { mode: 'db' } | { mode: 'dir'; dir: string };

export interface LedgerRepositoryOptions {
  evidence?: EvidenceStorage;
  evidenceLimits?: EvidenceLimits;
  policy?: DeadlinePolicy;
}

/** Rows are scoped by the caller's read scope, or `all` (CLI, jobs). */
export type LedgerListScope = LedgerScope | { all: true };

export interface LedgerFilter {
  /** Only these organizations (e.g. one branch, or a subtree resolved by the caller). */
  orgIds?: string[];
  /** Every organization whose path starts with this ("/root/b1/"): the org and its subtree. */
  subtreeOf?: string;
  status?: LedgerStatus[];
  aspect?: string;
  source?: string;
  ownerId?: string;
  year?: number;
  meetingId?: string;
  /** Derived on `today`. */
  due?: 'overdue' | 'due_soon';
  repeated?: boolean;
  /** Substring of the number or the problem. */
  q?: string;
  /** Only items with an extension request waiting for a decision. */
  extensionPending?: boolean;
}

export interface LedgerPage {
  /** 1–500, default 50. */
  limit?: number;
  /** Opaque cursor from the previous page (keyset on number, id). */
  cursor?: string | null;
  /** Count the matching rows (an extra query); default true on the first page. */
  withTotal?: boolean;
}

export interface LedgerListResult {
  items: LedgerItem[];
  nextCursor: string | null;
  total: number | null;
}

type Row = Selectable<LedgerItemsTable>;

export function toLedgerItem(r: Row): LedgerItem {
  return {
    id: r.id,
    orgId: r.org_id,
    meetingId: r.meeting_id,
    year: Number(r.year),
    number: r.number,
    source: r.source,
    sourceRef: r.source_ref ? (JSON.parse(r.source_ref) as SourceRef) : null,
    aspect: r.aspect,
    problem: r.problem,
    target: r.target,
    measures: r.measures,
    leaderName: r.leader_name,
    department: r.department,
    ownerId: r.owner_id,
    deadlineKind: r.deadline_kind as DeadlineKind,
    deadlineOn: knownDate(r.deadline_on),
    status: r.status as LedgerStatus,
    repeatedOfId: r.repeated_of_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  };
}

export const PATCH_COLUMNS: Record<keyof LedgerPatch, keyof LedgerItemsTable> = {
  aspect: 'aspect',
  problem: 'problem',
  target: 'target',
  measures: 'measures',
  leaderName: 'leader_name',
  department: 'department',
  ownerId: 'owner_id',
  deadlineKind: 'deadline_kind',
  deadlineOn: 'deadline_on',
};

export function extensionRow(x: DeadlineExtension) {
  return {
    id: x.id,
    item_id: x.itemId,
    status: x.status,
    requested_by: x.requestedBy,
    requested_at: x.requestedAt,
    old_deadline_on: x.oldDeadlineOn,
    new_deadline_on: x.newDeadlineOn,
    reason: x.reason,
    decided_by: x.decidedBy,
    decided_at: x.decidedAt,
    comment: x.comment,
  };
}

export function toExtension(r: Selectable<Database['ledger_extensions']>): DeadlineExtension {
  return {
    id: r.id,
    itemId: r.item_id,
    status: r.status as ExtensionStatus,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    oldDeadlineOn: r.old_deadline_on,
    newDeadlineOn: r.new_deadline_on,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    comment: r.comment,
  };
}

/** What every part of the repository shares: the handle, the dialect and the resolved options. */
export interface LedgerContext {
  db: Kysely<Database>;
  dialect: DialectName;
  policy: DeadlinePolicy;
  evidence: EvidenceStorage;
  limits: EvidenceLimits;
  /** Run in the current transaction, or in a new one. */
  inTx: <T>(fn: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
}
