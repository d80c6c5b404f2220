/**
 * The rectification ledger in the database: items, their transitions (who, when, why, snapshot),
 * progress notes, evidence files (in the database or in a configured directory under
 * server-generated paths), notifications, a filtered list with keyset pagination, and the
 * dashboard aggregated in SQL — one part per responsibility (./items.ts, ./workflow.ts,
 * ./evidence.ts, ./notifications.ts, ./list.ts, ./dashboard.ts), composed here. Status changes are
 * compare-and-set on the old status, so two reviewers can never both close (or one close while
 * another sends back): the loser gets E_CONFLICT and nothing is half-written.
 *
 *   repos.ledger.list(filter, scope, page, today)                     // registered in bindRepositories
 *   repos.ledger.configured({ evidence: { mode: 'dir', dir: './data/evidence' } }).addEvidence(…)
 *
 * The list and the dashboard take the caller's read scope (core/ledger/policy.ts ledgerReadScope)
 * as SQL conditions, so lists and single reads agree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';
import type { DialectName } from '../../db.js';
import { DEFAULT_DEADLINE_POLICY } from '../../../core/ledger/model.js';
import { DEFAULT_EVIDENCE_LIMITS } from '../../../core/ledger/evidence.js';
import type { LedgerContext, LedgerRepositoryOptions } from './model.js';
import { itemsPart } from './items.js';
import { workflowPart } from './workflow.js';
import { evidencePart } from './evidence.js';
import { listPart } from './list.js';
import { dashboardPart } from './dashboard.js';
import { notificationsPart } from './notifications.js';

export type {
  EvidenceFile,
  EvidenceStorage,
  LedgerFilter,
  LedgerListResult,
  LedgerListScope,
  LedgerNote,
  LedgerPage,
  LedgerRepositoryOptions,
  LedgerTransition,
} from './model.js';
export { toLedgerItem } from './model.js';

export function ledgerRepository(db: Kysely<Database>, dialect: DialectName, opts: LedgerRepositoryOptions = {}) {
  const c: LedgerContext = {
    db,
    dialect,
    policy: opts.policy ?? DEFAULT_DEADLINE_POLICY,
    evidence: opts.evidence ?? { mode: 'db' },
    limits: opts.evidenceLimits ?? DEFAULT_EVIDENCE_LIMITS,
    inTx: (fn) => (db.isTransaction ? fn(db) : db.transaction().execute(fn)),
  };
  return {
    policy: c.policy,
    dialect,
    ...itemsPart(c),
    ...workflowPart(c),
    ...evidencePart(c),
    ...notificationsPart(c),
    ...listPart(c),
    ...dashboardPart(c),
    /** The same repository with other options (evidence storage, limits, deadline policy). */
    configured(more: LedgerRepositoryOptions) {
      return ledgerRepository(db, dialect, { ...opts, ...more });
    },
  };
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;
