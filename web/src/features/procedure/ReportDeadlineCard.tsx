/**
 * The secretary's report deadlines (GET /api/procedure/report-deadlines): for each held meeting he
 * reports on, the date the report to the superior is due and the days left, or how long it is
 * overdue. Meant for the home page; renders nothing for someone with no report to send.
 */
import { Link } from 'react-router';
import { Card, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { isMissingRoute, errorMessage } from '../../api/client';
import { procedure } from './api';
import type { DeadlineState } from './types';

const COLORS: Record<DeadlineState['level'], string> = { ok: 'blue', soon: 'orange', overdue: 'red', done: 'green' };

export function DeadlineTag({ state }: { state: DeadlineState }) {
  return (
    <Tag color={COLORS[state.level]} data-testid="deadline-tag" data-level={state.level}>
      {state.label}
    </Tag>
  );
}

export default function ReportDeadlineCard({ showDone = false }: { showDone?: boolean }) {
  const q = useQuery({
    queryKey: ['report-deadlines'],
    queryFn: procedure.reportDeadlines,
    retry: false,
    staleTime: 60_000,
  });
  if (q.error && isMissingRoute(q.error)) return null;
  const items = (q.data ?? []).filter((x) => showDone || x.deadline.level !== 'done');
  if (!q.isLoading && !q.error && items.length === 0) return null;
  const overdue = items.filter((x) => x.deadline.overdue).length;
  return (
    <Card
      title="会议情况报告报送期限"
      size="small"
      loading={q.isLoading}
      data-testid="report-deadlines"
      extra={overdue > 0 ? <Tag color="red">{overdue}项已超期</Tag> : null}
    >
      {q.error ? (
        <Typography.Text type="danger">无法读取报送期限：{errorMessage(q.error)}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size={8}>
          {items.map((x) => (
            <div
              key={x.meetingId}
              style={{
                display: 'flex',
                justifyContent: 'space-between',
                gap: 8,
                flexWrap: 'wrap',
                alignItems: 'center',
              }}
            >
              <div>
                <Link to={`/meetings/${x.meetingId}/report`}>
                  {x.orgName}
                  {x.year}年{x.kind}
                </Link>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(x.heldOn).format('YYYY年M月D日')}召开，会后{x.days}天内报送，截止
                    {dayjs(x.deadline.dueOn).format('M月D日')}
                  </Typography.Text>
                </div>
              </div>
              <DeadlineTag state={x.deadline} />
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}
