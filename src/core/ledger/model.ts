/**
 * The rectification ledger (整改台账) item: one problem, one account (一问题一台账). Pure data and
 * the derived facts everyone needs — the status labels, deadline kinds, and whether an item is due
 * soon or overdue on a given day. No I/O: the server, the CLI, the .xlsx format and the web front
 * end all read these definitions.
 *
 *   dueState({ status: 'in_progress', deadlineKind: 'date', deadlineOn: '2024-06-30' }, '2024-07-01') → 'overdue'
 */

export const LEDGER_STATUSES = ['pending', 'in_progress', 'awaiting_close', 'closed'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  pending: '待整改',
  in_progress: '整改中',
  awaiting_close: '待销号',
  closed: '已销号',
};

/** 来源 — where a problem came from (DOMAIN.md §4). Stored as the Chinese word itself. */
export const LEDGER_SOURCES = [
  '征求意见',
  '谈心谈话',
  '相互批评',
  '上级点评',
  '巡视巡察',
  '审计',
  '自查',
  '对照检查',
] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/** 完成时限: a date, 立行立改 (immediately) or 长期坚持 (ongoing, never overdue). */
export const DEADLINE_KINDS = ['date', 'immediate', 'ongoing'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  date: '按期完成',
  immediate: '立行立改',
  ongoing: '长期坚持',
};

/**
 * Where an item came from, so the UI can link back. `measure` items point at one measure of an
 * approved material; `split` items at the item they were split from.
 */
export type SourceRef =
  | { kind: 'measure'; materialId: string; measureIndex: number; problemIndex?: number | null }
  | { kind: 'criticism'; criticismId: string; meetingId?: string }
  // Opinions are resealed (shuffled, new ids) when a collection closes: an item refers to the
  // collections and how many opinions said it, never to an opinion row.
  | { kind: 'opinion'; meetingId?: string; collectionIds: string[]; count?: number }
  | { kind: 'comment'; commentId: string; meetingId?: string }
  | { kind: 'split'; parentId: string; parentNumber: string }
  | { kind: 'import'; file?: string; row: number }
  | { kind: 'manual' };

export interface LedgerItem {
  id: string;
  orgId: string;
  meetingId: string | null;
  year: number;
  number: string;
  source: LedgerSource | string;
  sourceRef: SourceRef | null;
  aspect: string | null;
  problem: string;
  target: string | null;
  measures: string | null;
  leaderName: string | null;
  department: string | null;
  ownerId: string | null;
  deadlineKind: DeadlineKind;
  /** For `date` the stated date; for `immediate` the date it is due by policy; null for `ongoing`. */
  deadlineOn: string | null;
  status: LedgerStatus;
  repeatedOfId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** The editable content of an item (what a create or an update may set). */
export interface LedgerItemDraft {
  source: LedgerSource | string;
  sourceRef?: SourceRef | null;
  aspect?: string | null;
  problem: string;
  target?: string | null;
  measures?: string | null;
  leaderName?: string | null;
  department?: string | null;
  ownerId?: string | null;
  deadlineKind: DeadlineKind;
  deadlineOn?: string | null;
}

export const EDITABLE_FIELDS = [
  'aspect',
  'problem',
  'target',
  'measures',
  'leaderName',
  'department',
  'ownerId',
  'deadlineKind',
  'deadlineOn',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type LedgerPatch = Partial<Pick<LedgerItem, EditableField>>;

export function isLedgerStatus(s: string): s is LedgerStatus {
  return (LEDGER_STATUSES as readonly string[]).includes(s);
}
export function isLedgerSource(s: string): s is LedgerSource {
  return (LEDGER_SOURCES as readonly string[]).includes(s);
}
export function isDeadlineKind(s: string): s is DeadlineKind {
  return (DEADLINE_KINDS as readonly string[]).includes(s);
}

// ---------------------------------------------------------------- deadlines

/** Configurable customs (practice, not rule). */
export interface DeadlinePolicy {
  /** 立行立改 items are due this many days after they were created. */
  immediateDays: number;
  /** An item is "due soon" this many days before its deadline. */
  dueSoonDays: number;
}
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { immediateDays: 30, dueSoonDays: 7 };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The date stored in `deadline_on` for a deadline: the stated date for `date`, created + N days
 * for 立行立改 (unless a date was given), null for 长期坚持. Storing it makes "overdue" one
 * portable SQL comparison.
 */
export function effectiveDeadline(
  kind: DeadlineKind,
  stated: string | null | undefined,
  createdOn: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): string | null {
  switch (kind) {
    case 'date':
      return stated ?? null;
    case 'immediate':
      return stated ?? addDays(createdOn.slice(0, 10), policy.immediateDays);
    case 'ongoing':
      return null;
  }
}

/** Whether an open item's deadline is near (derived on a day, never stored). */
export const DUE_STATES = ['none', 'ok', 'due_soon', 'overdue'] as const;
export type DueState = (typeof DUE_STATES)[number];
export const DUE_STATE_LABELS: Record<DueState, string> = {
  none: '',
  ok: '未到期',
  due_soon: '即将到期',
  overdue: '超期',
};

/**
 * Statuses in which the deadline still binds the owner. An item awaiting closure has been handed
 * in; waiting for the superior is not the owner's delay. Sent back, it is in_progress again.
 */
export const OPEN_STATUSES: readonly LedgerStatus[] = ['pending', 'in_progress'];

/**
 * Overdue: open, with a deadline strictly before `today`. Due soon: open, deadline within
 * [today, today + dueSoonDays]. 长期坚持 and closed/awaiting items are 'none'.
 */
export function dueState(
  item: Pick<LedgerItem, 'status' | 'deadlineKind' | 'deadlineOn'>,
  today: string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): DueState {
  if (!OPEN_STATUSES.includes(item.status) || item.deadlineKind === 'ongoing' || !item.deadlineOn) return 'none';
  if (item.deadlineOn < today) return 'overdue';
  if (item.deadlineOn <= addDays(today, policy.dueSoonDays)) return 'due_soon';
  return 'ok';
}

/** 完成时限 as people write it: "立行立改", "长期坚持", or "2024年6月30日". */
export function deadlineText(item: Pick<LedgerItem, 'deadlineKind' | 'deadlineOn'>): string {
  if (item.deadlineKind === 'immediate') return '立行立改';
  if (item.deadlineKind === 'ongoing') return '长期坚持';
  if (!item.deadlineOn) return '';
  const [y, m, d] = item.deadlineOn.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------- numbering

/**
 * "One problem, one account": `<year>-<organization>-<NNN>`, e.g. `2024-第一党支部-001`. The
 * organization name is kept as written (minus characters that break file names and the dash).
 */
export function formatNumber(year: number, orgName: string, seq: number): string {
  const name = orgName.replace(/[\s\-/\\:*?"<>|]/g, '') || '组织';
  return `${year}-${name}-${String(seq).padStart(3, '0')}`;
}

/** Split a number of the standard shape (also the `-2` suffix of a split item). */
export function parseNumber(n: string): { year: number; orgName: string; seq: number; part: number | null } | null {
  const m = /^(\d{4})-(.+?)-(\d{1,6})(?:-(\d{1,3}))?$/.exec(n.trim());
  if (!m) return null;
  return { year: Number(m[1]), orgName: m[2], seq: Number(m[3]), part: m[4] ? Number(m[4]) : null };
}

/** The next free sequence number after the given numbers (same org and year). */
export function nextSeq(existing: Iterable<string>): number {
  let max = 0;
  for (const n of existing) {
    const p = parseNumber(n);
    if (p && p.seq > max) max = p.seq;
  }
  return max + 1;
}
