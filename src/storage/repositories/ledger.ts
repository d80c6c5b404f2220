/**
 * The rectification ledger in the database: items, their transitions (who, when, why, snapshot),
 * progress notes, evidence files (in the database or in a configured directory under
 * server-generated paths), notifications, a filtered list with keyset pagination, and the
 * dashboard aggregated in SQL. Status changes are compare-and-set on the old status, so two
 * reviewers can never both close (or one close while another sends back): the loser gets
 * E_CONFLICT and nothing is half-written.
 *
 *   const ledger = ledgerRepository(repos.db, repos.dialect, { evidence: { mode: 'dir', dir: './data/evidence' } });
 *   await repos.transaction(async (tx) => ledgerRepository(tx.db, tx.dialect).transition(record));
 *
 * The list and the dashboard take the caller's read scope (core/ledger/policy.ts ledgerReadScope)
 * as SQL conditions, so lists and single reads agree.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import {
  sql,
  type CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { Database, EvidenceFilesTable, LedgerItemsTable } from '../schema.js';
import type { DialectName } from '../db.js';
import { JianshiError } from '../../core/errors.js';
import {
  addDays,
  effectiveDeadline,
  DEFAULT_DEADLINE_POLICY,
  LEDGER_STATUSES,
  OPEN_STATUSES,
  type DeadlineKind,
  type DeadlinePolicy,
  type LedgerItem,
  type LedgerPatch,
  type LedgerStatus,
  type SourceRef,
} from '../../core/ledger/model.js';
import type { NewLedgerItem } from '../../core/ledger/create.js';
import type { LedgerTransitionRecord } from '../../core/ledger/workflow.js';
import type { LedgerScope } from '../../core/ledger/policy.js';
import { rate, type CompletionRow, type Dashboard, type TrendRow } from '../../core/ledger/views.js';
import type { LedgerNotification } from '../../core/ledger/notify.js';
import { isIsoDate } from '../../core/ledger/model.js';
import { knownDate, today as todayIn } from '../../core/meeting/dates.js';
import type { DeadlineExtension, ExtensionStatus } from '../../core/ledger/extension.js';
import {
  ALLOWED_EVIDENCE_LABEL,
  cleanFileName,
  DEFAULT_EVIDENCE_LIMITS,
  sniffEvidence,
  type EvidenceLimits,
} from '../../core/ledger/evidence.js';
import { isUniqueViolation, newId, nowIso } from './util.js';

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

const PATCH_COLUMNS: Record<keyof LedgerPatch, keyof LedgerItemsTable> = {
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

function extensionRow(x: DeadlineExtension) {
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

function toExtension(r: Selectable<Database['ledger_extensions']>): DeadlineExtension {
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

// ---------------------------------------------------------------- SQL fragments

type EB = ExpressionBuilder<Database, 'ledger_items'>;

function scopeCondition(eb: EB, s: LedgerListScope, scanByNumber: Unindexed = false): Expression<SqlBool> {
  if ('all' in s) return eb.lit(true);
  const ors: Expression<SqlBool>[] = [];
  const org = colRef(scanByNumber)('org_id');
  if (s.ownerId) ors.push(eb('ledger_items.owner_id', '=', s.ownerId));
  if (s.orgIds.length) ors.push(eb(org, 'in', s.orgIds));
  for (const p of s.subtreeOfPaths)
    ors.push(
      eb(
        org,
        'in',
        eb.selectFrom('organizations').select('organizations.id').where('organizations.path', 'like', `${p}%`),
      ),
    );
  for (const p of s.strictSubtreeOfPaths) {
    ors.push(
      eb(
        org,
        'in',
        eb
          .selectFrom('organizations')
          .select('organizations.id')
          .where('organizations.path', 'like', `${p}%`)
          .where('organizations.path', '!=', p),
      ),
    );
  }
  return ors.length ? eb.or(ors) : eb.lit(false);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A column reference. With `scanByNumber` (SQLite only) it is written `+column`, which keeps
 * SQLite from using that column's index: a wide list (a subtree, the overdue items of a whole
 * tree) is then read in `number` order from the (number, id) index and stops after one page,
 * instead of collecting every match and sorting it in a temporary B-tree for each page.
 */
type Col = 'org_id' | 'status' | 'aspect' | 'year' | 'deadline_kind' | 'deadline_on';
/** `true`: every column below is written `+column`; `'org'`: only org_id (keeps SQLite off the organization indexes). */
type Unindexed = boolean | 'org';
function colRef(scanByNumber: Unindexed) {
  return (c: Col) =>
    scanByNumber === true || (scanByNumber === 'org' && c === 'org_id')
      ? sql<any>`+${sql.ref(`ledger_items.${c}`)}`
      : sql.ref<any>(`ledger_items.${c}`);
}

function filterConditions(
  eb: EB,
  f: LedgerFilter,
  today: string,
  policy: DeadlinePolicy,
  scanByNumber: Unindexed = false,
): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [];
  const c = colRef(scanByNumber);
  if (f.orgIds) and.push(f.orgIds.length ? eb(c('org_id'), 'in', f.orgIds) : eb.lit(false));
  if (f.subtreeOf)
    and.push(
      eb(
        c('org_id'),
        'in',
        eb
          .selectFrom('organizations')
          .select('organizations.id')
          .where('organizations.path', 'like', `${likeEscape(f.subtreeOf)}%`),
      ),
    );
  if (f.status?.length) and.push(eb(c('status'), 'in', f.status));
  if (f.aspect !== undefined) and.push(f.aspect === '' ? eb(c('aspect'), 'is', null) : eb(c('aspect'), '=', f.aspect));
  if (f.source) and.push(eb('ledger_items.source', '=', f.source));
  if (f.ownerId) and.push(eb('ledger_items.owner_id', '=', f.ownerId));
  if (f.year !== undefined) and.push(eb(c('year'), '=', f.year));
  if (f.meetingId) and.push(eb('ledger_items.meeting_id', '=', f.meetingId));
  if (f.repeated !== undefined) and.push(eb('ledger_items.repeated_of_id', f.repeated ? 'is not' : 'is', null));
  if (f.due === 'overdue')
    and.push(
      eb.and([
        eb(c('status'), 'in', [...OPEN_STATUSES]),
        eb(c('deadline_kind'), '!=', 'ongoing'),
        eb(c('deadline_on'), '<', today),
      ]),
    );
  if (f.due === 'due_soon')
    and.push(
      eb.and([
        eb(c('status'), 'in', [...OPEN_STATUSES]),
        eb(c('deadline_kind'), '!=', 'ongoing'),
        eb(c('deadline_on'), '>=', today),
        eb(c('deadline_on'), '<=', addDays(today, policy.dueSoonDays)),
      ]),
    );
  if (f.extensionPending !== undefined) {
    // A request waits only while the item is open (handed in or closed, it cannot be decided).
    const waiting = eb.and([
      eb(c('status'), 'in', [...OPEN_STATUSES]),
      eb.exists(
        eb
          .selectFrom('ledger_extensions')
          .select('ledger_extensions.id')
          .whereRef('ledger_extensions.item_id', '=', 'ledger_items.id')
          .where('ledger_extensions.status', '=', 'pending'),
      ),
    ]);
    and.push(f.extensionPending ? waiting : eb.not(waiting));
  }
  if (f.q?.trim()) {
    const pat = `%${likeEscape(f.q.trim())}%`;
    and.push(
      eb.or([
        sql<SqlBool>`${eb.ref('ledger_items.number')} like ${pat} escape '\\'`,
        sql<SqlBool>`${eb.ref('ledger_items.problem')} like ${pat} escape '\\'`,
      ]),
    );
  }
  return and.length ? eb.and(and) : eb.lit(true);
}

