/** The ledger list's filters (status, due, extension, aspect, owner, search); they live in the URL. */
import { useState } from 'react';
import { Button, Input, Select, Space } from 'antd';
import { LEDGER_STATUS_LABELS, LEDGER_STATUSES } from './common';
import type { useLedgerFilters } from './useLedgerFilters';

type Filters = ReturnType<typeof useLedgerFilters>;
type Shown = Pick<Filters, 'statuses' | 'due' | 'extension' | 'aspect' | 'ownerId' | 'q'>;

/** Whether any filter narrows the list (the empty text and the total say so). */
export function filtersActiveIn(f: Shown): boolean {
  return !!(f.statuses.length || f.aspect || f.ownerId || f.due || f.q || f.extension);
}

export function LedgerFilterBar({
  filters,
  mine,
  aspectOptions,
  ownerOptions,
  set,
}: {
  filters: Shown;
  mine: boolean;
  aspectOptions: { value: string; label: string }[];
  ownerOptions: { value: string; label: string }[];
  set: Filters['set'];
}) {
  const { statuses, due, extension, aspect, ownerId, q } = filters;
  const [qInput, setQInput] = useState(q);
  const filtersActive = filtersActiveIn(filters);
  return (
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
  );
}
