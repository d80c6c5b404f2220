/**
 * 会议列表: each meeting's current stage and progress at a glance (a 组织部 reviewer scans dozens),
 * searched and filtered on the server a page at a time; the filters live in the address, so the
 * back button returns to the same list.
 */
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useOrgs } from '../../api/queries';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { MEETING_KINDS } from '../../components/labels';
import { PHASE_LABELS, PROCEDURE_STAGES, type MeetingPhase } from '../../../../src/core/meeting/stage';
import type { BoardItem, BoardPage, MeetingProgress } from '../../../../src/contract/meetings';

const PHASES = Object.keys(PHASE_LABELS) as MeetingPhase[];
const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: thisYear - 2016 }, (_, i) => thisYear + 1 - i);

/** The procedure as seven small blocks: done (green), current (red), still ahead (grey). */
function StageBar({ phase }: { phase: MeetingPhase }) {
  const at = (PROCEDURE_STAGES as readonly string[]).indexOf(phase);
  const ended = phase === 'ended';
  return (
    <Tooltip title={PROCEDURE_STAGES.map((s) => PHASE_LABELS[s]).join(' → ')}>
      <div data-testid="stage-bar" data-phase={phase}>
        <div style={{ display: 'flex', gap: 2, marginBottom: 4 }} aria-hidden>
          {PROCEDURE_STAGES.map((s, i) => (
            <span
              key={s}
              style={{
                flex: 1,
                height: 6,
                borderRadius: 2,
                background: ended || (at >= 0 && i < at) ? '#52c41a' : i === at ? '#cf1322' : '#e8e8e8',
              }}
            />
          ))}
        </div>
        <Tag color={ended ? 'green' : phase === 'unscheduled' ? 'default' : 'red'} data-testid="phase">
          {PHASE_LABELS[phase]}
        </Tag>
      </div>
    </Tooltip>
  );
}

/** Materials of those who must write: approved / submitted / started / not yet, as one stacked bar. */
function MaterialsBar({ p }: { p: MeetingProgress }) {
  const n = Math.max(1, p.writers);
  const seg = (k: number, color: string, label: string) =>
    k > 0 ? (
      <span key={label} title={`${label} ${k}`} style={{ width: `${(k / n) * 100}%`, background: color }} />
    ) : null;
  return (
    <div data-testid="materials-progress">
      <div style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', background: '#f0f0f0' }}>
        {seg(p.approved, '#52c41a', '已通过')}
        {seg(p.submitted - p.approved, '#1677ff', '待审核')}
        {seg(p.started - p.submitted, '#faad14', '撰写中')}
      </div>
      <Typography.Text style={{ fontSize: 12 }}>
        材料：通过 {p.approved} · 已交 {p.submitted} · 已写 {p.started} / 应写 {p.writers}
      </Typography.Text>
    </div>
  );
}

function ProgressCell({ p }: { p: MeetingProgress | null }) {
  if (!p) return <Typography.Text type="secondary">—</Typography.Text>;
  const talks = p.talks.required ? Math.round((p.talks.done / p.talks.required) * 100) : null;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }} data-testid="progress">
      <MaterialsBar p={p} />
      <Space size={4} wrap style={{ fontSize: 12 }}>
        <Tag color={talks === 100 ? 'green' : 'default'} data-testid="talks-progress">
          谈话 {p.talks.done}/{p.talks.required}
        </Tag>
        <Tag>意见 {p.opinions} 条</Tag>
        <Tag
          color={p.ledger.total && p.ledger.closed === p.ledger.total ? 'green' : 'default'}
          data-testid="ledger-progress"
        >
          整改 销号 {p.ledger.closed}/{p.ledger.total}
        </Tag>
        {p.ledger.overdue > 0 && (
          <Tag color="red" data-testid="ledger-overdue">
            超期 {p.ledger.overdue}
          </Tag>
        )}
      </Space>
    </Space>
  );
}

