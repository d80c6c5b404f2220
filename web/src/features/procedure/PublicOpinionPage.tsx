/**
 * The public, anonymous opinion form (/o#<token>): no account, no cookie. The token is read from
 * the URL fragment (never sent to any server by the browser) and posted in the request body; the
 * requests carry no credentials. Nothing identifying is stored with an opinion — this page says so.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Input, Radio, Result, Select, Skeleton, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { publicOpinionRequest } from './api';
import type { PublicForm, PublicOpinionInput } from './types';

interface Line {
  key: number;
  target: string; // 'group' | person id
  category: string | null;
  body: string;
}

const tokenFromHash = () => decodeURIComponent(location.hash.replace(/^#/, '')).trim();

let nextKey = 1;
const blank = (): Line => ({ key: nextKey++, target: 'group', category: null, body: '' });

export default function PublicOpinionPage() {
  const [token] = useState(tokenFromHash);
  const [form, setForm] = useState<PublicForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([blank()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);

  useEffect(() => {
    document.title = '征求意见建议';
    if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
      setLoadError('链接不完整或无效。请重新扫描二维码，或向发放链接的同志索取完整链接。');
      return;
    }
    publicOpinionRequest<PublicForm>('/api/public/opinions/form', { token }).then(setForm, (e) =>
      setLoadError(errorMessage(e)),
    );
  }, [token]);

  const set = (key: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const max = form?.limits.maxBodyChars ?? 2000;
  const filled = lines.filter((l) => l.body.trim());

  async function submit() {
    if (!form) return;
    setError(null);
    if (!filled.length) return setError('请至少填写一条意见。');
    const tooLong = filled.findIndex((l) => l.body.trim().length > max);
    if (tooLong >= 0) return setError(`第${tooLong + 1}条意见超过${max}字，请精简后再提交。`);
    setBusy(true);
    try {
      const opinions: PublicOpinionInput[] = filled.map((l) => ({
        target: l.target === 'group' ? { kind: 'group' } : { kind: 'person', personId: l.target },
        category: l.category,
        body: l.body.trim(),
      }));
      const r = await publicOpinionRequest<{ accepted: number }>('/api/public/opinions', { token, opinions });
      setSent(r.accepted);
      setLines([blank()]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const frame = (children: ReactNode) => (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: '24px 12px 48px' }}>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        征求意见建议
      </Typography.Title>
      {children}
    </div>
  );

  if (loadError) return frame(<Result status="warning" title="无法打开征求意见表" subTitle={loadError} />);
  if (!form) return frame(<Skeleton active />);
  const groupLabel = form.meetingKind === '组织生活会' ? '支部委员会（整体）' : '领导班子（整体）';
  const targets = [{ value: 'group', label: groupLabel }, ...form.targets.map((t) => ({ value: t.id, label: t.name }))];

  return frame(
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Paragraph style={{ fontSize: 16, marginBottom: 8 }}>
          <b>{form.orgName}</b>即将召开{form.year}年度{form.meetingKind}
          {form.theme ? `（${form.theme}）` : ''}，现就
          {form.meetingKind === '组织生活会' ? '支部委员会和党员个人' : '领导班子和班子成员个人'}
          在思想、工作、作风等方面存在的问题，诚恳听取您的意见建议。
        </Typography.Paragraph>
        {form.closesOn && (
          <Typography.Text type="secondary">
            征集截止：{form.closesOn.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}
          </Typography.Text>
        )}
      </Card>
      <Alert
        type="success"
        showIcon
        data-testid="anonymity-notice"
        title="匿名提交，不留痕迹"
        description="本页无需登录。系统不记录您的账号、姓名、IP 地址、浏览器或设备信息，也不记录提交的具体时间（只保留日期），本系统的服务器日志同样不记录。意见先加密暂存，再与其他人的意见合批、打乱顺序后显示，只按对象和类别汇总后反馈，任何人（包括管理员）都无法查到是谁提出的。文字本身（写法、只有您知道的细节）也可能透露身份，请不要在意见中写上自己的姓名。"
      />
      {!form.open ? (
        <Result status="info" title="本次意见征集已结束" subTitle="感谢您的关注。如有意见建议，可直接向党组织反映。" />
      ) : sent !== null ? (
        <Result
          status="success"
          title={`已收到您的${sent}条意见建议，谢谢！`}
          subTitle="您的意见将汇总后反馈给本人，作为对照检查和整改的依据。"
          extra={<Button onClick={() => setSent(null)}>继续提意见</Button>}
        />
      ) : (
        <>
          {lines.map((l, i) => (
            <Card
              key={l.key}
              size="small"
              title={`第${i + 1}条`}
              extra={
                lines.length > 1 && (
                  <Button size="small" type="text" onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}>
                    删除
                  </Button>
                )
              }
              data-testid="opinion-line"
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                <div>
                  <Typography.Text>意见对象：</Typography.Text>
                  {targets.length <= 6 ? (
                    <Radio.Group
                      aria-label={`第${i + 1}条的意见对象`}
                      value={l.target}
                      onChange={(e) => set(l.key, { target: e.target.value })}
                      options={targets}
                    />
                  ) : (
                    <Select
                      aria-label={`第${i + 1}条的意见对象`}
                      style={{ minWidth: 220 }}
                      value={l.target}
                      onChange={(v) => set(l.key, { target: v })}
                      options={targets}
                      showSearch
                      optionFilterProp="label"
                    />
                  )}
                </div>
                <div>
                  <Typography.Text>类别（可不选）：</Typography.Text>
                  <Select
                    aria-label={`第${i + 1}条的类别`}
                    allowClear
                    style={{ minWidth: 200 }}
                    placeholder="选择类别"
                    value={l.category ?? undefined}
                    onChange={(v) => set(l.key, { category: v ?? null })}
                    options={form.categories.map((c) => ({ value: c, label: c }))}
                  />
                </div>
                <Input.TextArea
                  aria-label={`第${i + 1}条意见内容`}
                  autoSize={{ minRows: 3, maxRows: 10 }}
                  maxLength={max}
                  showCount
                  placeholder="请具体写出问题或建议，最好有事例"
                  value={l.body}
                  onChange={(e) => set(l.key, { body: e.target.value })}
                />
              </Space>
            </Card>
          ))}
          {lines.length < form.limits.maxPerSubmission && (
            <Button block onClick={() => setLines((ls) => [...ls, blank()])}>
              再提一条
            </Button>
          )}
          {error && <Alert type="error" showIcon title={error} data-testid="submit-error" />}
          <Button
            type="primary"
            size="large"
            block
            loading={busy}
            onClick={submit}
            disabled={!filled.length}
            data-testid="submit-opinions"
          >
            匿名提交{filled.length > 1 ? `（${filled.length}条）` : ''}
          </Button>
        </>
      )}
    </Space>,
  );
}
