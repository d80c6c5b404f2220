/**
 * Review comments with the author's answers: each comment, whether it is handled (已处理), and the
 * replies. The author answers and marks here (on the editor page); the reviewers read the same
 * threads on the review page. Comments of earlier versions stay, with their answers.
 */
import { useState } from 'react';
import { Alert, Button, Input, List, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { materials as materialsApi } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { placeLabel } from '../editor/ChecksPanel';
import type { CommentThread as Thread } from '../../api/types';

export function CommentThreads({
  materialId,
  comments,
  canRespond,
  currentVersion,
  empty = '暂无意见',
}: {
  materialId: string;
  comments: Thread[];
  /** The author, while the review is open: reply and mark handled. */
  canRespond: boolean;
  currentVersion: number;
  empty?: string;
}) {
  return (
    <List
      size="small"
      locale={{ emptyText: empty }}
      dataSource={comments}
      renderItem={(c) => (
        <CommentThread
          key={c.id}
          materialId={materialId}
          comment={c}
          canRespond={canRespond}
          currentVersion={currentVersion}
        />
      )}
    />
  );
}

function CommentThread({
  materialId,
  comment: c,
  canRespond,
  currentVersion,
}: {
  materialId: string;
  comment: Thread;
  canRespond: boolean;
  currentVersion: number;
}) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const handled = !!c.resolvedAt;
  async function run(f: () => Promise<unknown>) {
    setBusy(true);
    setErr(null);
    try {
      await f();
      await qc.invalidateQueries({ queryKey: ['comments', materialId] });
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <List.Item data-testid="comment-thread" data-handled={handled ? '1' : '0'}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={4} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {placeLabel(c.part, c.item)}
            {c.authorName ? ` · ${c.authorName}` : ''}
            {c.version !== currentVersion ? ` · 第${c.version}版` : ''}
          </Typography.Text>
          {handled ? (
            <Tag color="green" data-testid="comment-handled">
              已处理{c.resolvedAt ? ` ${dayjs(c.resolvedAt).format('M月D日')}` : ''}
            </Tag>
          ) : (
            <Tag>待处理</Tag>
          )}
        </Space>
        <span data-testid="review-comment">{c.body}</span>
        {c.quote && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            “{c.quote}”
          </Typography.Text>
        )}
        {(c.replies ?? []).map((r) => (
          <div
            key={r.id}
            data-testid="comment-reply"
            style={{ borderLeft: '3px solid #d9d9d9', paddingLeft: 8, marginLeft: 4 }}
          >
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.authorName ?? '作者'}答复 · {dayjs(r.createdAt).format('M月D日 HH:mm')}
            </Typography.Text>
            <div>{r.body}</div>
          </div>
        ))}
        {canRespond && (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Input.TextArea
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="答复审核意见，例如：已补充具体事例。"
              aria-label="答复意见"
              maxLength={5000}
            />
            <Space wrap>
              <Button
                size="small"
                type="primary"
                ghost
                loading={busy}
                disabled={!text.trim()}
                onClick={() =>
                  void run(async () => {
                    await materialsApi.replyToComment(materialId, c.id, text.trim());
                    setText('');
                  })
                }
              >
                答复
              </Button>
              <Button
                size="small"
                loading={busy}
                data-testid="toggle-handled"
                onClick={() => void run(() => materialsApi.setCommentHandled(materialId, c.id, !handled))}
              >
                {handled ? '取消已处理' : '标为已处理'}
              </Button>
            </Space>
          </Space>
        )}
        {err && <Alert type="error" showIcon title={err} role="alert" />}
      </Space>
    </List.Item>
  );
}
