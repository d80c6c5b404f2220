/**
 * 整改台账: one organization's ledger (with its whole subtree for the upper level) or the reader's
 * own items; the 问题清单 / 任务清单 / 责任清单 as three tabs over the same filtered items, in the
 * customary colors (red overdue, yellow in progress, green closed); the dashboard; Excel export and
 * import (row-by-row errors, "import the correct rows anyway"); manual entry.
 * The filters live in the URL (?org=…&tab=tasks&due=overdue), so links and reloads keep them.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Select, Space, Table, Tabs, Typography } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ledger } from '../../api/endpoints';
import { useOrgs } from '../../api/queries';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { TONE_COLORS, ledgerOrgOptions } from './common';
import { LedgerDashboardCard } from './LedgerDashboardCard';
import { LedgerFilterBar, filtersActiveIn } from './LedgerFilterBar';
import { CreateDialog } from './CreateDialog';
import { ledgerColumns } from './columns';
import { MINE, useLedgerFilters } from './useLedgerFilters';
import { ImportDialog } from './ImportDialog';
import type { LedgerListItem, ResponsibilityRow } from './types';

export default function LedgerPage() {
  const { me } = useSession();
  const myId = me!.person.id;
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

  const { mine, orgId, tab, statuses, aspect, ownerId, due, year, q, extension, set, base, filter } = useLedgerFilters(
    orgOptions,
    myId,
  );

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

  const { rowStyle, problemCols, taskCols, respCols } = ledgerColumns({
    mine,
    orgId,
    orgName,
    ownerName,
    pendingExt,
    showOwner: (owner) => set({ owner, tab: 'tasks' }),
  });

  const filtersActive = filtersActiveIn({ statuses, aspect, ownerId, due, q, extension });

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

      <LedgerDashboardCard
        dash={dash}
        orgName={orgName}
        orgRank={orgRank}
        onOverdue={() => set({ due: 'overdue', status: undefined, tab: tab === 'responsibilities' ? 'tasks' : tab })}
      />

      <Card size="small">
        <LedgerFilterBar
          filters={{ statuses, due, extension, aspect, ownerId, q }}
          mine={mine}
          aspectOptions={aspectOptions}
          ownerOptions={ownerOptions}
          set={set}
        />
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