/** SQLite: the same compiled query with `INDEXED BY index` on ledger_items (the planner's statistics can mislead it). */
function withIndex<R>(q: CompiledQuery<R>, index: string): CompiledQuery<R> {
  const from = 'from "ledger_items"';
  if (!q.sql.includes(from)) return q;
  return { ...q, sql: q.sql.replace(from, `${from} indexed by "${index}"`) };
}

function encodeCursor(i: { number: string; id: string }): string {
  return Buffer.from(JSON.stringify([i.number, i.id])).toString('base64url');
}
function decodeCursor(c: string): { number: string; id: string } {
  try {
    const [number, id] = JSON.parse(Buffer.from(c, 'base64url').toString()) as [unknown, unknown];
    if (typeof number === 'string' && typeof id === 'string') return { number, id };
  } catch {
    /* fall through */
  }
  throw new JianshiError('E_BAD_ARGUMENT', '分页参数无效。');
}

// ---------------------------------------------------------------- the maintained summary

/**
 * Whether a filter and a scope can be answered from `ledger_stats` / `ledger_stats_month` (kept
 * by triggers, migration 2026-11-29T1310): organizations, status, aspect and year only. A scope
 * that names an owner (an ordinary member's) and the other filters go to the items.
 */
function statsServable(f: LedgerFilter, s: LedgerListScope): boolean {
  if (!('all' in s) && s.ownerId) return false;
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && !['orgIds', 'subtreeOf', 'status', 'aspect', 'year'].includes(k)) return false;
  return true;
}

type StatsTable = 'ledger_stats' | 'ledger_stats_month';

/** The organization part of scope + filter, on a summary table's org_id. */
function statsOrgCondition(t: StatsTable, f: LedgerFilter, s: LedgerListScope) {
  const org = sql.ref(`${t}.org_id`);
  const inSubtree = (p: string, strict = false) =>
    sql<SqlBool>`${org} in (select id from organizations where path like ${`${p}%`}${strict ? sql` and path <> ${p}` : sql``})`;
  const and: RawBuilder<SqlBool>[] = [];
  if (!('all' in s)) {
    const ors: RawBuilder<SqlBool>[] = [];
    if (s.orgIds.length) ors.push(sql<SqlBool>`${org} in (${sql.join(s.orgIds)})`);
    for (const p of s.subtreeOfPaths) ors.push(inSubtree(p));
    for (const p of s.strictSubtreeOfPaths) ors.push(inSubtree(p, true));
    and.push(ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`1 = 0`);
  }
  if (f.orgIds) and.push(f.orgIds.length ? sql<SqlBool>`${org} in (${sql.join(f.orgIds)})` : sql<SqlBool>`1 = 0`);
  if (f.subtreeOf) and.push(inSubtree(likeEscape(f.subtreeOf)));
  if (f.year !== undefined) and.push(sql<SqlBool>`${sql.ref(`${t}.year`)} = ${f.year}`);
  return and.length ? sql<SqlBool>`${sql.join(and, sql` and `)}` : sql<SqlBool>`1 = 1`;
}

function statsCondition(f: LedgerFilter, s: LedgerListScope) {
  const and = [statsOrgCondition('ledger_stats', f, s)];
  if (f.status?.length) and.push(sql<SqlBool>`ledger_stats.status in (${sql.join(f.status)})`);
  if (f.aspect !== undefined) and.push(sql<SqlBool>`ledger_stats.aspect_key = ${f.aspect}`);
  return sql<SqlBool>`${sql.join(and, sql` and `)}`;
}

// ---------------------------------------------------------------- the repository

type EvidenceRow = Pick<
  Selectable<EvidenceFilesTable>,
  'id' | 'item_id' | 'file_name' | 'mime' | 'size' | 'sha256' | 'evidence_on' | 'storage' | 'uploaded_by' | 'created_at'
