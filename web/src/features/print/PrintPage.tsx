import { useEffect, useMemo } from 'react';
import { useParams } from 'react-router';
import { Button, Space, Typography } from 'antd';
import { useMaterial } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { renderLines } from '../../../../src/core/material/render';
import { toEditorContent } from '../editor/content';
import { TextPreview } from '../editor/TextPreview';

/** The material alone, laid out for A4 paper (GB/T 9704 margins and sizes in @media print). */
export default function PrintPage() {
  const { id } = useParams();
  const q = useMaterial(id);
  const lines = useMemo(() => (q.data ? renderLines(toEditorContent(q.data.content)) : []), [q.data]);
  useEffect(() => {
    if (q.data) document.title = q.data.title || '打印';
  }, [q.data]);
  return (
    <div className="print-page" style={{ maxWidth: 820, margin: '0 auto', padding: 24 }}>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()} autoFocus>
          打印
        </Button>
        <Button onClick={() => history.back()}>返回</Button>
        <Typography.Text type="secondary">
          版式：A4，正文仿宋三号，标题小标宋二号（打印机无相应字体时自动替代）。
        </Typography.Text>
      </Space>
      <QueryState loading={q.isLoading} error={q.error}>
        <TextPreview lines={lines} marks={[]} testId="print-doc" />
      </QueryState>
    </div>
  );
}
