/**
 * 整改台账: one organization's ledger (with its whole subtree for the upper level) or the reader's
 * own items; the 问题清单 / 任务清单 / 责任清单 as three tabs over the same filtered items, in the
 * customary colors (red overdue, yellow in progress, green closed); the dashboard; Excel export and
 * import (row-by-row errors, "import the correct rows anyway"); manual entry.
 * The filters live in the URL (?org=…&tab=tasks&due=overdue), so links and reloads keep them.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ledger } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { useOrgs, usePeople } from '../../api/queries';
import { orgs as orgsApi } from '../../api/endpoints';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import {
  DEADLINE_KIND_LABELS,
  DeadlineText,
  LEDGER_SOURCES,
  LEDGER_STATUS_LABELS,
  LEDGER_STATUSES,
  LedgerStatusTag,
  TONE_COLORS,
  ledgerOrgOptions,
  toneOf,
} from './common';
import { DateField } from './DateField';
import type { LedgerFilterInput, LedgerImportResult, LedgerListItem, LedgerStatus, ResponsibilityRow } from './types';

const LedgerCharts = lazy(() => import('./LedgerCharts'));

const MINE = 'mine';
type Tab = 'problems' | 'tasks' | 'responsibilities';

export default function LedgerPage() {
  const { me } = useSession();
  const myId = me!.person.id;
  const [sp, setSp] = useSearchParams();
  const orgsQ = useOrgs();
  const orgOptions = useMemo(() => ledgerOrgOptions(orgsQ.data ?? [], me!.memberships), [orgsQ.data, me]);
  const orgName = useMemo(() => {
    const m = new Map((orgsQ.data ?? []).map((o) => [o.id, o.name]));
    return (id: string) => m.get(id) ?? '（未知组织）';
  }, [orgsQ.data]);

  const orgRank = useMemo(() => {
    const sorted = [...(orgsQ.data ?? [])].sort(
      (a, b) =>
        a.path.split('/').length - b.path.split('/').length ||
        (a.sort ?? 0) - (b.sort ?? 0) ||
        a.name.localeCompare(b.name),
    );
    const rank = new Map(sorted.map((o, i) => [o.id, i]));
    return (id: string) => rank.get(id) ?? 1e9;
  }, [orgsQ.data]);

  const scope = sp.get('org') ?? orgOptions[0]?.value ?? MINE;
  const mine = scope === MINE || !orgOptions.some((o) => o.value === scope);
  const orgId = mine ? undefined : scope;
  const tab = (sp.get('tab') as Tab) || 'problems';
  const statuses = sp
    .getAll('status')
    .filter((s): s is LedgerStatus => (LEDGER_STATUSES as readonly string[]).includes(s));
  const aspect = sp.get('aspect') ?? undefined;
  const ownerId = sp.get('owner') ?? undefined;
  const due = (sp.get('due') as 'overdue' | 'due_soon' | null) ?? undefined;
  const year = sp.get('year') ? Number(sp.get('year')) : undefined;
  const q = sp.get('q') ?? '';
  const extension = sp.get('extension') === 'pending' ? ('pending' as const) : undefined;
  const [qInput, setQInput] = useState(q);

  const set = (patch: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
      else if (v !== undefined && v !== '') next.set(k, v);
    }
    setSp(next, { replace: true });
  };

  const base: LedgerFilterInput = mine ? { ownerId: myId, year } : { orgId, year };
  const filter: LedgerFilterInput = {
    ...base,
    status: statuses.length ? statuses : undefined,
    aspect,
    ownerId: mine ? myId : ownerId,
    due,
    q: q || undefined,
    extension,
  };
  const ready = !orgsQ.isLoading;

  const items = useInfiniteQuery({
    queryKey: ['ledger', 'items', filter],
    queryFn: ({ pageParam }) => ledger.items({ ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: ready && tab !== 'responsibilities',
  });
  const resp = useQuery({
    queryKey: ['ledger', 'responsibilities', filter],
    queryFn: () => ledger.responsibilities({ ...filter, limit: 500 }),
    enabled: ready && tab === 'responsibilities',
  });
  const dash = useQuery({
    queryKey: ['ledger', 'dashboard', base],
    queryFn: () => ledger.dashboard(base),
    enabled: ready,
    retry: false,
  });
  // Owner choices: the people responsible for items in this scope.
  const owners = useQuery({
    queryKey: ['ledger', 'owners', base],
    queryFn: () => ledger.responsibilities({ ...base, limit: 500 }),
    enabled: ready && !mine,
  });

  const names: Record<string, string> = {
    ...(owners.data?.names ?? {}),
    ...Object.assign({}, ...(items.data?.pages ?? []).map((p) => p.names)),
    ...(resp.data?.names ?? {}),
  };
  const ownerName = (id: string | null, org?: string) =>
    id ? (names[id] ?? '—') : `${org ? orgName(org) : '本单位'}（班子）`;
  const rows: LedgerListItem[] = (items.data?.pages ?? []).flatMap((p) => p.items);
  // Items with an extension request waiting for a decision (延期待批): id → the requested date.
  const pendingExt: Record<string, string> = Object.assign(
    {},
    ...(items.data?.pages ?? []).map((p) => p.pendingExtensions ?? {}),
  );
  const total = items.data?.pages[0]?.total ?? null;

  /**
   * Whether the reader holds one of `roles` for the organization — mirroring the server's table (it
   * decides; this only hides buttons that would be refused): secretary of it, administrator of it or
   * above, reviewer strictly above it.
   */
  const holds = (oid: string | undefined, roles: ('secretary' | 'admin' | 'reviewer')[]) => {
    const path = (id: string) => orgsQ.data?.find((x) => x.id === id)?.path;
    const target = oid && path(oid);
    if (!target) return false;
    return me!.memberships.some((m) => {
      if (!roles.includes(m.role as 'secretary')) return false;
      const at = path(m.orgId);
      if (!at) return false;
      if (m.role === 'secretary') return at === target;
      if (m.role === 'admin') return target.startsWith(at);
      return target !== at && target.startsWith(at);
    });
  };
  const canImport = !mine && holds(orgId, ['secretary', 'admin']);
  const canCreate = !mine && holds(orgId, ['secretary', 'admin', 'reviewer']);

  const [importOpen, setImportOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);

  const aspectOptions = (dash.data?.byAspect ?? []).filter((a) => a.key).map((a) => ({ value: a.key, label: a.key }));
  const ownerOptions = (owners.data?.items ?? [])
    .filter((r) => r.ownerId)
    .map((r) => ({ value: r.ownerId!, label: owners.data?.names[r.ownerId!] ?? r.ownerId! }));
  const years = Array.from({ length: 6 }, (_, i) => dayjs().year() - i)
    .concat([2023, 2022])
    .filter((y, i, a) => a.indexOf(y) === i)
    .sort((a, b) => b - a);
  const today = dayjs().format('YYYY-MM-DD');

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
          <Button size="small" type="link" onClick={() => set({ owner: r.ownerId!, tab: 'tasks' })}>
            查看事项
          </Button>
        ) : null,
    },
  ];

  const D = dash.data;
  const completion = D && D.total ? Math.round((D.byStatus.closed / D.total) * 100) : 0;
  const filtersActive = statuses.length || aspect || ownerId || due || q || extension;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              整改台账
            </Typography.Title>
            <Select
              aria-label="台账范围"
              style={{ minWidth: 260 }}
              value={mine ? MINE : orgId}
              loading={orgsQ.isLoading}
              onChange={(v) => set({ org: v, owner: undefined, aspect: undefined })}
              options={[
                { value: MINE, label: '我负责的整改事项' },
                ...orgOptions.map((o) => ({ value: o.value, label: o.label })),
              ]}
              data-testid="ledger-scope"
            />
            <Select
              aria-label="年度"
              style={{ width: 110 }}
              allowClear
              placeholder="全部年度"
              value={year}
              onChange={(v) => set({ year: v ? String(v) : undefined })}
              options={years.map((y) => ({ value: y, label: `${y}年度` }))}
            />
          </Space>
          <Space wrap>
            {canCreate && <Button onClick={() => setCreateOpen(true)}>新建事项</Button>}
            {canImport && <Button onClick={() => setImportOpen(true)}>导入 Excel</Button>}
            {!mine && orgId && (
              <Button type="primary" ghost href={ledger.exportUrl(orgId, year)} download data-testid="ledger-export">
                导出 Excel
              </Button>
            )}
          </Space>
        </Space>
        {!mine && (orgsQ.data ?? []).some((o) => o.parentId === orgId) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            包含{orgName(orgId!)}及其下级组织的全部整改事项。
          </Typography.Text>
        )}
      </Card>

      <Card size="small" data-testid="ledger-dashboard">
        <QueryState
          loading={dash.isLoading}
          error={dash.error}
          retry={() => dash.refetch()}
          empty={!!D && !D.total}
          emptyText="暂无整改事项"
        >
          {D && (
            <>
              <Row gutter={[16, 8]}>
                <Col xs={12} md={3}>
                  <Statistic title="事项总数" value={D.total} />
                </Col>
                <Col xs={12} md={3}>
                  <Statistic title="已销号" value={D.byStatus.closed} styles={{ content: { color: '#389e0d' } }} />
                </Col>
                <Col xs={12} md={3}>
                  <Statistic
                    title="待销号"
                    value={D.byStatus.awaiting_close}
                    styles={{ content: { color: '#1677ff' } }}
                  />
                </Col>
                <Col xs={12} md={3}>
                  <Statistic
                    title="整改中 / 待整改"
                    value={D.byStatus.in_progress + D.byStatus.pending}
                    styles={{ content: { color: '#d48806' } }}
                  />
                </Col>
                <Col xs={12} md={3}>
                  <a
                    role="button"
                    tabIndex={0}
                    title="只看超期事项"
                    onClick={() =>
                      set({ due: 'overdue', status: undefined, tab: tab === 'responsibilities' ? 'tasks' : tab })
                    }
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        set({ due: 'overdue', status: undefined, tab: tab === 'responsibilities' ? 'tasks' : tab });
                      }
                    }}
                    data-testid="overdue-count"
                  >
                    <Statistic
                      title="超期"
                      value={D.overdue}
                      styles={{ content: { color: D.overdue ? '#cf1322' : undefined } }}
                    />
                  </a>
                </Col>
                <Col xs={12} md={3}>
                  <Statistic
                    title="即将到期（7 天内）"
                    value={D.dueSoon}
                    styles={{ content: { color: D.dueSoon ? '#d46b08' : undefined } }}
                  />
                </Col>
                <Col xs={12} md={3}>
                  <Statistic title="重复出现" value={D.repeated} />
                </Col>
                <Col xs={12} md={3}>
                  <Statistic title="完成率" value={completion} suffix="%" data-testid="completion-rate" />
                </Col>
              </Row>
              <Collapse
                ghost
                defaultActiveKey={['charts']}
                items={[
                  {
                    key: 'charts',
                    label: '统计图表',
                    children: (
                      <Suspense fallback={<div style={{ height: 240 }} />}>
                        <LedgerCharts data={D} orgName={orgName} orgRank={orgRank} today={today} />
                      </Suspense>
                    ),
                  },
                ]}
              />
            </>
          )}
        </QueryState>
      </Card>

      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            mode="multiple"
            aria-label="状态"
            placeholder="状态"
            style={{ minWidth: 160 }}
            value={statuses}
            onChange={(v) => set({ status: v })}
            options={LEDGER_STATUSES.map((s) => ({ value: s, label: LEDGER_STATUS_LABELS[s] }))}
          />
          <Select
            aria-label="期限"
            placeholder="期限"
            allowClear
            style={{ width: 130 }}
            value={due}
            onChange={(v) => set({ due: v })}
            options={[
              { value: 'overdue', label: '超期' },
              { value: 'due_soon', label: '即将到期' },
            ]}
            data-testid="filter-due"
          />
          <Select
            aria-label="延期申请"
            placeholder="延期申请"
            allowClear
            style={{ width: 130 }}
            value={extension}
            onChange={(v) => set({ extension: v })}
            options={[{ value: 'pending', label: '延期待审批' }]}
            data-testid="filter-extension"
          />
          <Select
            aria-label="类别"
            placeholder="类别（方面）"
            allowClear
            style={{ width: 160 }}
            value={aspect}
            onChange={(v) => set({ aspect: v })}
            options={aspectOptions}
          />
          {!mine && (
            <Select
              aria-label="责任人"
              placeholder="责任人"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 140 }}
              value={ownerId}
              onChange={(v) => set({ owner: v })}
              options={ownerOptions}
            />
          )}
          <Input.Search
            aria-label="搜索编号或问题"
            placeholder="搜索编号或问题"
            allowClear
            style={{ width: 220 }}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          {filtersActive ? (
            <Button
              type="link"
              onClick={() => {
                setQInput('');
                set({
                  status: undefined,
                  aspect: undefined,
                  owner: undefined,
                  due: undefined,
                  q: undefined,
                  extension: undefined,
                });
              }}
            >
              清除筛选
            </Button>
          ) : null}
        </Space>
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'problems', label: '问题清单' },
            { key: 'tasks', label: '任务清单' },
            { key: 'responsibilities', label: '责任清单' },
          ]}
        />
        {tab !== 'responsibilities' ? (
          <QueryState loading={items.isLoading} error={items.error} retry={() => items.refetch()}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ledger-total">
              共 {total ?? rows.length} 项{filtersActive ? '（已筛选）' : ''}
            </Typography.Text>
            <Table<LedgerListItem>
              rowKey="id"
              size="small"
              columns={tab === 'tasks' ? taskCols : problemCols}
              dataSource={rows}
              pagination={false}
              onRow={rowStyle}
              locale={{
                emptyText: (
                  <Empty
                    description={
                      filtersActive ? '没有符合筛选条件的事项' : mine ? '您名下暂无整改事项' : '本组织暂无整改事项'
                    }
                  />
                ),
              }}
              scroll={{ x: 900 }}
              data-testid="ledger-table"
            />
            {items.hasNextPage && (
              <div style={{ textAlign: 'center', marginTop: 8 }}>
                <Button onClick={() => items.fetchNextPage()} loading={items.isFetchingNextPage}>
                  加载更多
                </Button>
              </div>
            )}
          </QueryState>
        ) : (
          <QueryState loading={resp.isLoading} error={resp.error} retry={() => resp.refetch()}>
            {resp.data && resp.data.total !== null && resp.data.total > 500 && (
              <Alert
                type="info"
                showIcon
                title={`事项较多，责任清单按前 500 项汇总；请按年度或组织筛选后查看。`}
                style={{ marginBottom: 8 }}
              />
            )}
            <Table<ResponsibilityRow>
              rowKey={(r) => `${r.ownerId ?? ''}|${r.orgId}`}
              size="small"
              columns={respCols}
              dataSource={resp.data?.items ?? []}
              pagination={false}
              onRow={(r) => ({ style: r.overdue ? { background: TONE_COLORS.overdue.row } : undefined })}
              locale={{ emptyText: '暂无整改事项' }}
              scroll={{ x: 900 }}
              data-testid="responsibility-table"
            />
          </QueryState>
        )}
      </Card>
      {importOpen && orgId && (
        <ImportDialog orgId={orgId} orgName={orgName(orgId)} onClose={() => setImportOpen(false)} />
      )}
      {createOpen && orgId && (
        <CreateDialog orgId={orgId} orgName={orgName(orgId)} onClose={() => setCreateOpen(false)} />
      )}
    </Space>
  );
}

