import { Tag } from 'antd';
import { MATERIAL_STATE_LABELS, STATUS_COLORS } from './labels';

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {(MATERIAL_STATE_LABELS as Record<string, string>)[status] ?? status}
    </Tag>
  );
}
