/**
 * The SQL pieces the list and the dashboard share: the read scope and the filters as conditions
 * (with SQLite's index hints), the keyset cursor, and the conditions on the maintained summary.
 */
import {
  sql,
  type CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { Database } from '../../schema.js';
import { JianshiError } from '../../../core/errors.js';
import { addDays, OPEN_STATUSES, type DeadlinePolicy } from '../../../core/ledger/model.js';
import type { LedgerListScope, LedgerFilter } from './model.js';

// ---------------------------------------------------------------- SQL fragments

type EB = ExpressionBuilder<Database, 'ledger_items'>;

export function scopeCondition(eb: EB, s: LedgerListScope, scanByNumber: Unindexed = false): Expression<SqlBool> {
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

export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A column reference. With `scanByNumber` (SQLite only) it is written `+column`, which keeps
 * SQLite from using that column's index: a wide list (a subtree, the overdue items of a whole
 * tree) is then read in `number` order from the (number, id) index and stops after one page,
 * instead of collecting every match and sorting it in a temporary B-tree for each page.
 */
type Col = 'org_id' | 'status' | 'aspect' | 'year' | 'deadline_kind' | 'deadline_on';
/** `true`: every column below is written `+column`; `'org'`: only org_id (keeps SQLite off the organization indexes). */
export type Unindexed = boolean | 'org';
export function colRef(scanByNumber: Unindexed) {
  return (c: Col) =>
    scanByNumber === true || (scanByNumber === 'org' && c === 'org_id')
      ? sql<any>`+${sql.ref(`ledger_items.${c}`)}`
      : sql.ref<any>(`ledger_items.${c}`);
}

export function filterConditions(
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
export function withIndex<R>(q: CompiledQuery<R>, index: string): CompiledQuery<R> {
  const from = 'from "ledger_items"';
  if (!q.sql.includes(from)) return q;
  return { ...q, sql: q.sql.replace(from, `${from} indexed by "${index}"`) };
}

export function encodeCursor(i: { number: string; id: string }): string {
  return Buffer.from(JSON.stringify([i.number, i.id])).toString('base64url');
}
export function decodeCursor(c: string): { number: string; id: string } {
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
export function statsServable(f: LedgerFilter, s: LedgerListScope): boolean {
  if (!('all' in s) && s.ownerId) return false;
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && !['orgIds', 'subtreeOf', 'status', 'aspect', 'year'].includes(k)) return false;
  return true;
}

type StatsTable = 'ledger_stats' | 'ledger_stats_month';

/** The organization part of scope + filter, on a summary table's org_id. */
export function statsOrgCondition(t: StatsTable, f: LedgerFilter, s: LedgerListScope) {
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

export function statsCondition(f: LedgerFilter, s: LedgerListScope) {
  const and = [statsOrgCondition('ledger_stats', f, s)];
  if (f.status?.length) and.push(sql<SqlBool>`ledger_stats.status in (${sql.join(f.status)})`);
  if (f.aspect !== undefined) and.push(sql<SqlBool>`ledger_stats.aspect_key = ${f.aspect}`);
  return sql<SqlBool>`${sql.join(and, sql` and `)}`;
}
