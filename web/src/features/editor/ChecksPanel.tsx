/** Checks beside the text: lint findings, the 查重 report and review comments; click → the place. */
import { lazy, memo, Suspense, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Badge, Button, Empty, Progress, Space, Spin, Tag, Typography } from 'antd';
import { List } from '../../components/LightList';
import type { Finding } from '../../../../src/core/lint/types';
import type { CommentThread } from '../../api/types';
import type { SimilarityPending, SimilarityReport } from '../../api/endpoints';
import { PART_LABELS } from '../../components/labels';
import { errorMessage, isMissingRoute } from '../../api/client';
import { LightTabs } from '../../components/LightTabs';

export type IdFinding = Finding & { id: string };

// The side-by-side view of one 查重 source (its own chunk: opened on demand).
const SideBySideModal = lazy(() => import('../similarity/SideBySide'));

const SEV: Record<string, { color: string; label: string }> = {
  error: { color: 'red', label: '问题' },
  warning: { color: 'orange', label: '注意' },
  info: { color: 'blue', label: '提示' },
};

const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function placeLabel(part: string, item: number | null) {
  return `${PART_LABELS[part] ?? part}${item !== null && item !== undefined ? `（${cn[item] ?? item + 1}）` : ''}`;
}

function Clickable({
  onSelect,
  active,
  children,
  testId,
}: {
  onSelect: () => void;
  active: boolean;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <div
      role="button"
      tabIndex={0}
      data-testid={testId}
      aria-pressed={active}
      onClick={onSelect}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect())}
      style={{
        cursor: 'pointer',
        padding: '6px 8px',
        borderRadius: 6,
        background: active ? '#fff7e6' : undefined,
        width: '100%',
      }}
    >
      {children}
    </div>
  );
}

export const ChecksPanel = memo(function ChecksPanel({
  findings,
  pending,
  stale,
  similarity,
  comments,
  activeId,
  onSelect,
  engine,
  extraTabs,
}: {
  findings: IdFinding[];
  pending: boolean;
  stale: boolean;
  similarity: { data?: SimilarityReport | SimilarityPending; error?: unknown; isLoading?: boolean } | null;
  comments: CommentThread[];
  activeId: string | null;
  onSelect: (id: string, part: string, item: number | null) => void;
  engine?: string;
  extraTabs?: { key: string; label: React.ReactNode; children: React.ReactNode }[];
}) {
  const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const f of findings) counts[f.severity]++;
  // No answer from the checks yet (engine is the answer's): never the all-clear before they ran.
  const waiting = pending || engine === undefined;
  return (
    <LightTabs
      defaultActiveKey="lint"
      items={[
        {
          key: 'lint',
          label: (
            <span>
              检查提示{' '}
              <Badge count={findings.length} showZero color={findings.length ? '#fa8c16' : '#bfbfbf'} size="small" />
            </span>
          ),
          children: (
            <div data-testid="checks">
              <Space style={{ marginBottom: 8 }} wrap>
                {/* The first render says 检查中… in words: a spinner there would read as a page still loading. */}
                {pending ? <Spin size="small" /> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="checks-status">
                  {engine === undefined
                    ? '检查中…'
                    : pending
                      ? '正在检查…'
                      : engine === 'none'
                        ? '检查规则尚未就绪'
                        : `问题 ${counts.error} · 注意 ${counts.warning} · 提示 ${counts.info}`}
                </Typography.Text>
              </Space>
              {stale && (
                <Alert type="info" showIcon title="正文已修改，位置将在检查完成后更新" style={{ marginBottom: 8 }} />
              )}
              {findings.length === 0 ? (
                waiting ? null : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现需要注意的问题" />
                )
              ) : (
                <List
                  size="small"
                  dataSource={findings}
                  renderItem={(f) => (
                    <List.Item style={{ padding: 0 }} data-rule={f.rule}>
                      <Clickable
                        onSelect={() => onSelect(f.id, f.part, f.item)}
                        active={activeId === f.id}
                        testId="finding"
                      >
                        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                          <span>
                            <Tag color={SEV[f.severity]?.color}>{SEV[f.severity]?.label ?? f.severity}</Tag>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {placeLabel(f.part, f.item)}
                            </Typography.Text>
                          </span>
                          <span>{f.message}</span>
                          {activeId === f.id && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {f.why}
                            </Typography.Text>
                          )}
                        </Space>
                      </Clickable>
                    </List.Item>
                  )}
                />
              )}
            </div>
          ),
        },
        {
          key: 'similarity',
          label: '查重',
          children: <SimilarityView {...(similarity ?? {})} activeId={activeId} onSelect={onSelect} />,
        },
        {
          key: 'comments',
          label: (
            <span>
              审核意见 <Badge count={comments.length} size="small" color="#52c41a" />
            </span>
          ),
          children: comments.length ? (
            <List
              size="small"
              dataSource={comments}
              renderItem={(c) => (
                <List.Item style={{ padding: 0 }}>
                  <Clickable
                    onSelect={() => onSelect(`c-${c.id}`, c.part, c.item)}
                    active={activeId === `c-${c.id}`}
                    testId="comment"
                  >
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {placeLabel(c.part, c.item)} · 第{c.version}版{c.authorName ? ` · ${c.authorName}` : ''}
                    </Typography.Text>
                    <div>{c.body}</div>
                    {c.quote && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        “{c.quote}”
                      </Typography.Text>
                    )}
                  </Clickable>
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无审核意见" />
          ),
        },
        ...(extraTabs ?? []),
      ]}
    />
  );
});

