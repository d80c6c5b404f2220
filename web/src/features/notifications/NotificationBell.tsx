/**
 * The bell in the header: how many notifications are unread (due-soon and overdue ledger items,
 * 销号 applied / closed / sent back, the secretary's daily digest), and the latest ones in a
 * panel; opening one marks it read and goes to its page.
 */
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Drawer, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client';
import type {
  AppNotification,
  MarkedAllRead,
  MarkedRead,
  NotificationList,
} from '../../../../src/contract/notifications';

// The panel's list (antd List pulls pagination, select and more) loads when the panel first opens:
// the bell sits in the header of every page, so what it imports is in every page's first bundle.
const NotificationList = lazy(() => import('./NotificationList'));

export type { AppNotification } from '../../../../src/contract/notifications';

const notificationsApi = {
  list: () => api.get<NotificationList>('/api/notifications', { limit: 30 }),
  read: (id: string) => api.post<MarkedRead>(`/api/notifications/${id}/read`),
  readAll: () => api.post<MarkedAllRead>('/api/notifications/read-all'),
};

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const qc = useQueryClient();
  const nav = useNavigate();
  // Refreshed every two minutes and whenever the panel opens.
  const q = useQuery({
    queryKey: ['notifications'],
    queryFn: notificationsApi.list,
    refetchInterval: 120_000,
    retry: false,
  });
  const unread = q.data?.unread ?? 0;
  async function go(n: AppNotification) {
    if (!n.readAt) await notificationsApi.read(n.id).catch(() => {});
    await qc.invalidateQueries({ queryKey: ['notifications'] });
    setOpen(false);
    if (n.link) nav(n.link.replace(/^https?:\/\/[^/]+/, ''));
  }
  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          aria-label={`通知（${unread}条未读）`}
          data-testid="notifications"
          onClick={() => {
            setOpen(true);
            void q.refetch();
          }}
          style={{ color: '#fff', display: 'inline-flex', alignItems: 'center' }}
        >
          {/* A bell drawn inline: no icon font or emoji font needed on the reader's machine. */}
          <svg
            viewBox="0 0 24 24"
            width="18"
            height="18"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
            aria-hidden="true"
          >
            <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
            <path d="M13.7 21a2 2 0 0 1-3.4 0" />
          </svg>
        </Button>
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={`通知（${unread}条未读）`}
        size={400}
        extra={
          unread > 0 && (
            <Button
              size="small"
              onClick={async () => {
                await notificationsApi.readAll();
                await qc.invalidateQueries({ queryKey: ['notifications'] });
              }}
            >
              全部标为已读
            </Button>
          )
        }
      >
        {q.error ? (
          <Typography.Text type="danger">{errorMessage(q.error)}</Typography.Text>
        ) : (
          <Suspense fallback={<Spin />}>
            {open && <NotificationList loading={q.isLoading} items={q.data?.items ?? []} onOpen={(n) => void go(n)} />}
          </Suspense>
        )}
      </Drawer>
    </>
  );
}
