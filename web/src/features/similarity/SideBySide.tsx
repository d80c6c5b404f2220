/**
 * One 查重 source side by side: each matched passage as the material has it (left) and as the source
 * has it (right), the characters both hold highlighted, stock phrasing (常见套话) marked. When the
 * viewer may not read the source, the right side says only that it exists (label, year).
 */
import { Alert, Col, Empty, Modal, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import type { Excerpt } from '../../../../src/core/similarity/side-by-side';
import { pct, similarityApi } from './api';

const box: React.CSSProperties = {
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  padding: '8px 10px',
  whiteSpace: 'pre-wrap',
  lineHeight: 1.8,
  fontSize: 14,
  height: '100%',
};

function Highlighted({ x, testId }: { x: Excerpt; testId: string }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [s, e] of x.same) {
    if (s > at)
      parts.push(
        <span key={`d${at}`} style={{ background: '#fff1b8' }}>
          {x.text.slice(at, s)}
        </span>,
      );
    parts.push(
      <mark key={`m${s}`} style={{ background: '#ffccc7', padding: 0 }}>
        {x.text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  if (at < x.text.length)
    parts.push(
      <span key={`d${at}`} style={{ background: x.same.length ? '#fff1b8' : '#ffccc7' }}>
        {x.text.slice(at)}
      </span>,
    );
  return (
    <div style={box} data-testid={testId}>
      {x.before && <Typography.Text type="secondary">{x.before}</Typography.Text>}
      {parts}
      {x.after && <Typography.Text type="secondary">{x.after}</Typography.Text>}
    </div>
  );
}

export function SideBySide({ materialId, index }: { materialId: string; index: number }) {
  const q = useQuery({
    queryKey: ['similarity-side', materialId, index],
    queryFn: () => similarityApi.sideBySide(materialId, index),
    retry: false,
  });
  if (q.isLoading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (q.error) return <Alert type="error" showIcon title="无法打开对照" description={errorMessage(q.error)} />;
  const v = q.data!;
  const src = v.source.readable
    ? (v.source.title ?? v.source.label)
    : `${v.source.label}${v.source.year ? ` · ${v.source.year}年` : ''}`;
  return (
    <div data-testid="side-by-side">
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag
          color={v.source.label === '网络范文' ? 'red' : v.source.label === '与本人往年材料重复' ? 'orange' : 'purple'}
        >
          {v.source.label}
        </Tag>
        <Typography.Text>
          来源覆盖本材料 {pct(v.source.coverage)} · {v.passages.length} 段
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          红色：两边完全相同的文字；黄色：段落内改动过的文字；灰色：上下文
        </Typography.Text>
      </Space>
      {!v.source.readable && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          title="您无权查看该来源的原文"
          description="只显示本材料中与之重复的段落；来源的标题、作者和原文不显示。"
        />
      )}
      <Row gutter={12} style={{ marginBottom: 4 }}>
        <Col span={12}>
          <Typography.Text strong>本材料：{v.title}</Typography.Text>
        </Col>
        <Col span={12}>
          <Typography.Text strong data-testid="sbs-source-name">
            来源：{src}
          </Typography.Text>
        </Col>
      </Row>
      {v.passages.length === 0 && <Empty description="没有重复段落" />}
      {v.passages.map((p, i) => (
        <div key={i} data-testid="sbs-passage" style={{ marginBottom: 16 }}>
          <Space style={{ marginBottom: 4 }}>
            <Typography.Text type="secondary">第 {i + 1} 段</Typography.Text>
            {p.stock && (
              <Tag data-testid="sbs-stock" title="许多材料中都有的文字，不是抄自某一份材料的证据">
                常见套话 · 约 {p.stock.support} 份材料中也有
              </Tag>
            )}
          </Space>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Highlighted x={p.left} testId="sbs-left" />
            </Col>
            <Col xs={24} md={12}>
              {p.right ? (
                <Highlighted x={p.right} testId="sbs-right" />
              ) : (
                <div style={{ ...box, color: '#8c8c8c' }} data-testid="sbs-right-hidden">
                  {src}：无权查看原文
                </div>
              )}
            </Col>
          </Row>
        </div>
      ))}
    </div>
  );
}

/** The side-by-side view in a dialog (the 查重 panel and the overview open it). */
export default function SideBySideModal({
  materialId,
  index,
  onClose,
}: {
  materialId: string;
  index: number | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open={index !== null}
      title="查重对照：重复段落与来源并排"
      width={1100}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {index !== null && <SideBySide materialId={materialId} index={index} />}
    </Modal>
  );
}
