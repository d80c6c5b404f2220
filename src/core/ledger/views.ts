/**
 * The three customary lists are three projections of the same items:
 *   问题清单 (problems)     — what is wrong: number, source, aspect, problem, status, repeated;
 *   任务清单 (tasks)        — what will be done by when: target, measures, deadline, due state;
 *   责任清单 (responsibilities) — who answers for it: one row per responsible person (or unit),
 *                             with counts by status and overdue.
 * And the dashboard: completion by branch and by aspect, the overdue count, and a monthly trend.
 * The SQL implementation in storage/repositories/ledger/dashboard.ts must agree with `dashboard` here (the
 * contract test compares them).
 */
import {
  LEDGER_STATUS_LABELS,
  deadlineText,
  dueState,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type DueState,
  type LedgerItem,
  type LedgerStatus,
} from './model.js';

export const LEDGER_VIEWS = ['problems', 'tasks', 'responsibilities'] as const;
export type LedgerView = (typeof LEDGER_VIEWS)[number];
export const LEDGER_VIEW_LABELS: Record<LedgerView, string> = {
  problems: '问题清单',
  tasks: '任务清单',
  responsibilities: '责任清单',
};

export interface ProblemRow {
  id: string;
  number: string;
  source: string;
  aspect: string | null;
  problem: string;
  status: LedgerStatus;
  statusLabel: string;
  repeatedOfId: string | null;
}

export interface TaskRow {
  id: string;
  number: string;
  problem: string;
  target: string | null;
  measures: string | null;
  ownerId: string | null;
  deadline: string;
  deadlineOn: string | null;
  dueState: DueState;
  status: LedgerStatus;
  statusLabel: string;
}

export interface ResponsibilityRow {
  /** person id, or null for unit items (owned by the organization's leadership group). */
  ownerId: string | null;
  orgId: string;
  leaderNames: string[];
  departments: string[];
  total: number;
  byStatus: Record<LedgerStatus, number>;
  overdue: number;
  itemIds: string[];
}

export function problemView(items: readonly LedgerItem[]): ProblemRow[] {
  return items.map((i) => ({
    id: i.id,
    number: i.number,
    source: i.source,
    aspect: i.aspect,
    problem: i.problem,
    status: i.status,
    statusLabel: LEDGER_STATUS_LABELS[i.status],
    repeatedOfId: i.repeatedOfId,
  }));
}

export function taskView(
  items: readonly LedgerItem[],
  today: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): TaskRow[] {
  return items.map((i) => ({
    id: i.id,
    number: i.number,
    problem: i.problem,
    target: i.target,
    measures: i.measures,
    ownerId: i.ownerId,
    deadline: deadlineText(i),
    deadlineOn: i.deadlineOn,
    dueState: dueState(i, today, policy),
    status: i.status,
    statusLabel: LEDGER_STATUS_LABELS[i.status],
  }));
}

const zeroStatus = (): Record<LedgerStatus, number> => ({ pending: 0, in_progress: 0, awaiting_close: 0, closed: 0 });

export function responsibilityView(
  items: readonly LedgerItem[],
  today: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): ResponsibilityRow[] {
  const rows = new Map<string, ResponsibilityRow>();
  for (const i of items) {
    const key = `${i.ownerId ?? ''}|${i.ownerId ? '' : i.orgId}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          ownerId: i.ownerId,
          orgId: i.orgId,
          leaderNames: [],
          departments: [],
          total: 0,
          byStatus: zeroStatus(),
          overdue: 0,
          itemIds: [],
        }),
      );
    r.total++;
    r.byStatus[i.status]++;
    if (dueState(i, today, policy) === 'overdue') r.overdue++;
    if (i.leaderName && !r.leaderNames.includes(i.leaderName)) r.leaderNames.push(i.leaderName);
    if (i.department && !r.departments.includes(i.department)) r.departments.push(i.department);
    r.itemIds.push(i.id);
  }
  return [...rows.values()].sort(
    (a, b) => b.overdue - a.overdue || b.total - a.total || String(a.ownerId).localeCompare(String(b.ownerId)),
  );
}

// ---------------------------------------------------------------- dashboard

export interface CompletionRow {
  key: string;
  total: number;
  closed: number;
  awaitingClose: number;
  overdue: number;
  /** closed / total, 0 when empty; rounded to 4 decimals. */
  rate: number;
}

export interface TrendRow {
  /** YYYY-MM */
  month: string;
  created: number;
  closed: number;
}

export interface Dashboard {
  total: number;
  byStatus: Record<LedgerStatus, number>;
  overdue: number;
  dueSoon: number;
  repeated: number;
  byOrg: CompletionRow[];
  /** Items without an aspect are counted under the key "". */
  byAspect: CompletionRow[];
  trend: TrendRow[];
}

export const rate = (closed: number, total: number): number =>
  total ? Math.round((closed / total) * 10000) / 10000 : 0;

/** The reference definition of every dashboard figure (the SQL version must agree). */
export function dashboard(
  items: readonly Pick<
    LedgerItem,
    'orgId' | 'aspect' | 'status' | 'deadlineKind' | 'deadlineOn' | 'createdAt' | 'closedAt' | 'repeatedOfId'
  >[],
  today: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Dashboard {
  const byStatus = zeroStatus();
  const byOrg = new Map<string, CompletionRow>();
  const byAspect = new Map<string, CompletionRow>();
  const trend = new Map<string, TrendRow>();
  let overdue = 0;
  let dueSoon = 0;
  let repeated = 0;
  const bump = (m: Map<string, CompletionRow>, key: string, closed: boolean, awaiting: boolean, od: boolean) => {
    let r = m.get(key);
    if (!r) m.set(key, (r = { key, total: 0, closed: 0, awaitingClose: 0, overdue: 0, rate: 0 }));
    r.total++;
    if (closed) r.closed++;
    if (awaiting) r.awaitingClose++;
    if (od) r.overdue++;
  };
  const month = (m: string) => {
    let r = trend.get(m);
    if (!r) trend.set(m, (r = { month: m, created: 0, closed: 0 }));
    return r;
  };
  for (const i of items) {
    byStatus[i.status]++;
    const ds = dueState(i, today, policy);
    if (ds === 'overdue') overdue++;
    if (ds === 'due_soon') dueSoon++;
    if (i.repeatedOfId) repeated++;
    const closed = i.status === 'closed';
    bump(byOrg, i.orgId, closed, i.status === 'awaiting_close', ds === 'overdue');
    bump(byAspect, i.aspect ?? '', closed, i.status === 'awaiting_close', ds === 'overdue');
    month(i.createdAt.slice(0, 7)).created++;
    if (i.closedAt) month(i.closedAt.slice(0, 7)).closed++;
  }
  const finish = (m: Map<string, CompletionRow>) =>
    [...m.values()]
      .map((r) => ({ ...r, rate: rate(r.closed, r.total) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    total: items.length,
    byStatus,
    overdue,
    dueSoon,
    repeated,
    byOrg: finish(byOrg),
    byAspect: finish(byAspect),
    trend: [...trend.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
  };
}
