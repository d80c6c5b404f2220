/**
 * 提交审核 with the facts in front of the author: the open findings of the quality checks (counted by
 * severity, the first few) and the 查重 result (share copied, the largest source; stock phrasing
 * counted apart), asked of the server for the saved version. A material the 查重 finds largely
 * copied gets a stronger warning and must be acknowledged before it can go. The author decides;
 * nothing here refuses a submission.
 */
import { useState } from 'react';
import { Alert, App, Checkbox, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { materials as materialsApi } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { placeLabel } from '../editor/ChecksPanel';
import { COPY_HEAVY_RATIO, SHARED_HEAVY_RATIO } from '../../../../src/core/workflow/submit-check';

const SEVERITY: Record<string, { color: string; label: string }> = {
  error: { color: 'red', label: '问题' },
  warning: { color: 'orange', label: '注意' },
  info: { color: 'blue', label: '提示' },
};
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function SubmitDialog({
  materialId,
  version,
  resubmit,
  open,
  onClose,
  onSubmitted,
}: {
  materialId: string;
  /** The saved version the check is of (a new save asks again). */
  version: number;
  resubmit: boolean;
  open: boolean;
  onClose: () => void;
  onSubmitted: (status: string) => void;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [ack, setAck] = useState(false);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['submit-check', materialId, version],
    queryFn: () => materialsApi.submitCheck(materialId),
    enabled: open,
    retry: false,
    staleTime: 0,
    // The saved version's 查重 runs off the save's path: ask again until its result is in.
    refetchInterval: (query) => (query.state.data?.copyPending ? 1000 : false),
  });
  const s = q.data;
  const heavy = s?.copy?.level === 'heavy';
  const anything = !!s && (s.findings.total > 0 || (s.copy?.level ?? 'none') !== 'none');

  async function go() {
    setBusy(true);
    setErr(null);
    try {
      const r = await materialsApi.submit(materialId, version);
      qc.invalidateQueries({ queryKey: ['materials'] });
      qc.invalidateQueries({ queryKey: ['material', materialId] });
      qc.invalidateQueries({ queryKey: ['events', materialId] });
      message.success(resubmit ? '已重新提交审核' : '已提交审核');
      setAck(false);
      onSubmitted(r.status ?? 'submitted');
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const c = s?.findings.counts;
  return (
    <Modal
      open={open}
      title={resubmit ? '确认重新提交审核' : '确认提交审核'}
      okText={anything ? '仍然提交' : '确认提交'}
      cancelText="返回修改"
      okButtonProps={{
        loading: busy,
        danger: heavy,
        disabled: q.isLoading || !!s?.copyPending || (heavy && !ack),
        ...{ 'data-testid': 'confirm-submit' },
      }}
      onOk={() => void go()}
      onCancel={() => {
        setAck(false);
        setErr(null);
        onClose();
      }}
      width={620}
    >
      <div data-testid="submit-confirm">
        {q.isLoading && (
          <Space>
            <Spin size="small" /> 正在核对自动检查和查重结果…
          </Space>
        )}
        {q.error && (
          <Alert
            type="warning"
            showIcon
            title="提交前核对暂不可用"
            description={`${errorMessage(q.error)}。仍可提交，审核人会看到检查和查重结果。`}
          />
        )}
        {s && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {heavy && s.copy && (
              <Alert
                type="error"
                showIcon
                data-testid="submit-copy-heavy"
                title={`查重：材料大部分与已有材料或网络范文相同（与已有来源重复 ${pct(s.copy.copyRatio)}，多份材料共有的通用段落 ${pct(s.copy.stockRatio)}）`}
                description={
                  <Space orientation="vertical" size={4}>
                    <span>
                      对照检查材料须写本人的问题、本人的原因和本人的措施。与已有来源重复达到 {pct(COPY_HEAVY_RATIO)}
                      ，或连同通用段落达到 {pct(SHARED_HEAVY_RATIO)} 的材料，审核人会看到重复的来源和段落。
                    </span>
                    <Checkbox checked={ack} onChange={(e) => setAck(e.target.checked)} data-testid="submit-ack">
                      我已核对，确认这是本人的对照检查内容
                    </Checkbox>
                  </Space>
                }
              />
            )}
            <div data-testid="submit-findings">
              <Typography.Text strong>自动检查</Typography.Text>
              <div>
                {s.findings.total ? (
                  <span>
                    仍有 {s.findings.total} 条提示：
                    <Tag color="red">问题 {c!.error}</Tag>
                    <Tag color="orange">注意 {c!.warning}</Tag>
                    <Tag color="blue">提示 {c!.info}</Tag>
                  </span>
                ) : (
                  <Typography.Text type="secondary">未发现需要注意的问题</Typography.Text>
                )}
              </div>
              {s.findings.first.length > 0 && (
                <List
                  size="small"
                  dataSource={s.findings.first}
                  renderItem={(f) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Space size={4} wrap>
                        <Tag color={SEVERITY[f.severity]?.color}>{SEVERITY[f.severity]?.label ?? f.severity}</Tag>
                        <Typography.Text type="secondary">{placeLabel(f.part, f.item)}</Typography.Text>
                        <span>{f.message}</span>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
              {s.findings.total > s.findings.first.length && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  另有 {s.findings.total - s.findings.first.length} 条，见右侧“检查”面板。
                </Typography.Text>
              )}
            </div>
            <div data-testid="submit-similarity">
              <Typography.Text strong>查重</Typography.Text>
              {s.copyPending ? (
                <div>
                  <Typography.Text type="secondary" data-testid="submit-similarity-pending">
                    查重中…（结果出来后才能提交）
                  </Typography.Text>
                </div>
              ) : !s.copy ? (
                <div>
                  <Typography.Text type="secondary">查重结果暂不可用</Typography.Text>
                </div>
              ) : (
                <>
                  <div>
                    与已有来源重复 <Typography.Text strong>{pct(s.copy.copyRatio)}</Typography.Text>
                    {s.copy.top ? (
                      <>
                        ，最大来源：<Tag>{s.copy.top.label}</Tag>
                        {s.copy.top.title ? `《${s.copy.top.title}》` : ''}（覆盖 {pct(s.copy.top.coverage)}）
                      </>
                    ) : (
                      '，未发现抄自具体材料的段落'
                    )}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.copy.stockPassages
                      ? `常见套话、通用段落 ${s.copy.stockPassages} 处（占全文 ${pct(s.copy.stockRatio)}），许多材料中都有，不计入重复来源。`
                      : '未发现常见套话、通用段落。'}
                  </Typography.Text>
                </>
              )}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              提交后审核期间不能修改；审核人处理前可以撤回。
            </Typography.Text>
          </Space>
        )}
        {err && <Alert style={{ marginTop: 12 }} type="error" showIcon title={err} role="alert" />}
      </div>
    </Modal>
  );
}
