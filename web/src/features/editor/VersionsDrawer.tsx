import { useEffect, useState } from 'react';
import { Alert, Drawer, Empty, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { materials } from '../../api/endpoints';
import { diffLines, diffStats } from '../../../../src/core/workflow/diff';
import { renderLines } from '../../../../src/core/material/render';
import { toEditorContent } from './content';
import { QueryState } from '../../components/QueryState';

/** Versions of a material and the paragraph diff between any two of them. */
export function VersionsDrawer({
  id,
  open,
  onClose,
  current,
}: {
  id: string;
  open: boolean;
  onClose: () => void;
  current: number;
}) {
  const versions = useQuery({
    queryKey: ['versions', id, current],
    queryFn: () => materials.versions(id),
    enabled: open,
  });
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    if (list.length >= 1 && to === null) setTo(list[0].version);
    if (list.length >= 2 && from === null) setFrom(list[1].version);
  }, [list.length]); // eslint-disable-line react-hooks/exhaustive-deps -- picks default versions once the list arrives, not on every selection
  const a = useQuery({
    queryKey: ['version', id, from],
    queryFn: () => materials.version(id, from!),
    enabled: open && from !== null,
    staleTime: Infinity,
  });
  const b = useQuery({
    queryKey: ['version', id, to],
    queryFn: () => materials.version(id, to!),
    enabled: open && to !== null,
    staleTime: Infinity,
  });
  const ops =
    a.data && b.data
      ? diffLines(
          renderLines(toEditorContent(a.data.content)).map((l) => l.text),
          renderLines(toEditorContent(b.data.content)).map((l) => l.text),
        )
      : null;
  const st = ops ? diffStats(ops) : null;
  const opts = list.map((v) => ({
    value: v.version,
    label: `第${v.version}版 · ${dayjs(v.createdAt).format('M月D日 HH:mm')}${v.note ? ` · ${v.note}` : ''}`,
  }));
  return (
    <Drawer open={open} onClose={onClose} title="版本记录与比较" size={720} destroyOnHidden>
      <QueryState loading={versions.isLoading} error={versions.error} empty={!list.length} emptyText="暂无历史版本">
        <Space wrap style={{ marginBottom: 12 }}>
          <span>比较</span>
          <Select style={{ width: 260 }} value={from} options={opts} onChange={setFrom} aria-label="较早版本" />
          <span>与</span>
          <Select style={{ width: 260 }} value={to} options={opts} onChange={setTo} aria-label="较新版本" />
        </Space>
        {(a.isLoading || b.isLoading) && <Spin />}
        {(a.error || b.error) && <Alert type="error" showIcon title="读取版本内容失败" />}
        {st && (
          <Typography.Paragraph data-testid="diff-stats">
            <Tag color="green">新增 {st.added} 段</Tag>
            <Tag color="red">删除 {st.deleted} 段</Tag>
            <Tag>未变 {st.same} 段</Tag>
          </Typography.Paragraph>
        )}
        {ops &&
          (ops.every((o) => o.op === 'same') ? (
            <Empty description="两个版本内容相同" />
          ) : (
            <div data-testid="diff" style={{ fontSize: 14, lineHeight: 1.8 }}>
              {ops.map((o, i) => (
                <div key={i} className={`diff-${o.op}`}>
                  {o.op === 'add' ? '＋ ' : o.op === 'del' ? '－ ' : ''}
                  {o.text}
                </div>
              ))}
            </div>
          ))}
        <List
          style={{ marginTop: 16 }}
          size="small"
          header="全部版本"
          dataSource={list}
          renderItem={(v) => (
            <List.Item>
              第{v.version}版 · {dayjs(v.createdAt).format('YYYY年M月D日 HH:mm:ss')}
              {v.note ? ` · ${v.note}` : ''}
              {v.fileId ? <Tag style={{ marginLeft: 8 }}>导入文件</Tag> : null}
            </List.Item>
          )}
        />
      </QueryState>
    </Drawer>
  );
}
