/**
 * 整改措施 ↔ 存在的问题: which problem each measure answers, proposed by the server from the
 * material's structure (aspect, wording, order) and shown before ledger items are made. The author
 * sees it; whoever makes the items (the secretary approving, or 生成整改台账) may correct a link, and
 * the items carry the link chosen here. Measures already in the ledger show the item they became.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ledger as ledgerApi } from '../../api/endpoints';
import { QueryState } from '../../components/QueryState';
import type { MeasureLink, MeasureLinkChoice, MeasureLinksView } from './links';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ord = (i: number) => `（${CN[i] ?? i + 1}）`;

const BASIS: Record<MeasureLink['basis'], { label: string; color: string; hint: string }> = {
  aspect: { label: '按方面', color: 'green', hint: '措施标题与问题的方面一致' },
  wording: { label: '按措辞', color: 'blue', hint: '措施与问题有相同的关键词' },
  order: { label: '按顺序', color: 'orange', hint: '措施与问题没有共同的关键词，按书写顺序对应，请核对' },
  none: { label: '无对应', color: 'default', hint: '材料没有列出问题，或这条措施与哪个问题都对不上，请核对' },
};

export function useMeasureLinks(materialId: string, enabled = true) {
  return useQuery({
    queryKey: ['measure-links', materialId],
    queryFn: () => ledgerApi.measureLinks(materialId),
    enabled,
    retry: false,
  });
}

/** The links to send: every measure not yet in the ledger, with the problem chosen. */
export function linkChoices(view: MeasureLinksView | undefined, chosen: Record<number, number | null>) {
  if (!view) return [];
  const made = new Set(view.made.map((m) => m.measureIndex));
  return view.links
    .filter((l) => !made.has(l.measureIndex))
    .map((l) => ({
      measureIndex: l.measureIndex,
      problemIndex: l.measureIndex in chosen ? chosen[l.measureIndex] : l.problemIndex,
    }));
}

export function MeasureLinks({
  materialId,
  editable,
  onChange,
  title = '整改措施与问题的对应',
}: {
  materialId: string;
  /** The viewer may correct the links (the page also checks `mayCreate`). */
  editable: boolean;
  onChange?: (links: MeasureLinkChoice[]) => void;
  title?: string;
}) {
  const q = useMeasureLinks(materialId);
  const view = q.data;
  const [chosen, setChosen] = useState<Record<number, number | null>>({});
  const canEdit = editable && !!view?.mayCreate;
  const made = useMemo(() => new Map((view?.made ?? []).map((m) => [m.measureIndex, m])), [view]);
  useEffect(() => {
    if (view && onChange) onChange(linkChoices(view, chosen));
  }, [view, chosen, onChange]);
  if (q.error) return null; // not allowed to read the material's links: nothing to show
  const problemLabel = (i: number | null) => {
    if (i === null || !view) return '不对应具体问题';
    const p = view.problems[i];
    return p ? `${ord(i)}${p.heading}${p.summary && p.summary !== p.heading ? `：${p.summary}` : ''}` : '—';
  };
  const counts = new Map<number, number>();
  for (const l of view?.links ?? []) {
    const j =
      made.get(l.measureIndex)?.problemIndex ?? (l.measureIndex in chosen ? chosen[l.measureIndex] : l.problemIndex);
    if (j !== null) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  const unanswered = (view?.problems ?? []).filter((p) => !counts.has(p.index));
  return (
    <div data-testid="measure-links">
      {title && (
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
      )}
      <QueryState loading={q.isLoading} error={null} empty={!view?.measures.length} emptyText="本材料没有整改措施">
        {view && (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              每条整改措施生成一项整改事项，事项中的“问题描述”取自对应的问题。
              {canEdit ? '如对应有误，请在生成前更正。' : '对应由审核人在生成整改台账前确认。'}
            </Typography.Text>
            <Table
              size="small"
              pagination={false}
              rowKey={(l) => l.measureIndex}
              dataSource={view.links}
              onRow={(l) => ({ 'data-testid': `measure-link-${l.measureIndex}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: '整改措施',
                  key: 'measure',
                  width: '40%',
                  render: (_, l) => {
                    const m = view.measures[l.measureIndex];
                    return (
                      <span>
                        {ord(l.measureIndex)}
                        {m?.heading}
                        {m?.summary && m.summary !== m.heading && (
                          <Typography.Text type="secondary">：{m.summary}</Typography.Text>
                        )}
                      </span>
                    );
                  },
                },
                {
                  title: '对应的问题',
                  key: 'problem',
                  render: (_, l) => {
                    const done = made.get(l.measureIndex);
                    if (done)
                      return (
                        <span>
                          {problemLabel(done.problemIndex)} <Tag>已生成 {done.number}</Tag>
                        </span>
                      );
                    const value = l.measureIndex in chosen ? chosen[l.measureIndex] : l.problemIndex;
                    if (!canEdit) return <span data-testid="measure-link-problem">{problemLabel(value)}</span>;
                    return (
                      <Select
                        aria-label={`第${l.measureIndex + 1}条整改措施对应的问题`}
                        data-testid="measure-link-select"
                        style={{ width: '100%', minWidth: 240 }}
                        value={value === null ? -1 : value}
                        onChange={(v: number) => setChosen((c) => ({ ...c, [l.measureIndex]: v < 0 ? null : v }))}
                        options={[
                          ...view.problems.map((p) => ({ value: p.index, label: problemLabel(p.index) })),
                          { value: -1, label: '不对应具体问题' },
                        ]}
                      />
                    );
                  },
                },
                {
                  title: '依据',
                  key: 'basis',
                  width: 110,
                  render: (_, l) => {
                    if (made.has(l.measureIndex)) return null;
                    if (l.measureIndex in chosen && chosen[l.measureIndex] !== l.problemIndex)
                      return <Tag color="purple">已更正</Tag>;
                    const b = BASIS[l.basis];
                    return (
                      <Tag color={b.color} title={b.hint}>
                        {b.label}
                        {l.confidence === 'low' ? '·请核对' : ''}
                      </Tag>
                    );
                  },
                },
              ]}
            />
            {unanswered.length > 0 && view.links.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={`以下问题没有对应的整改措施：${unanswered.map((p) => `${ord(p.index)}${p.heading}`).join('、')}`}
              />
            )}
          </Space>
        )}
      </QueryState>
    </div>
  );
}
