import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage, isMissingRoute } from '../api/client';

/** Loading / error / empty states in one place, in plain Chinese. */
export function QueryState({
  loading,
  error,
  empty,
  emptyText,
  retry,
  children,
}: {
  loading?: boolean;
  error?: unknown;
  empty?: boolean;
  emptyText?: ReactNode;
  retry?: () => void;
  children?: ReactNode;
}) {
  if (loading) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (error) {
    const missing = isMissingRoute(error);
    return (
      <Alert
        type={missing ? 'info' : 'error'}
        showIcon
        title={missing ? '此功能的服务接口尚未开放' : '加载失败'}
        description={missing ? '服务器暂未提供此数据，页面其他功能不受影响。' : errorMessage(error)}
        action={
          retry && (
            <Button size="small" onClick={retry}>
              重试
            </Button>
          )
        }
      />
    );
  }
  if (empty) return <Empty description={emptyText ?? '暂无数据'} />;
  return <>{children}</>;
}
