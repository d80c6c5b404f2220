import { Link, useNavigate } from 'react-router';
import { Button, Card, Table, Tag } from 'antd';
import { useMeetings, useOrgs } from '../../api/queries';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';

export default function MeetingsPage() {
  const q = useMeetings();
  const orgs = useOrgs();
  const { isSecretary, isAdmin } = useSession();
  const nav = useNavigate();
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? '';
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
      <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
        <Table
          rowKey="id"
          dataSource={q.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无会议' }}
          onRow={(r) => ({ onDoubleClick: () => nav(`/meetings/${r.id}`) })}
          columns={[
            {
              title: '年度',
              dataIndex: 'year',
              width: 80,
              sorter: (a, b) => a.year - b.year,
              defaultSortOrder: 'descend',
            },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 120,
              render: (k: string) => (
                <Tag color={k === '民主生活会' ? 'red' : k === '组织生活会' ? 'blue' : 'purple'}>{k}</Tag>
              ),
            },
            { title: '主题', dataIndex: 'theme', render: (t: string, r) => <Link to={`/meetings/${r.id}`}>{t}</Link> },
            { title: '组织', dataIndex: 'orgId', render: orgName },
            { title: '召开日期', dataIndex: 'heldOn', width: 120, render: (d: string | null) => d ?? '待定' },
          ]}
        />
      </QueryState>
    </Card>
  );
}
