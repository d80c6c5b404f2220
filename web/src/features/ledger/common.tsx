/**
 * What every ledger screen shares: the status tag in the customary Excel colors (red overdue,
 * yellow in progress, green closed), the deadline text, and the organizations the reader may see
 * the ledger of (the upper level sees its whole subtree).
 */
import { Tag } from 'antd';
import dayjs from 'dayjs';
import {
  DEADLINE_KIND_LABELS,
  DUE_STATE_LABELS,
  LEDGER_STATUS_LABELS,
  deadlineText,
  type DeadlineKind,
  type DueState,
  type LedgerStatus,
} from '../../../../src/core/ledger/model';
import type { Organization, SessionMembership } from '../../api/types';

export { DEADLINE_KIND_LABELS, DUE_STATE_LABELS, LEDGER_STATUS_LABELS, deadlineText };
export { LEDGER_SOURCES, LEDGER_STATUSES, DEADLINE_KINDS } from '../../../../src/core/ledger/model';

/** Row / tag color: overdue beats status. */
export type LedgerTone = 'overdue' | 'open' | 'awaiting' | 'closed';
export function toneOf(status: LedgerStatus, due: DueState | undefined): LedgerTone {
  if (due === 'overdue') return 'overdue';
  if (status === 'closed') return 'closed';
  if (status === 'awaiting_close') return 'awaiting';
  return 'open';
}
export const TONE_COLORS: Record<LedgerTone, { tag: string; row: string; chart: string }> = {
  overdue: { tag: 'red', row: '#fff1f0', chart: '#ff4d4f' },
  open: { tag: 'gold', row: '#fffbe6', chart: '#faad14' },
  awaiting: { tag: 'blue', row: '#e6f4ff', chart: '#1677ff' },
  closed: { tag: 'green', row: '#f6ffed', chart: '#52c41a' },
};

export function LedgerStatusTag({ status, due }: { status: LedgerStatus; due?: DueState }) {
  const tone = toneOf(status, due);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tag color={TONE_COLORS[tone === 'overdue' ? 'open' : tone].tag} data-ledger-status={status}>
        {LEDGER_STATUS_LABELS[status]}
      </Tag>
      {due === 'overdue' && (
        <Tag color="red" data-due="overdue">
          超期
        </Tag>
      )}
      {due === 'due_soon' && (
        <Tag color="orange" data-due="due_soon">
          即将到期
        </Tag>
      )}
    </span>
  );
}

/** 完成时限 with how far away it is for open items. */
export function DeadlineText({ kind, on, due }: { kind: DeadlineKind; on: string | null; due?: DueState }) {
  const text = deadlineText({ deadlineKind: kind, deadlineOn: on });
  const dateNote = kind === 'immediate' && on ? `（${dayjs(on).format('YYYY年M月D日')}前）` : '';
  let rel = '';
  if (on && (due === 'overdue' || due === 'due_soon')) {
    const d = dayjs(on).startOf('day').diff(dayjs().startOf('day'), 'day');
    rel = d < 0 ? `已超期 ${-d} 天` : d === 0 ? '今天到期' : `${d} 天后到期`;
  }
  return (
    <span>
      {text || <span style={{ color: '#8c8c8c' }}>未设定</span>}
      {dateNote}
      {rel && <span style={{ color: due === 'overdue' ? '#cf1322' : '#d46b08', marginLeft: 6 }}>{rel}</span>}
    </span>
  );
}

const depth = (o: Organization) => o.path.split('/').filter(Boolean).length;

/**
 * Organizations whose ledger the reader may open, as select options indented by depth:
 * secretary / leader → that organization; admin → it and its subtree; reviewer → its strict subtree.
 */
export function ledgerOrgOptions(
  orgs: Organization[],
  memberships: SessionMembership[],
): { value: string; label: string; name: string }[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const ok = new Set<string>();
  for (const m of memberships) {
    const o = byId.get(m.orgId);
    if (!o) continue;
    if (m.role === 'secretary' || m.role === 'leader') ok.add(o.id);
    if (m.role === 'admin') for (const x of orgs) if (x.path.startsWith(o.path)) ok.add(x.id);
    if (m.role === 'reviewer') for (const x of orgs) if (x.path.startsWith(o.path) && x.path !== o.path) ok.add(x.id);
  }
  const list = orgs
    .filter((o) => ok.has(o.id))
    .sort((a, b) => a.path.localeCompare(b.path) || (a.sort ?? 0) - (b.sort ?? 0));
  const top = Math.min(...list.map(depth));
  return list.map((o) => ({
    value: o.id,
    name: o.name,
    label: `${'　'.repeat(Math.max(0, depth(o) - top))}${o.name}`,
  }));
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}