>;
/** An evidence row as the model has it (an impossible stored date reads as unknown). */
const toEvidence = (r: EvidenceRow): EvidenceFile => ({
  id: r.id,
  itemId: r.item_id,
  fileName: r.file_name,
  mime: r.mime,
  size: Number(r.size),
  sha256: r.sha256,
  evidenceOn: knownDate(r.evidence_on),
  storage: r.storage as 'db' | 'dir',
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

export function ledgerRepository(db: Kysely<Database>, dialect: DialectName, opts: LedgerRepositoryOptions = {}) {
  const policy = opts.policy ?? DEFAULT_DEADLINE_POLICY;
  const evidence: EvidenceStorage = opts.evidence ?? { mode: 'db' };
  const limits = opts.evidenceLimits ?? DEFAULT_EVIDENCE_LIMITS;
  const inTx = <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  function rowOf(i: NewLedgerItem & { number: string }, by: string | null, at: string, id: string) {
    const status = i.status ?? 'pending';
    return {
      id,
      org_id: i.orgId,
      meeting_id: i.meetingId ?? null,
      year: i.year,
      number: i.number,
      source: i.source,
      source_ref: i.sourceRef ? JSON.stringify(i.sourceRef) : null,
      aspect: i.aspect ?? null,
      problem: i.problem,
      target: i.target ?? null,
      measures: i.measures ?? null,
      leader_name: i.leaderName ?? null,
      department: i.department ?? null,
      owner_id: i.ownerId ?? null,
      deadline_kind: i.deadlineKind,
      deadline_on: effectiveDeadline(i.deadlineKind, i.deadlineOn, at, policy),
      status,
      repeated_of_id: null as string | null,
      created_by: by,
      created_at: at,
      updated_at: at,
      closed_at: status === 'closed' ? at : null,
      closed_by: null as string | null,
    };
  }

  const repo = {
    policy,
    /** Insert items that already carry numbers; E_CONFLICT when a number is taken. */
    async insertMany(
      items: readonly (NewLedgerItem & { number: string; id?: string; repeatedOfId?: string | null })[],
      by: string | null,
      at = nowIso(),
    ): Promise<LedgerItem[]> {
      if (!items.length) return [];
      const rows = items.map((i) => ({ ...rowOf(i, by, at, i.id ?? newId()), repeated_of_id: i.repeatedOfId ?? null }));
      try {
        for (let k = 0; k < rows.length; k += 200)
          await db
            .insertInto('ledger_items')
            .values(rows.slice(k, k + 200))
            .execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw new JianshiError('E_CONFLICT', '问题编号已存在（一问题一台账），请刷新后重试。');
        throw e;
      }
      return rows.map(toLedgerItem);
    },
    async insert(
      item: NewLedgerItem & { number: string; id?: string; repeatedOfId?: string | null },
      by: string | null,
      at?: string,
    ): Promise<LedgerItem> {
      return (await repo.insertMany([item], by, at))[0];
    },
    async get(id: string): Promise<LedgerItem | null> {
      const r = await db.selectFrom('ledger_items').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toLedgerItem(r) : null;
    },
    async getMany(ids: readonly string[]): Promise<LedgerItem[]> {
      if (!ids.length) return [];
      return (
        await db
          .selectFrom('ledger_items')
          .selectAll()
          .where('id', 'in', [...ids])
          .execute()
      ).map(toLedgerItem);
    },
    async getByNumber(orgId: string, year: number, number: string): Promise<LedgerItem | null> {
      const r = await db
        .selectFrom('ledger_items')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('year', '=', year)
        .where('number', '=', number)
        .executeTakeFirst();
      return r ? toLedgerItem(r) : null;
    },
    /** Numbers already used by an organization in a year (for assignNumbers / splitItem). */
    async numbers(orgId: string, year: number): Promise<string[]> {
      return (
        await db
          .selectFrom('ledger_items')
          .select('number')
          .where('org_id', '=', orgId)
          .where('year', '=', year)
          .execute()
      ).map((r) => r.number);
    },
    /** Items that already came from a source (e.g. a material's measures), to make creation idempotent. */
    async existingSourceRefs(orgId: string, kind: string, key: string): Promise<SourceRef[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .select('source_ref')
        .where('org_id', '=', orgId)
        .where('source_ref', 'like', `%"kind":"${kind}"%${likeEscape(key)}%`)
        .execute();
      return rows.map((r) => JSON.parse(r.source_ref!) as SourceRef);
    },
    /** Content change with compare-and-set on the status (only open items change). */
    async update(
      id: string,
      patch: LedgerPatch,
      expect: readonly LedgerStatus[] = OPEN_STATUSES,
      at = nowIso(),
    ): Promise<LedgerItem> {
      const set: Record<string, unknown> = { updated_at: at };
      for (const [k, v] of Object.entries(patch))
        if (v !== undefined && k in PATCH_COLUMNS) set[PATCH_COLUMNS[k as keyof LedgerPatch]] = v;
      if (patch.deadlineKind !== undefined || patch.deadlineOn !== undefined) {
        const cur = await repo.get(id);
        if (!cur) throw new JianshiError('E_NOT_FOUND', '未找到该整改事项。');
        const kind = patch.deadlineKind ?? cur.deadlineKind;
        set.deadline_on = effectiveDeadline(
          kind,
          patch.deadlineOn !== undefined ? patch.deadlineOn : kind === cur.deadlineKind ? cur.deadlineOn : null,
          cur.createdAt,
          policy,
        );
      }
      const r = await db
        .updateTable('ledger_items')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', [...expect])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new JianshiError('E_CONFLICT', '整改事项状态已变化或不存在，请刷新后重试。');
      return (await repo.get(id))!;
    },
    async setRepeated(id: string, repeatedOfId: string | null): Promise<void> {
      await db
        .updateTable('ledger_items')
        .set({ repeated_of_id: repeatedOfId, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '!=', 'closed')
        .execute();
    },
    /** Persist a transition built by core applyLedgerEvent: CAS on the old status + the record, in one transaction. */
    async transition(rec: LedgerTransitionRecord): Promise<LedgerTransition> {
      return inTx(async (trx) => {
        const set: Record<string, unknown> = { status: rec.toStatus, updated_at: rec.at };
        if (rec.toStatus === 'closed') Object.assign(set, { closed_at: rec.at, closed_by: rec.actorId });
        const r = await trx
          .updateTable('ledger_items')
          .set(set)
          .where('id', '=', rec.itemId)
          .where('status', '=', rec.fromStatus)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1)
          throw new JianshiError('E_CONFLICT', '整改事项状态已被他人改变，请刷新后重试。');
        const t: LedgerTransition = {
          id: newId(),
          itemId: rec.itemId,
          fromStatus: rec.fromStatus,
          toStatus: rec.toStatus,
          actorId: rec.actorId,
          reason: rec.reason,
          snapshot: rec.snapshot,
          at: rec.at,
        };
        await trx
          .insertInto('ledger_transitions')
          .values({
            id: t.id,
            item_id: t.itemId,
            from_status: t.fromStatus,
            to_status: t.toStatus,
            actor_id: t.actorId,
            reason: t.reason,
            snapshot: JSON.stringify(t.snapshot),
            at: t.at,
          })
          .execute();
        return t;
      });
    },

    // ---------------------------------------------------------------- deadline extensions

    /** Store a new request; a second pending one for the item (a race) is E_CONFLICT (partial unique index). */
    async insertExtension(x: DeadlineExtension): Promise<DeadlineExtension> {
      try {
        await db.insertInto('ledger_extensions').values(extensionRow(x)).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', '已有一份延期申请等待审批，请刷新后查看。');
        throw e;
      }
      return x;
    },
    /** Record a decision: compare-and-set on `pending`, so two deciders never both decide. */
    async decideExtension(x: DeadlineExtension): Promise<DeadlineExtension> {
      const r = await db
        .updateTable('ledger_extensions')
        .set({ status: x.status, decided_by: x.decidedBy, decided_at: x.decidedAt, comment: x.comment })
        .where('id', '=', x.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new JianshiError('E_CONFLICT', '该延期申请已被他人审批，请刷新后查看。');
      return x;
    },
    async getExtension(id: string): Promise<DeadlineExtension | null> {
      const r = await db.selectFrom('ledger_extensions').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toExtension(r) : null;
    },
    async pendingExtension(itemId: string): Promise<DeadlineExtension | null> {
      const r = await db
        .selectFrom('ledger_extensions')
        .selectAll()
        .where('item_id', '=', itemId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return r ? toExtension(r) : null;
    },
    /** An item's requests, oldest first. */
    async extensions(itemId: string): Promise<DeadlineExtension[]> {
      return (
        await db
          .selectFrom('ledger_extensions')
          .selectAll()
          .where('item_id', '=', itemId)
          .orderBy('requested_at')
          .orderBy('id')
          .execute()
      ).map(toExtension);
    },
    /** The requests of each item, oldest first (the export's 延期情况 column); `pendingOnly` for list badges. */
    async extensionsOf(itemIds: readonly string[], pendingOnly = false): Promise<Map<string, DeadlineExtension[]>> {
      const out = new Map<string, DeadlineExtension[]>();
      for (let k = 0; k < itemIds.length; k += 500) {
        let q = db
          .selectFrom('ledger_extensions')
          .selectAll()
          .where('item_id', 'in', itemIds.slice(k, k + 500));
        if (pendingOnly) q = q.where('status', '=', 'pending');
        for (const r of await q.orderBy('requested_at').orderBy('id').execute())
          out.set(r.item_id, [...(out.get(r.item_id) ?? []), toExtension(r)]);
      }
      return out;
    },

    async transitions(itemId: string): Promise<LedgerTransition[]> {
      const rows = await db
        .selectFrom('ledger_transitions')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        fromStatus: r.from_status as LedgerStatus,
        toStatus: r.to_status as LedgerStatus,
        actorId: r.actor_id,
        reason: r.reason,
        snapshot: JSON.parse(r.snapshot),
        at: r.at,
      }));
    },
    async addNote(itemId: string, authorId: string, body: string, at = nowIso()): Promise<LedgerNote> {
      const text = body.trim();
      if (!text) throw new JianshiError('E_VALIDATION', '整改进展不能为空。');
      if (text.length > 4000) throw new JianshiError('E_VALIDATION', '整改进展不能超过 4000 字。');
      const n: LedgerNote = { id: newId(), itemId, authorId, body: text, createdAt: at };
      await db
        .insertInto('ledger_notes')
        .values({ id: n.id, item_id: itemId, author_id: authorId, body: text, created_at: at })
        .execute();
      await db.updateTable('ledger_items').set({ updated_at: at }).where('id', '=', itemId).execute();
      return n;
    },
    async notes(itemId: string): Promise<LedgerNote[]> {
      const rows = await db
        .selectFrom('ledger_notes')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        authorId: r.author_id,
        body: r.body,
        createdAt: r.created_at,
      }));
    },
    /** The latest note of each item (for the 整改进展 column of an export). */
    async latestNotes(itemIds: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let k = 0; k < itemIds.length; k += 500) {
        const chunk = itemIds.slice(k, k + 500);
        const rows = await db
          .selectFrom('ledger_notes')
          .select(['item_id', 'body', 'created_at'])
          .where('item_id', 'in', chunk)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        for (const r of rows) out.set(r.item_id, r.body);
      }
      return out;
    },

    // ---------------------------------------------------------------- evidence

    /**
     * Store an evidence file. The type comes from the bytes (sniffEvidence), the display name is
     * cleaned, and in directory mode the path is `<yyyy>/<mm>/<uuid>.<ext>` — nothing from the
     * upload's name reaches the file system.
     */
    async addEvidence(
      input: {
        itemId: string;
        bytes: Uint8Array;
        fileName?: string | null;
        evidenceOn?: string | null;
        uploadedBy: string;
      },
      at = nowIso(),
    ): Promise<EvidenceFile> {
      const size = input.bytes.byteLength;
      if (size === 0) throw new JianshiError('E_EMPTY', '佐证材料文件为空。');
      if (size > limits.maxBytes)
        throw new JianshiError(
          'E_TOO_LARGE',
          `佐证材料过大（${(size / 1048576).toFixed(1)} MB），单个文件上限为 ${Math.round(limits.maxBytes / 1048576)} MB。`,
          { limit: limits.maxBytes, size },
        );
      const type = sniffEvidence(input.bytes);
      if (!type)
        throw new JianshiError('E_UNSUPPORTED_FORMAT', `不支持的佐证材料类型：请上传 ${ALLOWED_EVIDENCE_LABEL}。`);
      if (input.evidenceOn && !isIsoDate(input.evidenceOn)) throw new JianshiError('E_BAD_DATE');
      const count = await db
        .selectFrom('evidence_files')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('item_id', '=', input.itemId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= limits.maxFilesPerItem)
        throw new JianshiError('E_TOO_LARGE', `每个整改事项最多上传 ${limits.maxFilesPerItem} 份佐证材料。`);
      const id = newId();
      const sha256 = createHash('sha256').update(input.bytes).digest('hex');
      let storedPath: string | null = null;
      if (evidence.mode === 'dir') {
        storedPath = `${at.slice(0, 4)}/${at.slice(5, 7)}/${id}.${type.ext}`;
        const abs = join(resolve(evidence.dir), storedPath);
        mkdirSync(join(abs, '..'), { recursive: true, mode: 0o700 });
        writeFileSync(abs, input.bytes, { flag: 'wx', mode: 0o600 });
      }
      const f: EvidenceFile = {
        id,
        itemId: input.itemId,
        fileName: cleanFileName(input.fileName, type),
        mime: type.mime,
        size,
        sha256,
        evidenceOn: input.evidenceOn ?? null,
        storage: evidence.mode,
        uploadedBy: input.uploadedBy,
        createdAt: at,
      };
      try {
        await db
          .insertInto('evidence_files')
          .values({
            id,
            item_id: f.itemId,
            file_name: f.fileName,
            mime: f.mime,
            size,
            sha256,
            evidence_on: f.evidenceOn,
            storage: f.storage,
            bytes:
              evidence.mode === 'db'
                ? Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)
                : null,
            stored_path: storedPath,
            uploaded_by: f.uploadedBy,
            created_at: at,
          })
          .execute();
      } catch (e) {
        if (storedPath && evidence.mode === 'dir') rmSync(join(resolve(evidence.dir), storedPath), { force: true });
        throw e;
      }
      return f;
    },
    async listEvidence(itemId: string): Promise<EvidenceFile[]> {
      const rows = await db
        .selectFrom('evidence_files')
        .select([
          'id',
          'item_id',
          'file_name',
          'mime',
          'size',
          'sha256',
          'evidence_on',
          'storage',
          'uploaded_by',
          'created_at',
        ])
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEvidence);
    },
    async evidenceNames(itemIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      for (let k = 0; k < itemIds.length; k += 500) {
        const rows = await db
          .selectFrom('evidence_files')
          .select(['item_id', 'file_name'])
          .where('item_id', 'in', itemIds.slice(k, k + 500))
          .orderBy('created_at')
          .execute();
        for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.file_name]);
      }
      return out;
    },
    /** The file and its bytes; the bytes are verified against the stored digest. */
    async getEvidence(id: string): Promise<(EvidenceFile & { bytes: Buffer }) | null> {
      const r = await db.selectFrom('evidence_files').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      let bytes: Buffer;
      if (r.storage === 'dir') {
        if (evidence.mode !== 'dir' || !r.stored_path) throw new JianshiError('E_IO', '佐证材料存储目录未配置。');
        const root = resolve(evidence.dir);
        const abs = resolve(root, r.stored_path);
        if (!abs.startsWith(root + sep)) throw new JianshiError('E_IO', '佐证材料路径无效。');
        try {
          bytes = readFileSync(abs);
        } catch {
          throw new JianshiError('E_IO', '佐证材料文件缺失。');
        }
      } else bytes = Buffer.from(r.bytes!);
      if (createHash('sha256').update(bytes).digest('hex') !== r.sha256)
        throw new JianshiError('E_IO', '佐证材料文件已损坏（校验值不符）。');
      return { ...toEvidence(r), bytes };
    },

    // ---------------------------------------------------------------- lists

    /**
     * The filtered list, ordered by number, with keyset pagination (constant cost at any depth).
     * The total comes from the maintained summary when the filter allows (organizations, status,
     * aspect, year), otherwise from a count over the items.
     */
    async list(
      filter: LedgerFilter,
      scope: LedgerListScope,
      page: LedgerPage = {},
      today = todayIn(),
    ): Promise<LedgerListResult> {
      const limit = Math.max(1, Math.min(500, page.limit ?? 50));
      const wantTotal = page.withTotal ?? !page.cursor;
      const servable = statsServable(filter, scope);
      const narrowScope =
        'ownerId' in scope &&
        scope.ownerId &&
        !scope.orgIds.length &&
        !scope.subtreeOfPaths.length &&
        !scope.strictSubtreeOfPaths.length;
      const narrow = !!(filter.ownerId || narrowScope || (filter.orgIds && filter.orgIds.length === 1));
      let matching: number | null = null;
      let scan = false;
      if (dialect === 'sqlite' && servable && !narrow) {
        // SQLite: a wide list (many matches: the overdue items of a whole tree) is read in number order and
        // stops after one page (see colRef); a narrow one (one organization, one owner, a small subtree or
        // a rare combination) through the organization or owner index, sorting the few matches. The summary
        // tells which: reading in number order costs about limit × items / matches rows, the index the
        // items of the selected organizations.
        const e = await repo.statsEstimate(filter, scope);
        matching = e.matching;
        scan = e.matching > 0 && (limit * e.all) / e.matching < e.selected;
      } else if (dialect === 'sqlite') scan = !narrow;
      if (servable && wantTotal && matching === null) matching = await repo.statsCount(filter, scope);
      let q = db
        .selectFrom('ledger_items')
        .selectAll()
        .where((eb) => scopeCondition(eb, scope, scan))
        .where((eb) => filterConditions(eb, filter, today, policy, scan));
      if (page.cursor) {
        const c = decodeCursor(page.cursor);
        // `number >= c` first, so both databases seek into the (number, id) index instead of scanning from the start.
        q = q
          .where('ledger_items.number', '>=', c.number)
          .where((eb) => eb.or([eb('ledger_items.number', '>', c.number), eb('ledger_items.id', '>', c.id)]));
      }
      const rows = await q
        .orderBy('ledger_items.number')
        .orderBy('ledger_items.id')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(toLedgerItem);
      let total: number | null = null;
      if (wantTotal) {
        if (matching !== null) total = matching;
        else {
          const cq = db
            .selectFrom('ledger_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .where((eb) => scopeCondition(eb, scope))
            .where((eb) => filterConditions(eb, filter, today, policy));
          // SQLite: counting the overdue / due-soon items reads the covering index on open deadlines (see dashboardFromStats).
          const t =
            dialect === 'sqlite' && filter.due && !filter.ownerId && !('ownerId' in scope && scope.ownerId)
              ? (await db.executeQuery<{ n: number }>(withIndex(cq.compile(), 'ledger_items_open_due'))).rows[0]
              : await cq.executeTakeFirstOrThrow();
          total = Number(t.n);
        }
      }
      return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null, total };
    },
    /** From the summary in one pass: all items, those of the selected organizations, those matching the filter. */
    async statsEstimate(
      filter: LedgerFilter,
      scope: LedgerListScope,
    ): Promise<{ all: number; selected: number; matching: number }> {
      const r = await db
        .selectFrom('ledger_stats')
        .select([
          sql<number>`coalesce(sum(n), 0)`.as('all'),
          sql<number>`coalesce(sum(case when ${statsOrgCondition('ledger_stats', { orgIds: filter.orgIds, subtreeOf: filter.subtreeOf }, scope)} then n else 0 end), 0)`.as(
            'selected',
          ),
          sql<number>`coalesce(sum(case when ${statsCondition(filter, scope)} then n else 0 end), 0)`.as('matching'),
        ])
        .executeTakeFirstOrThrow();
      return { all: Number(r.all), selected: Number(r.selected), matching: Number(r.matching) };
    },
    /** How many items match (organizations, status, aspect, year only: see statsServable), from the summary. */
    async statsCount(filter: LedgerFilter, scope: LedgerListScope): Promise<number> {
      const r = await db
        .selectFrom('ledger_stats')
        .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
        .where(statsCondition(filter, scope))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Every matching item (export), in number order, fetched in pages. */
    async *iterate(
      filter: LedgerFilter,
      scope: LedgerListScope,
      today?: string,
      max = 100_000,
    ): AsyncGenerator<LedgerItem> {
      let cursor: string | null = null;
      let n = 0;
      do {
        const page: LedgerListResult = await repo.list(
          filter,
          scope,
          { limit: Math.min(500, max - n + 1), cursor, withTotal: false },
          today,
        );
        for (const i of page.items) {
          if (n++ >= max) return;
          yield i;
        }
        cursor = page.nextCursor;
      } while (cursor);
    },

    /** The dashboard in SQL; agrees with core/ledger/views.ts dashboard() (tested). */
    async dashboard(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      if (statsServable(filter, scope)) return repo.dashboardFromStats(filter, scope, today);
      return repo.dashboardFromItems(filter, scope, today);
    },
    /**
     * The dashboard from the maintained summary: counts per (org, aspect, status) and the monthly
     * trend are summary rows; overdue and due soon (which depend on today) are counted from the
     * open items through the covering index `ledger_items_open_due`.
     */
    async dashboardFromStats(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      const soon = addDays(today, policy.dueSoonDays);
      const groupsQuery = db
        .selectFrom('ledger_stats')
        .select([
          'org_id',
          'aspect_key',
          'status',
          sql<number>`sum(n)`.as('n'),
          sql<number>`sum(repeated)`.as('repeated'),
        ])
        .where(statsCondition(filter, scope))
        .groupBy(['org_id', 'aspect_key', 'status']);
      const openStatuses = OPEN_STATUSES.filter((x) => !filter.status?.length || filter.status.includes(x));
      type DueRow = { org_id: string; aspect_key: string; overdue: number; due_soon: number };
      const dueQuery = db
        .selectFrom('ledger_items')
        .select([
          'org_id',
          sql<string>`coalesce(aspect, '')`.as('aspect_key'),
          sql<number>`sum(case when deadline_on < ${today} then 1 else 0 end)`.as('overdue'),
          sql<number>`sum(case when deadline_on >= ${today} then 1 else 0 end)`.as('due_soon'),
        ])
        .where('status', 'in', openStatuses.length ? openStatuses : ['-'])
        .where('deadline_on', '<=', soon)
        .where('deadline_kind', '!=', 'ongoing')
        .where((eb) => scopeCondition(eb, scope))
        .where((eb) => filterConditions(eb, filter, today, policy))
        .groupBy(['org_id', sql`coalesce(aspect, '')`]);
      const trendQuery =
        filter.status?.length || filter.aspect !== undefined
          ? null // the monthly summary has no status or aspect: count those from the items
          : db
              .selectFrom('ledger_stats_month')
              .select(['month', sql<number>`sum(created)`.as('created'), sql<number>`sum(closed)`.as('closed')])
              .where(statsOrgCondition('ledger_stats_month', filter, scope))
              .groupBy('month');
      // The three run at once (PostgreSQL: on separate pooled connections, outside a transaction).
      const [groups, due, trendRows] = await Promise.all([
        groupsQuery.execute(),
        // SQLite: read only the covering index on open deadlines; with ANALYZE statistics the planner would
        // otherwise pick (org_id, status, deadline_on) and fetch every open row from the table.
        !openStatuses.length
          ? Promise.resolve([] as DueRow[])
          : dialect === 'sqlite'
            ? db.executeQuery<DueRow>(withIndex(dueQuery.compile(), 'ledger_items_open_due')).then((r) => r.rows)
            : dueQuery.execute(),
        trendQuery ? trendQuery.execute() : Promise.resolve(null),
      ]);

      const byStatus = Object.fromEntries(LEDGER_STATUSES.map((st) => [st, 0])) as Record<LedgerStatus, number>;
      const byOrg = new Map<string, CompletionRow>();
      const byAspect = new Map<string, CompletionRow>();
      let total = 0,
        od = 0,
        ds = 0,
        rep = 0;
      const row = (m: Map<string, CompletionRow>, key: string) => {
        let r = m.get(key);
        if (!r) m.set(key, (r = { key, total: 0, closed: 0, awaitingClose: 0, overdue: 0, rate: 0 }));
        return r;
      };
      for (const g of groups) {
        const n = Number(g.n);
        if (!n) continue;
        total += n;
        rep += Number(g.repeated ?? 0);
        if (g.status in byStatus) byStatus[g.status as LedgerStatus] += n;
        for (const r of [row(byOrg, g.org_id), row(byAspect, g.aspect_key)]) {
          r.total += n;
          if (g.status === 'closed') r.closed += n;
          if (g.status === 'awaiting_close') r.awaitingClose += n;
        }
      }
      for (const d of due) {
        const o = Number(d.overdue ?? 0);
        od += o;
        ds += Number(d.due_soon ?? 0);
        if (o) {
          row(byOrg, d.org_id).overdue += o;
          row(byAspect, d.aspect_key).overdue += o;
        }
      }
      const finish = (m: Map<string, CompletionRow>) =>
        [...m.values()]
          .map((r) => ({ ...r, rate: rate(r.closed, r.total) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const trend = trendRows
        ? trendRows
            .map((r) => ({ month: r.month, created: Number(r.created), closed: Number(r.closed) }))
            .filter((t) => t.created || t.closed)
            .sort((a, b) => (a.month < b.month ? -1 : 1))
        : (await repo.dashboardFromItems(filter, scope, today)).trend;
      return {
        total,
        byStatus,
        overdue: od,
        dueSoon: ds,
        repeated: rep,
        byOrg: finish(byOrg),
        byAspect: finish(byAspect),
        trend,
      };
    },
    /** The dashboard counted from the items (any filter). */
    async dashboardFromItems(filter: LedgerFilter, scope: LedgerListScope, today = todayIn()): Promise<Dashboard> {
      const soon = addDays(today, policy.dueSoonDays);
      const base = () =>
        db
          .selectFrom('ledger_items')
          .where((eb) => scopeCondition(eb, scope))
          .where((eb) => filterConditions(eb, filter, today, policy));
      const open = sql`status in ('pending', 'in_progress') and deadline_kind <> 'ongoing'`;
      const overdue = sql<number>`sum(case when ${open} and deadline_on < ${today} then 1 else 0 end)`;
      const dueSoon = sql<number>`sum(case when ${open} and deadline_on >= ${today} and deadline_on <= ${soon} then 1 else 0 end)`;
      // One scan grouped by (org, aspect, status) gives totals, status counts, by-org and by-aspect figures.
      const groups = await base()
        .select([
          'org_id',
          sql<string>`coalesce(aspect, '')`.as('aspect_key'),
          'status',
          sql<number>`count(*)`.as('n'),
          overdue.as('overdue'),
          dueSoon.as('due_soon'),
          sql<number>`sum(case when repeated_of_id is not null then 1 else 0 end)`.as('repeated'),
        ])
        .groupBy(['org_id', sql`coalesce(aspect, '')`, 'status'])
        .execute();
      const created = await base()
        .select([sql<string>`substr(created_at, 1, 7)`.as('m'), sql<number>`count(*)`.as('n')])
        .groupBy(sql`substr(created_at, 1, 7)`)
        .execute();
      const closed = await base()
        .select([sql<string>`substr(closed_at, 1, 7)`.as('m'), sql<number>`count(*)`.as('n')])
        .where('closed_at', 'is not', null)
        .groupBy(sql`substr(closed_at, 1, 7)`)
        .execute();

      const byStatus = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
      const byOrg = new Map<string, CompletionRow>();
      const byAspect = new Map<string, CompletionRow>();
      let total = 0,
        od = 0,
        ds = 0,
        rep = 0;
      const bump = (m: Map<string, CompletionRow>, key: string, status: string, n: number, o: number) => {
        let r = m.get(key);
        if (!r) m.set(key, (r = { key, total: 0, closed: 0, awaitingClose: 0, overdue: 0, rate: 0 }));
        r.total += n;
        if (status === 'closed') r.closed += n;
        if (status === 'awaiting_close') r.awaitingClose += n;
        r.overdue += o;
      };
      for (const g of groups) {
        const n = Number(g.n),
          o = Number(g.overdue ?? 0);
        total += n;
        od += o;
        ds += Number(g.due_soon ?? 0);
        rep += Number(g.repeated ?? 0);
        if (g.status in byStatus) byStatus[g.status as LedgerStatus] += n;
        bump(byOrg, g.org_id, g.status, n, o);
        bump(byAspect, g.aspect_key, g.status, n, o);
      }
      const finish = (m: Map<string, CompletionRow>) =>
        [...m.values()]
          .map((r) => ({ ...r, rate: rate(r.closed, r.total) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const trend = new Map<string, TrendRow>();
      for (const r of created) trend.set(r.m, { month: r.m, created: Number(r.n), closed: 0 });
      for (const r of closed) {
        const t = trend.get(r.m) ?? { month: r.m, created: 0, closed: 0 };
        t.closed = Number(r.n);
        trend.set(r.m, t);
      }
      return {
        total,
        byStatus,
        overdue: od,
        dueSoon: ds,
        repeated: rep,
        byOrg: finish(byOrg),
        byAspect: finish(byAspect),
        trend: [...trend.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
      };
    },

    // ---------------------------------------------------------------- recurrence

    /** Items of earlier years of the same person (or the same org's unit items), closed or open. */
    async recurrenceCandidates(
      input: { ownerId: string | null; orgId: string; year: number },
      limit = 500,
    ): Promise<LedgerItem[]> {
      // Every earlier item, closed or still open (core/ledger/recurrence.ts).
      let q = db.selectFrom('ledger_items').selectAll().where('year', '<', input.year);
      q = input.ownerId
        ? q.where('owner_id', '=', input.ownerId)
        : q.where('owner_id', 'is', null).where('org_id', '=', input.orgId);
      return (await q.orderBy('year', 'desc').limit(limit).execute()).map(toLedgerItem);
    },

    // ---------------------------------------------------------------- deadlines and notifications

    /** Open items due within the due-soon window or overdue: the input of the daily pass. */
    async openItemsDueBy(today: string): Promise<LedgerItem[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .selectAll()
        .where('status', 'in', [...OPEN_STATUSES])
        .where('deadline_kind', '!=', 'ongoing')
        .where('deadline_on', '<=', addDays(today, policy.dueSoonDays))
        .orderBy('deadline_on')
        .execute();
      return rows.map(toLedgerItem);
    },
    /** How many open items are due soon or overdue on `today` (0 → the daily pass has nothing to do). */
    async countOpenDueBy(today: string): Promise<number> {
      const r = await db
        .selectFrom('ledger_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', 'in', [...OPEN_STATUSES])
        .where('deadline_kind', '!=', 'ongoing')
        .where('deadline_on', '<=', addDays(today, policy.dueSoonDays))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async secretariesByOrg(orgIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (!orgIds.length) return out;
      for (let k = 0; k < orgIds.length; k += 500) {
        const rows = await db
          .selectFrom('memberships')
          .select(['org_id', 'person_id'])
          .where('role', '=', 'secretary')
          .where('org_id', 'in', orgIds.slice(k, k + 500))
          .execute();
        for (const r of rows) out.set(r.org_id, [...(out.get(r.org_id) ?? []), r.person_id]);
      }
      return out;
    },
    /**
     * Insert notifications; those whose dedupe key already exists are skipped (so a second pass,
     * or a second instance, notifies nobody twice). Returns the ones that were new. With `mail`,
     * the notifications it selects also enter the mail outbox (`mail_status = 'pending'`) in the
     * same statement, so a mail is never lost between the insert and the send.
     */
    async notify(
      list: readonly LedgerNotification[],
      at = nowIso(),
      opts: { mail?: (n: LedgerNotification) => boolean } = {},
    ): Promise<LedgerNotification[]> {
      const fresh: LedgerNotification[] = [];
      const byKey = new Map(list.map((n) => [n.dedupeKey, n]));
      const rows = [...byKey.values()].map((n) => ({
        id: newId(),
        person_id: n.personId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        dedupe_key: n.dedupeKey,
        created_at: at,
        read_at: null,
        mail_status: opts.mail?.(n) ? 'pending' : null,
      }));
      for (let k = 0; k < rows.length; k += 200) {
        const r = await db
          .insertInto('notifications')
          .values(rows.slice(k, k + 200))
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning('dedupe_key')
          .execute();
        for (const x of r) fresh.push(byKey.get(x.dedupe_key!)!);
      }
      return fresh;
    },
    /** A person's notifications, newest first (keyset on created_at, id), and the unread count. */
    async notifications(
      personId: string,
      opts: { unreadOnly?: boolean; limit?: number; before?: { createdAt: string; id: string } | null } = {},
    ) {
      let q = db
        .selectFrom('notifications')
        .select(['id', 'person_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('person_id', '=', personId);
      if (opts.unreadOnly) q = q.where('read_at', 'is', null);
      const b = opts.before;
      if (b)
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', b.createdAt),
            eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)]),
          ]),
        );
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit ?? 100)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.created_at,
        readAt: r.read_at,
      }));
    },
    async unreadCount(personId: string): Promise<number> {
      const r = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Mark one of the person's notifications read; false when it is not theirs (or does not exist). */
    async markRead(personId: string, id: string, at = nowIso()): Promise<boolean> {
      const mine = await db
        .selectFrom('notifications')
        .select(['id', 'read_at'])
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (!mine) return false;
      if (!mine.read_at)
        await db
          .updateTable('notifications')
          .set({ read_at: at })
          .where('id', '=', id)
          .where('read_at', 'is', null)
          .execute();
      return true;
    },
    async markAllRead(personId: string, at = nowIso()): Promise<number> {
      const r = await db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    // ---------------------------------------------------------------- mail outbox

    /**
     * Claim one pending mail (compare-and-set on its claim time, so two instances never both send
     * it): pending, and never claimed or claimed before `staleBefore` (a crashed sender, or a
     * failed attempt waiting for its retry). Returns the notification and the address, or null.
     */
    async claimMail(id: string, staleBefore: string, at = nowIso()): Promise<boolean> {
      const r = await db
        .updateTable('notifications')
        .set((eb) => ({ mail_claimed_at: at, mail_attempts: eb('mail_attempts', '+', 1) }))
        .where('id', '=', id)
        .where('mail_status', '=', 'pending')
        .where((eb) => eb.or([eb('mail_claimed_at', 'is', null), eb('mail_claimed_at', '<', staleBefore)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Pending mails that are due (unclaimed or stale), oldest first, with the recipient's address. */
    async pendingMails(staleBefore: string, limit = 100) {
      const rows = await db
        .selectFrom('notifications')
        .innerJoin('people', 'people.id', 'notifications.person_id')
        .select([
          'notifications.id',
          'notifications.person_id',
          'notifications.kind',
          'notifications.title',
          'notifications.body',
          'notifications.link',
          'notifications.dedupe_key',
          'notifications.created_at',
          'notifications.mail_attempts',
          'people.email',
          'people.disabled',
        ])
        .where('notifications.mail_status', '=', 'pending')
        .where((eb) =>
          eb.or([
            eb('notifications.mail_claimed_at', 'is', null),
            eb('notifications.mail_claimed_at', '<', staleBefore),
          ]),
        )
        .orderBy('notifications.created_at')
        .orderBy('notifications.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        kind: r.kind as LedgerNotification['kind'],
        title: r.title,
        body: r.body ?? '',
        link: r.link ?? '',
        dedupeKey: r.dedupe_key ?? r.id,
        createdAt: r.created_at,
        attempts: Number(r.mail_attempts),
        email: r.disabled ? null : r.email,
      }));
    },
    /** The outcome of a send: sent, given up (`failed` / `no_address`), or back to pending with the error. */
    async mailOutcome(
      id: string,
      outcome: { status: 'sent' | 'failed' | 'no_address' | 'pending'; error?: string | null },
      at = nowIso(),
    ): Promise<void> {
      await db
        .updateTable('notifications')
        .set({
          mail_status: outcome.status,
          mail_error: outcome.error ? outcome.error.slice(0, 500) : null,
          ...(outcome.status === 'sent' ? { mailed_at: at } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
    async mailCounts(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('notifications')
        .select(['mail_status', (eb) => eb.fn.countAll().as('n')])
        .where('mail_status', 'is not', null)
        .groupBy('mail_status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.mail_status!, Number(r.n)]));
    },
    // ---------------------------------------------------------------- what items point at

    /** The items made from a material's measures (its `measure` source refs), with the problem each carries. */
    async measureItems(
      orgId: string,
      materialId: string,
    ): Promise<{ measureIndex: number; problemIndex: number | null; itemId: string; number: string }[]> {
      const rows = await db
        .selectFrom('ledger_items')
        .select(['id', 'number', 'source_ref'])
        .where('org_id', '=', orgId)
        .where('source_ref', 'like', `%"kind":"measure"%${materialId.replace(/[%_\\]/g, '')}%`)
        .execute();
      return rows.flatMap((r) => {
        const ref = JSON.parse(r.source_ref ?? 'null') as SourceRef | null;
        return ref?.kind === 'measure' && ref.materialId === materialId
          ? [{ measureIndex: ref.measureIndex, problemIndex: ref.problemIndex ?? null, itemId: r.id, number: r.number }]
          : [];
      });
    },
    /**
     * Lock a material's row until the transaction ends (PostgreSQL; SQLite's write transactions are
     * serial), so two conversions of its measures at once make each item once.
     */
    async lockMaterial(materialId: string): Promise<void> {
      if (dialect === 'postgres') await sql`select id from materials where id = ${materialId} for update`.execute(db);
    },
    /**
     * What a hand-made item's link back points at: the organization of its meeting (null: no such
     * meeting) and whether the criticism, the comment or every opinion collection is of that meeting.
     */
    async sourceRefTarget(
      ref:
        | { kind: 'criticism'; criticismId: string; meetingId: string }
        | { kind: 'comment'; commentId: string; meetingId: string }
        | { kind: 'opinion'; meetingId: string; collectionIds: readonly string[] },
    ): Promise<{ meetingOrgId: string | null; found: boolean }> {
      const meeting = await db
        .selectFrom('meetings')
        .select(['id', 'org_id'])
        .where('id', '=', ref.meetingId)
        .executeTakeFirst();
      if (!meeting) return { meetingOrgId: null, found: false };
      let found = true;
      if (ref.kind === 'criticism')
        found = !!(await db
          .selectFrom('criticisms')
          .select('id')
          .where('id', '=', ref.criticismId)
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirst());
      else if (ref.kind === 'comment')
        found = !!(await db
          .selectFrom('meeting_comments')
          .select('id')
          .where('id', '=', ref.commentId)
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirst());
      else if (ref.collectionIds.length) {
        const n = await db
          .selectFrom('opinion_collections')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', 'in', [...ref.collectionIds])
          .where('meeting_id', '=', ref.meetingId)
          .executeTakeFirstOrThrow();
        found = Number(n.n) === new Set(ref.collectionIds).size;
      }
      return { meetingOrgId: meeting.org_id, found };
    },
    /** id → name of the given people (unknown ids and nulls are skipped): the names an item's readers see. */
    async personNames(ids: readonly (string | null | undefined)[]): Promise<Record<string, string>> {
      const want = [...new Set(ids.filter((x): x is string => !!x))];
      const out: Record<string, string> = {};
      for (let k = 0; k < want.length; k += 500) {
        const rows = await db
          .selectFrom('people')
          .select(['id', 'name'])
          .where('id', 'in', want.slice(k, k + 500))
          .execute();
        for (const r of rows) out[r.id] = r.name;
      }
      return out;
    },
    /** The same repository with other options (evidence storage, limits, deadline policy). */
    configured(more: LedgerRepositoryOptions) {
      return ledgerRepository(db, dialect, { ...opts, ...more });
    },

    async count(): Promise<number> {
      const r = await db
        .selectFrom('ledger_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    dialect,
  };
  return repo;
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;
