/** The ledger's dashboard: the figures people look at first, and the charts (loaded when shown). */
import { lazy, Suspense } from 'react';
import { Card, Col, Collapse, Row, Statistic } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { QueryState } from '../../components/QueryState';
import type { LedgerDashboard } from '../../../../src/contract/ledger';

const LedgerCharts = lazy(() => import('./LedgerCharts'));

export function LedgerDashboardCard({
  dash,
  orgName,
  orgRank,
  onOverdue,
}: {
  dash: UseQueryResult<LedgerDashboard>;
  orgName: (id: string) => string;
  orgRank: (id: string) => number;
  /** Show only the overdue items (the 超期 figure is a link). */
  onOverdue: () => void;
}) {
  const D = dash.data;
  const completion = D && D.total ? Math.round((D.byStatus.closed / D.total) * 100) : 0;
  const today = dayjs().format('YYYY-MM-DD');
  return (
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
                  onClick={onOverdue}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onOverdue();
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
  );
}