function ImportDialog({ orgId, orgName, onClose }: { orgId: string; orgName: string; onClose: () => void }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);

  async function run(allowPartial: boolean) {
    if (!file) return;
    setBusy(true);
    setErr(null);
    try {
      const r = await ledger.importXlsx(orgId, file, allowPartial, me!.csrfToken);
      setResult(r);
      if (!r.blocked && r.created) {
        message.success(`已导入 ${r.created} 项整改事项`);
        await qc.invalidateQueries({ queryKey: ['ledger'] });
      }
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const good = result ? Math.max(0, result.total - result.rejected) : 0;
  return (
    <Modal open title={`导入 Excel 台账到“${orgName}”`} onCancel={onClose} width={760} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          按本系统导出的台账格式填写（问题编号、来源、类别、问题描述、整改目标、整改措施、责任领导、责任部门、责任人、完成时限、状态等列）。表中有错误时默认不导入任何一行。
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            setErr(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <p>点击或拖入 .xlsx 文件</p>
        </Upload.Dragger>
        {err && <Alert type="error" showIcon title={err} role="alert" />}
        {result && result.blocked && (
          <Alert
            type="error"
            showIcon
            data-testid="import-blocked"
            title={`表中有 ${result.errors.length} 处错误（涉及 ${result.rejected} 行），未导入任何事项。`}
            description={good > 0 ? `可以修改表格后重新导入，或仅导入无误的 ${good} 行。` : '请修改表格后重新导入。'}
          />
        )}
        {result && !result.blocked && (
          <Alert
            type="success"
            showIcon
            title={`已导入 ${result.created} 项${result.rejected ? `，${result.rejected} 行有错误未导入` : ''}。`}
            data-testid="import-done"
          />
        )}
        {result && result.errors.length > 0 && (
          <Table
            size="small"
            rowKey={(e, i) => `${e.row}-${i}`}
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={result.errors}
            columns={[
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '列', dataIndex: 'column', width: 90, render: (c?: string) => c || '—' },
              { title: '问题', dataIndex: 'message' },
            ]}
            data-testid="import-errors"
          />
        )}
        {result && (result.warnings?.length ?? 0) > 0 && (
          <Alert
            type="warning"
            showIcon
            title="提示"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {result.warnings!.map((w, i) => (
                  <li key={i}>{typeof w === 'string' ? w : w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{result && !result.blocked ? '完成' : '取消'}</Button>
          {result?.blocked && good > 0 && (
            <Button danger loading={busy} onClick={() => run(true)}>
              仍然导入无误的 {good} 行
            </Button>
          )}
          {!(result && !result.blocked) && (
            <Button type="primary" disabled={!file} loading={busy} onClick={() => run(false)}>
              导入
            </Button>
          )}
        </Space>
      </Space>
    </Modal>
  );
}

interface CreateValues {
  source: (typeof LEDGER_SOURCES)[number];
  aspect?: string;
  problem: string;
  target?: string;
  measures?: string;
  leaderName?: string;
  department?: string;
  ownerId?: string;
  deadlineKind: 'date' | 'immediate' | 'ongoing';
  deadlineOn?: string;
  year: number;
}

function CreateDialog({ orgId, orgName, onClose }: { orgId: string; orgName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = usePeople();
  const members = useQuery({
    queryKey: ['memberships', orgId],
    queryFn: () => orgsApi.memberships(orgId),
    retry: false,
  });
  const memberIds = new Set((members.data ?? []).map((m) => m.personId));
  const ownerOptions = (people.data ?? [])
    .filter((p) => memberIds.has(p.id))
    .map((p) => ({ value: p.id, label: p.name }));
  const kind = Form.useWatch('deadlineKind', form);

  async function submit(v: CreateValues) {
    setErr(null);
    setBusy(true);
    try {
      const t = (s?: string) => (s?.trim() ? s.trim() : null);
      const [item] = await ledger.create(orgId, [
        {
          year: v.year,
          source: v.source,
          aspect: t(v.aspect),
          problem: v.problem.trim(),
          target: t(v.target),
          measures: t(v.measures),
          leaderName: t(v.leaderName),
          department: t(v.department),
          ownerId: v.ownerId ?? null,
          deadlineKind: v.deadlineKind,
          deadlineOn: v.deadlineKind === 'date' ? (v.deadlineOn ?? null) : null,
        },
      ]);
      message.success(`已新建整改事项 ${item.number}`);
      await qc.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
      nav(`/ledger/${item.id}`);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`新建整改事项（${orgName}）`}
      onCancel={onClose}
      okText="创建"
      cancelText="取消"
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      width={640}
      destroyOnHidden
    >
      {err && <Alert type="error" showIcon title={err} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ source: '自查', deadlineKind: 'date', year: dayjs().year() }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
              <Select options={LEDGER_SOURCES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="aspect" label="类别（方面）">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <Select
                options={[0, 1, 2].map((k) => ({ value: dayjs().year() - k, label: `${dayjs().year() - k}年度` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="problem"
          label="问题描述"
          rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="target" label="整改目标 / 标准">
          <Input.TextArea rows={1} />
        </Form.Item>
        <Form.Item name="measures" label="整改措施">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="leaderName" label="责任领导">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="department" label="责任部门">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="ownerId"
              label="责任人"
              extra={ownerOptions.length ? '不选则为单位（班子）事项' : '无法读取人员名单：将作为单位（班子）事项'}
            >
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ownerOptions} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="deadlineKind" label="完成时限">
              <Select
                options={(['date', 'immediate', 'ongoing'] as const).map((k) => ({
                  value: k,
                  label: DEADLINE_KIND_LABELS[k],
                }))}
              />
            </Form.Item>
          </Col>
          {kind === 'date' && (
            <Col span={14}>
              <Form.Item
                name="deadlineOn"
                label="完成日期"
                rules={[
                  { required: true, message: '请选择完成日期' },
                  { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式为 YYYY-MM-DD' },
                ]}
              >
                <DateField />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
