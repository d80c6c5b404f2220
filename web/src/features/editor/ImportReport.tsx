import { Alert, Button, Descriptions, List, Space, Tag, Typography } from 'antd';
import type { Material } from '../../api/types';
import { findFramework } from '../../../../src/core/frameworks/framework';
import { wordCount } from '../../../../src/core/text/count';

const REMOVAL_LABELS: Record<string, string> = {
  watermark: '水印',
  paywall: '付费标记',
  'page-furniture': '页眉页脚/页码',
  advertisement: '广告',
  'line-break': '多余换行',
  markup: '格式标记',
};

/** What the import cleaned away and how it read the structure: for the author to confirm or fix. */
export function ImportReport({
  material,
  onConfirm,
  onDismiss,
  onRestructure,
}: {
  material: Material;
  onConfirm?: () => void;
  onDismiss?: () => void;
  /** Opens the structure view of the editor. */
  onRestructure?: () => void;
}) {
  const removed = material.removed ?? [];
  const fw = material.framework ? findFramework(material.framework) : null;
  const unmapped = material.problems.filter((p) => !p.aspect).length;
  return (
    <Alert
      type="success"
      showIcon
      data-testid="import-report"
      title="导入完成：请核对清理和识别结果"
      closable={!!onDismiss}
      onClose={onDismiss}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>已清理的内容</Typography.Text>
            {removed.length === 0 ? (
              <div>未发现水印、付费标记等多余内容。</div>
            ) : (
              <List
                size="small"
                dataSource={removed}
                renderItem={(r) => (
                  <List.Item data-testid="removal">
                    <Tag color="volcano">{REMOVAL_LABELS[r.kind] ?? r.kind}</Tag>
                    <Typography.Text code>{r.text.length > 40 ? r.text.slice(0, 40) + '…' : r.text}</Typography.Text>
                    <span> ×{r.count}</span>
                  </List.Item>
                )}
              />
            )}
          </div>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label="标题">
              {material.title || <Typography.Text type="danger">未识别到标题</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="检视框架">{fw ? fw.name : '未识别'}</Descriptions.Item>
            <Descriptions.Item label="存在的问题">
              {material.problems.length} 个方面{unmapped ? `（${unmapped} 个未对应到框架的方面）` : ''}，要点{' '}
              {material.problems.reduce((n, p) => n + p.points.length, 0)} 条，事例{' '}
              {material.problems.reduce((n, p) => n + p.examples.length, 0)} 个
            </Descriptions.Item>
            <Descriptions.Item label="原因剖析">{material.causes.length} 条</Descriptions.Item>
            <Descriptions.Item label="整改措施">
              {material.measures.length} 条，其中写明时限 {material.measures.filter((m) => m.deadline).length} 条
            </Descriptions.Item>
            <Descriptions.Item label="字数">{wordCount(material.text)} 字</Descriptions.Item>
          </Descriptions>
          {material.warnings?.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title="识别时有以下疑问"
              description={
                <ul style={{ margin: 0 }}>
                  {material.warnings.map((w, i) => (
                    <li key={i}>{w.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Typography.Text type="secondary">
            如有识别错误，可在“调整结构”中把段落设为问题、原因或措施的标题，合并、拆分或移动条目（段落中的“二是”“2.”等处也可拆分），选择检视框架和所属方面，不必重新输入；
            调整随材料保存，再次导入同一材料时自动沿用。
            {material.fixes?.length ? `本次导入已沿用此前的 ${material.fixes.length} 处结构调整。` : ''}
          </Typography.Text>
          {onRestructure && (
            <Button size="small" onClick={onRestructure} data-testid="open-structure">
              调整结构
            </Button>
          )}
          {onConfirm && (
            <Button type="primary" size="small" onClick={onConfirm}>
              结果无误，开始修改
            </Button>
          )}
        </Space>
      }
    />
  );
}
