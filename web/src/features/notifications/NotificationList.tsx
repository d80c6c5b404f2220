/** The notification panel's list (loaded with the panel, not with every page). */
import { Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AppNotification } from './NotificationBell';

const KIND: Record<string, { label: string; color: string }> = {
  'ledger.overdue': { label: '已超期', color: 'red' },
  'ledger.due_soon': { label: '即将到期', color: 'orange' },
  'ledger.digest': { label: '每日汇总', color: 'blue' },
  'ledger.applied': { label: '申请销号', color: 'cyan' },
  'ledger.closed': { label: '已销号', color: 'green' },
  'ledger.sent_back': { label: '退回', color: 'volcano' },
  'ledger.extension_requested': { label: '延期申请', color: 'purple' },
  'ledger.extension_decided': { label: '延期审批', color: 'geekblue' },
  'audit.checkpoint': { label: '审计检查点', color: 'purple' },
  'audit.broken': { label: '审计日志异常', color: 'red' },
  'material.submitted': { label: '待审核', color: 'purple' },
  'material.withdrawn': { label: '已撤回', color: 'default' },
  'material.returned': { label: '退回修改', color: 'volcano' },
  'material.approved': { label: '审核通过', color: 'green' },
};

export default function NotificationList({
  items,
  loading,
  onOpen,
}: {
  items: AppNotification[];
  loading: boolean;
  onOpen: (n: AppNotification) => void;
}) {
  return (
    <List
      loading={loading}
      locale={{ emptyText: <Empty description="暂无通知" /> }}
      dataSource={items}
      renderItem={(n) => (
        <List.Item
          data-testid="notification"
          data-read={n.readAt ? '1' : '0'}
          style={{ cursor: 'pointer', background: n.readAt ? undefined : '#fff7e6', paddingInline: 8 }}
          onClick={() => onOpen(n)}
        >
          <List.Item.Meta
            title={
              <Space wrap size={4}>
                {KIND[n.kind] && <Tag color={KIND[n.kind].color}>{KIND[n.kind].label}</Tag>}
                <span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>
              </Space>
            }
            description={
              <>
                <div style={{ whiteSpace: 'pre-line' }}>{n.body}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).format('M月D日 HH:mm')}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