export default function MeetingsPage() {
  const [params, setParams] = useSearchParams();
  const orgs = useOrgs();
  const { isSecretary, isAdmin } = useSession();
  const nav = useNavigate();
  const filter = {
    q: params.get('q') ?? undefined,
    phase: params.get('phase') ?? undefined,
    year: params.get('year') ?? undefined,
    kind: params.get('kind') ?? undefined,
    orgId: params.get('org') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('size') ?? 20) || 20,
  };
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch))
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const q = useQuery({
    queryKey: ['meetings', 'board', filter], // under 'meetings': a new or changed meeting refreshes it
    queryFn: () => api.get<BoardPage>('/api/meetings/board', filter),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      title="会议"
      extra={
        (isSecretary || isAdmin) && (
          <Button type="primary" onClick={() => nav('/meetings/new')}>
            新建会议
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="meeting-filters">
        <Input.Search
          key={filter.q ?? ''}
          allowClear
          placeholder="搜索会议名称或组织"
          aria-label="搜索会议名称或组织"
          defaultValue={filter.q}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder="阶段"
          aria-label="按阶段筛选"
          data-testid="filter-phase"
          value={filter.phase}
          onChange={(v?: string) => set({ phase: v })}
          style={{ width: 150 }}
          options={PHASES.map((p) => ({
            value: p,
            label: `${PHASE_LABELS[p]}${q.data?.phases[p] !== undefined && !filter.phase ? `（${q.data.phases[p]}）` : ''}`,
          }))}
        />
        <Select
          allowClear
          placeholder="年度"
          aria-label="按年度筛选"
          data-testid="filter-year"
          value={filter.year}
          onChange={(v?: string) => set({ year: v })}
          style={{ width: 110 }}
          options={YEARS.map((y) => ({ value: String(y), label: `${y}年` }))}
        />
        <Select
          allowClear
          placeholder="类型"
          aria-label="按类型筛选"
          data-testid="filter-kind"
          value={filter.kind}
          onChange={(v?: string) => set({ kind: v })}
          style={{ width: 130 }}
          options={MEETING_KINDS.map((k) => ({ value: k, label: k }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="组织"
          aria-label="按组织筛选"
          data-testid="filter-org"
          value={filter.orgId}
          onChange={(v?: string) => set({ org: v })}
          style={{ width: 200 }}
          options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
      </Space>
      <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
        <Table<BoardItem>
          rowKey="id"
          dataSource={q.data?.items ?? []}
          loading={q.isFetching && !q.isLoading}
          scroll={{ x: 960 }}
          pagination={{
            current: q.data?.page ?? filter.page,
            pageSize: filter.pageSize,
            total: q.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 个会议`,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            hideOnSinglePage: false,
            onChange: (page, size) => set({ page, size: size === 20 ? undefined : size }),
          }}
          locale={{
            emptyText:
              filter.q || filter.phase || filter.year || filter.kind || filter.orgId
                ? '没有符合条件的会议'
                : '暂无会议',
          }}
          onRow={(r) => ({ onDoubleClick: () => nav(`/meetings/${r.id}`) })}
          columns={[
            { title: '年度', dataIndex: 'year', width: 70 },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 110,
              render: (k: string) => (
                <Tag color={k === '民主生活会' ? 'red' : k === '组织生活会' ? 'blue' : 'purple'}>{k}</Tag>
              ),
            },
            {
              title: '会议',
              dataIndex: 'theme',
              render: (t: string, r) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/meetings/${r.id}`}>{t}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.orgName} · {r.heldOn ? `${r.heldOn} 召开` : '召开日期待定'}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '当前阶段', dataIndex: 'phase', width: 150, render: (p: MeetingPhase) => <StageBar phase={p} /> },
            {
              title: '进度',
              dataIndex: 'progress',
              width: 300,
              render: (p: MeetingProgress | null) => <ProgressCell p={p} />,
            },
            {
              title: '',
              width: 90,
              render: (_: unknown, r) =>
                r.similarityOverview ? <Link to={`/meetings/${r.id}/similarity`}>查重总览</Link> : null,
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