function SimilarityView({
  data,
  error,
  isLoading,
  activeId,
  onSelect,
}: {
  data?: SimilarityReport | SimilarityPending;
  error?: unknown;
  isLoading?: boolean;
  activeId: string | null;
  onSelect: (id: string, part: string, item: number | null) => void;
}) {
  // The editor's and the review page's route both name the material (/materials/:id[/review]).
  const materialId = useParams<{ id: string }>().id;
  const [sideBySide, setSideBySide] = useState<number | null>(null);
  // The server indexes a saved version off the save's path: until then, in words, not an empty list.
  if (isLoading || (data && 'pending' in data && !data.failed))
    return (
      <Typography.Text type="secondary" data-testid="similarity-pending">
        查重中…
      </Typography.Text>
    );
  if (data && 'pending' in data)
    return <Alert type="warning" showIcon title="查重未能完成" description={data.failed} />;
  if (error) {
    const missing = isMissingRoute(error);
    return (
      <Alert
        type="info"
        showIcon
        title={missing ? '查重服务尚未开放' : '查重结果暂不可用'}
        description={missing ? '保存后由服务器比对材料库和网络范文；此功能开放后在这里显示。' : errorMessage(error)}
      />
    );
  }
  if (!data) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="保存后显示查重结果" />;
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return (
    <div data-testid="similarity">
      {materialId && sideBySide !== null && (
        <Suspense fallback={null}>
          <SideBySideModal materialId={materialId} index={sideBySide} onClose={() => setSideBySide(null)} />
        </Suspense>
      )}
      <Space orientation="vertical" style={{ width: '100%' }}>
        <div>
          <Typography.Text>总重复率</Typography.Text>
          <Progress
            percent={pct(data.copyRatio)}
            status={data.copyRatio > 0.3 ? 'exception' : 'normal'}
            format={(p) => `${p}%`}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            去除通用表述后 {pct(data.copyRatioExcludingShared)}% · 最长连续重复 {data.longestRun} 字
          </Typography.Text>
        </div>
        <Alert type="info" showIcon title="查重结果只是线索：重复的段落已在正文中标出，是否抄袭由审核人判断。" />
        <Typography.Text strong>抄自具体材料的来源</Typography.Text>
        {data.matches.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现与库内材料或网络范文重复的段落" />
        ) : (
          <List
            size="small"
            dataSource={data.matches}
            renderItem={(m, i) => (
              <List.Item style={{ padding: 0 }}>
                <Clickable
                  onSelect={() => onSelect(`s-${i}-0`, 'general', null)}
                  active={!!activeId?.startsWith(`s-${i}-`)}
                >
                  <Tag color={m.label === '网络范文' ? 'red' : m.label === '与本人往年材料重复' ? 'orange' : 'purple'}>
                    {m.label}
                  </Tag>
                  {m.meta?.title ?? m.id}{' '}
                  <Typography.Text type="secondary">
                    覆盖 {pct(m.coverage)}% · {m.passages.length} 段
                  </Typography.Text>
                  {materialId && (
                    <Button
                      type="link"
                      size="small"
                      data-testid="open-side-by-side"
                      onClick={(e) => (e.stopPropagation(), setSideBySide(i))}
                      onKeyDown={(e) => e.stopPropagation()}
                    >
                      并排对照
                    </Button>
                  )}
                </Clickable>
              </List.Item>
            )}
          />
        )}
        <div data-testid="similarity-stock">
          <Typography.Text strong>常见套话、通用段落</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              许多材料中都有的文字，不是抄自某一份材料，不计入上面的来源
              {data.stock?.length ? ` · 共 ${data.stock.length} 处，占全文 ${pct(data.stockRatio ?? 0)}%` : ''}
            </Typography.Text>
          </div>
          {data.stock?.length ? (
            <List
              size="small"
              dataSource={data.stock}
              renderItem={(p, k) => (
                <List.Item style={{ padding: 0 }}>
                  <Clickable onSelect={() => onSelect(`t-${k}`, 'general', null)} active={activeId === `t-${k}`}>
                    <Tag>通用段落</Tag>约 {p.support} 份材料中也有{' '}
                    <Typography.Text type="secondary">
                      占全文 {pct(data.chars ? (p.qn[1] - p.qn[0]) / data.chars : 0)}%
                      {p.sources.length
                        ? ` · 与${p.sources.map((i) => data.matches[i]?.meta?.title ?? data.matches[i]?.id).join('、')}文字相同`
                        : ''}
                    </Typography.Text>
                  </Clickable>
                </List.Item>
              )}
            />
          ) : (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                未发现
              </Typography.Text>
            </div>
          )}
        </div>
      </Space>
    </div>
  );
}
