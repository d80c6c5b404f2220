/**
 * 查重总览 of one meeting (secretary, superior reviewers): every material with its share copied,
 * its share of stock phrasing (常见套话, apart), its longest copied run and largest sources; a source
 * opens side by side.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '../../components/QueryState';
import { ApiError } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { MATERIAL_KIND_LABELS } from '../../components/labels';
import SideBySideModal from './SideBySide';
import { pct, similarityApi, type OverviewRow } from './api';

const labelColor = (l: string) => (l === '网络范文' ? 'red' : l === '与本人往年材料重复' ? 'orange' : 'purple');

export default function SimilarityOverviewPage() {
  const { id } = useParams<{ id: string }>();
  const q = useQuery({
    queryKey: ['similarity-overview', id],
    queryFn: () => similarityApi.overview(id!),
    retry: false,
  });
  const [open, setOpen] = useState<{ materialId: string; index: number } | null>(null);
  const rows = q.data?.materials ?? [];
  const high = rows.filter((r) => r.copyRatio > 0.3).length;
  return (
    <Card
      title={`查重总览${q.data ? `：${q.data.theme}` : ''}`}
      extra={<Link to={`/meetings/${id}`}>返回会议</Link>}
      data-testid="similarity-overview"
    >
      {q.error instanceof ApiError && q.error.status === 403 ? (
        <Alert
          type="warning"
          showIcon
          title="没有权限查看查重总览"
          description="查重总览列出本次会议每份材料的重复情况，只对本组织书记和上级审核人（督导组）开放。"
        />
      ) : (
        <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title={`共 ${rows.length} 份材料，重复率超过 30% 的 ${high} 份。`}
              description="重复率只计抄自具体材料或网络范文的文字；许多材料中都有的常见套话另列，不算抄袭。查重结果只是线索，是否抄袭由审核人判断。"
            />
            <Table<OverviewRow>
              rowKey="id"
              size="middle"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: '本次会议还没有材料' }}
              columns={[
                {
                  title: '材料',
                  dataIndex: 'title',
                  render: (t: string, r) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/materials/${r.id}/review`}>{t}</Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.authorName ?? '—'} · {(MATERIAL_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind}
                      </Typography.Text>
                    </Space>
                  ),
                  sorter: (a, b) => a.title.localeCompare(b.title, 'zh-CN'),
                },
                { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <StatusTag status={s} /> },
                {
                  title: '重复率',
                  dataIndex: 'copyRatio',
                  width: 170,
                  defaultSortOrder: 'descend',
                  sorter: (a, b) => a.copyRatio - b.copyRatio,
                  render: (x: number, r) => (
                    <div data-testid="overview-copy">
                      <Progress
                        percent={Math.round(x * 1000) / 10}
                        size="small"
                        status={x > 0.3 ? 'exception' : 'normal'}
                        format={() => pct(x)}
                      />
                      {r.chars === 0 && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          尚无正文
                        </Typography.Text>
                      )}
                    </div>
                  ),
                },
                {
                  title: '常见套话',
                  dataIndex: 'stockRatio',
                  width: 150,
                  sorter: (a, b) => a.stockRatio - b.stockRatio,
                  render: (x: number, r) => (
                    <div title={`${r.stockPassages} 处通用段落，不计入重复率`}>
                      <Progress
                        percent={Math.round(x * 1000) / 10}
                        size="small"
                        strokeColor="#bfbfbf"
                        format={() => pct(x)}
                      />
                    </div>
                  ),
                },
                {
                  title: '最长连续重复',
                  dataIndex: 'longestRun',
                  width: 110,
                  sorter: (a, b) => a.longestRun - b.longestRun,
                  render: (n: number) => `${n} 字`,
                },
                {
                  title: '主要来源',
                  dataIndex: 'sources',
                  render: (ss: OverviewRow['sources'], r) =>
                    ss.length ? (
                      <Space orientation="vertical" size={2}>
                        {ss.map((s) => (
                          <Button
                            key={s.index}
                            type="link"
                            size="small"
                            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                            onClick={() => setOpen({ materialId: r.id, index: s.index })}
                            data-testid="overview-source"
                          >
                            <Tag color={labelColor(s.label)}>{s.label}</Tag>
                            {s.readable ? (s.title ?? '（无标题）') : `${s.year ? `${s.year}年` : ''}（无权查看）`}{' '}
                            {pct(s.coverage)}
                          </Button>
                        ))}
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">未发现</Typography.Text>
                    ),
                },
              ]}
            />
          </Space>
        </QueryState>
      )}
      {open && <SideBySideModal materialId={open.materialId} index={open.index} onClose={() => setOpen(null)} />}
    </Card>
  );
}
