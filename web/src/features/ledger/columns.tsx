/**
 * The ledger page's table columns: 问题清单 and 任务清单 over the items, 责任清单 over the owners,
 * and the row colors (red overdue, yellow in progress, green closed).
 */
import { Link } from 'react-router';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeadlineText, LEDGER_STATUS_LABELS, LEDGER_STATUSES, LedgerStatusTag, TONE_COLORS, toneOf } from './common';
import type { LedgerListItem, LedgerStatus, ResponsibilityRow } from './types';

export function ledgerColumns({
  mine,
  orgId,
  orgName,
  ownerName,
  pendingExt,
  showOwner,
}: {
  mine: boolean;
  orgId: string | undefined;
  orgName: (id: string) => string;
  ownerName: (id: string | null, org?: string) => string;
  /** Items with an extension request waiting: id → the requested date. */
  pendingExt: Record<string, string>;
  /** Show one owner's items (the 责任清单's 查看事项). */
  showOwner: (ownerId: string) => void;
}) {
  const rowStyle = (r: { status: LedgerStatus; dueState?: LedgerListItem['dueState'] }) => ({
    style: { background: TONE_COLORS[toneOf(r.status, r.dueState)].row },
    'data-testid': 'ledger-row',
    'data-tone': toneOf(r.status, r.dueState),
  });
  const numberCol = {
    title: '问题编号',
    dataIndex: 'number',
    width: 170,
    render: (n: string, r: LedgerListItem) => <Link to={`/ledger/${r.id}`}>{n}</Link>,
  };
  const statusCol = {
    title: '状态',
    key: 'status',
    width: 150,
    render: (_: unknown, r: LedgerListItem) => (
      <Space size={0} wrap>
        <LedgerStatusTag status={r.status} due={r.dueState} />
        {r.repeatedOfId && <Tag color="magenta">重复出现</Tag>}
        {pendingExt[r.id] && (
          <Tag color="purple" data-testid="extension-pending-badge" title={`申请延期至 ${pendingExt[r.id]}`}>
            延期待批
          </Tag>
        )}
      </Space>
    ),
  };
  const ownerCol = {
    title: '责任人',
    key: 'owner',
    width: 120,
    render: (_: unknown, r: LedgerListItem) => ownerName(r.ownerId, r.orgId),
  };
  const problemCols: ColumnsType<LedgerListItem> = [
    numberCol,
    { title: '来源', dataIndex: 'source', width: 90 },
    { title: '类别', dataIndex: 'aspect', width: 110, render: (a: string | null) => a ?? '—' },
    {
      title: '问题描述',
      dataIndex: 'problem',
      render: (p: string, r) => (
        <Link to={`/ledger/${r.id}`} style={{ color: 'inherit' }}>
          {p}
        </Link>
      ),
    },
    ...(mine ? [] : [ownerCol]),
    ...(orgId
      ? [{ title: '组织', key: 'org', width: 120, render: (_: unknown, r: LedgerListItem) => orgName(r.orgId) }]
      : []),
    statusCol,
  ];
  const taskCols: ColumnsType<LedgerListItem> = [
    numberCol,
    { title: '问题', dataIndex: 'problem', ellipsis: true, width: 220 },
    { title: '整改目标', dataIndex: 'target', render: (t: string | null) => t ?? '—' },
    { title: '整改措施', dataIndex: 'measures', render: (t: string | null) => t ?? '—' },
    { ...ownerCol, title: '责任人' },
    { title: '责任领导', dataIndex: 'leaderName', width: 90, render: (t: string | null) => t ?? '—' },
    {
      title: '完成时限',
      key: 'deadline',
      width: 170,
      render: (_: unknown, r) => <DeadlineText kind={r.deadlineKind} on={r.deadlineOn} due={r.dueState} />,
    },
    statusCol,
  ];
  const respCols: ColumnsType<ResponsibilityRow> = [
    { title: '责任人 / 责任单位', key: 'who', render: (_: unknown, r) => ownerName(r.ownerId, r.orgId) },
    { title: '责任领导', key: 'leaders', render: (_: unknown, r) => r.leaderNames.join('、') || '—' },
    { title: '责任部门', key: 'deps', render: (_: unknown, r) => r.departments.join('、') || '—' },
    { title: '合计', dataIndex: 'total', width: 70 },
    ...LEDGER_STATUSES.map((s) => ({
      title: LEDGER_STATUS_LABELS[s],
      key: s,
      width: 80,
      render: (_: unknown, r: ResponsibilityRow) => r.byStatus[s],
    })),
    {
      title: '超期',
      dataIndex: 'overdue',
      width: 70,
      render: (n: number) =>
        n ? (
          <Typography.Text type="danger" strong>
            {n}
          </Typography.Text>
        ) : (
          0
        ),
    },
    {
      title: '完成率',
      key: 'rate',
      width: 80,
      render: (_: unknown, r) => `${Math.round((r.byStatus.closed / Math.max(1, r.total)) * 100)}%`,
    },
    {
      title: '',
      key: 'go',
      width: 90,
      render: (_: unknown, r) =>
        r.ownerId ? (
          <Button size="small" type="link" onClick={() => showOwner(r.ownerId!)}>
            查看事项
          </Button>
        ) : null,
    },
  ];
  return { rowStyle, problemCols, taskCols, respCols };
}
