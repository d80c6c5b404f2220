/**
 * After the meeting: criticisms, opinions and supervisors' comments → ledger items (整改台账).
 * Drafts come from GET /api/meetings/:id/ledger-drafts; the chosen ones are created with
 * POST /api/ledger/items. Drafts already in the ledger (same meeting, source, person and problem)
 * are shown as such and not created twice.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, DatePicker, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, isMissingRoute } from '../../api/client';
import { procedure } from './api';
import type { LedgerDraft, LedgerItemBrief, LedgerItemDraftBody } from './types';

const norm = (s: string) => s.replace(/\s+/g, '').replace(/[。；;，,]+$/u, '');
export const sameItem = (
  d: Pick<LedgerDraft, 'source' | 'ownerId' | 'problem'>,
  i: Pick<LedgerItemBrief, 'source' | 'ownerId' | 'problem'>,
) => d.source === i.source && (d.ownerId ?? null) === (i.ownerId ?? null) && norm(d.problem) === norm(i.problem);

const SOURCE_COLORS: Record<string, string> = { 相互批评: 'volcano', 征求意见: 'blue', 上级点评: 'purple' };

export function LedgerDraftsButton({
  meetingId,
  orgId,
  year,
  heldOn,
}: {
  meetingId: string;
  orgId: string;
  year: number;
  heldOn: string | null;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="ledger-drafts-open">
        生成整改事项…
      </Button>
      {open && (
        <DraftsModal meetingId={meetingId} orgId={orgId} year={year} heldOn={heldOn} onClose={() => setOpen(false)} />
      )}
    </>
  );
}

function DraftsModal({
  meetingId,
  orgId,
  year,
  heldOn,
  onClose,
}: {
  meetingId: string;
  orgId: string;
  year: number;
  heldOn: string | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const drafts = useQuery({ queryKey: ['ledger-drafts', meetingId], queryFn: () => procedure.ledgerDrafts(meetingId) });
  const existing = useQuery({
    queryKey: ['ledger-items-of-meeting', meetingId],
    queryFn: () => procedure.ledgerItemsOfMeeting(meetingId),
    retry: false,
  });
  const inLedger = (d: LedgerDraft) => (existing.data ?? []).find((i) => sameItem(d, i));
  const fresh = useMemo(
    () => (drafts.data ?? []).filter((d) => !(existing.data ?? []).some((i) => sameItem(d, i))),
    [drafts.data, existing.data],
  );
  const [selected, setSelected] = useState<string[] | null>(null);
  const chosen = selected ?? fresh.map((d) => d.key);
  const [kind, setKind] = useState<'date' | 'immediate' | 'ongoing'>('date');
  const [due, setDue] = useState<Dayjs | null>((heldOn ? dayjs(heldOn) : dayjs()).add(3, 'month'));
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);

  async function create() {
    setBusy(true);
    setErr(null);
    try {
      const items = (drafts.data ?? [])
        .filter((d) => chosen.includes(d.key) && !inLedger(d))
        .map((d) => ({
          year,
          meetingId,
          source: d.source,
          aspect: d.aspect?.slice(0, 100) ?? null,
          problem: d.problem,
          ownerId: d.ownerId,
          sourceRef: linkBack(d),
          deadlineKind: kind,
          deadlineOn: kind === 'date' ? (due?.format('YYYY-MM-DD') ?? null) : null,
        }));
      if (!items.length) return;
      const created = await procedure.createLedgerItems(orgId, items);
      message.success(`已生成${created.length}项整改事项`);
      await qc.invalidateQueries({ queryKey: ['ledger-items-of-meeting', meetingId] });
      setSelected([]);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const ledgerMissing = existing.error && isMissingRoute(existing.error);
  return (
    <Modal
      open
      width={960}
      title="由会议生成整改事项"
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={busy}
          disabled={!chosen.some((k) => fresh.some((d) => d.key === k)) || !!ledgerMissing}
          onClick={create}
          data-testid="ledger-drafts-create"
        >
          生成所选的{chosen.filter((k) => fresh.some((d) => d.key === k)).length}项
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {drafts.error && <Alert type="error" showIcon title="无法读取草稿" description={errorMessage(drafts.error)} />}
        {ledgerMissing && <Alert type="info" showIcon title="整改台账功能尚未开放，暂不能生成。" />}
        {existing.error && !ledgerMissing && (
          <Alert
            type="warning"
            showIcon
            title="无法读取已有的整改事项，可能重复生成。"
            description={errorMessage(existing.error)}
          />
        )}
        {err && <Alert type="error" showIcon title="生成失败" description={err} />}
        <Space wrap>
          <span>完成时限：</span>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={[
              { value: 'date', label: '按期完成' },
              { value: 'immediate', label: '立行立改' },
              { value: 'ongoing', label: '长期坚持' },
            ]}
          />
          {kind === 'date' && <DatePicker aria-label="完成日期" value={due} onChange={setDue} />}
        </Space>
        <Typography.Text type="secondary">
          征求意见为匿名意见：整改事项只引用汇总后的意见内容和条数，不关联任何提交记录。
        </Typography.Text>
        <Table
          size="small"
          rowKey="key"
          loading={drafts.isLoading || existing.isLoading}
          dataSource={drafts.data ?? []}
          pagination={false}
          scroll={{ y: 420 }}
          rowSelection={{
            selectedRowKeys: chosen,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (d) => ({ disabled: !!inLedger(d) }),
          }}
          locale={{ emptyText: '没有可转为整改事项的批评意见、征求意见或点评' }}
          columns={[
            {
              title: '来源',
              dataIndex: 'source',
              width: 90,
              render: (s: string) => <Tag color={SOURCE_COLORS[s]}>{s}</Tag>,
            },
            { title: '责任人', dataIndex: 'ownerName', width: 90, render: (n: string | null) => n ?? '班子' },
            {
              title: '问题',
              dataIndex: 'problem',
              render: (p: string, d) => (
                <span>
                  {p}
                  {d.sourceRef.kind === 'opinion' && d.sourceRef.count > 1 ? (
                    <Tag style={{ marginLeft: 6 }}>{d.sourceRef.count}人次提出</Tag>
                  ) : null}
                </span>
              ),
            },
            { title: '类别', dataIndex: 'aspect', width: 90, render: (a: string | null) => a ?? '—' },
            {
              title: '台账',
              width: 110,
              render: (_: unknown, d) => {
                const i = inLedger(d);
                return i ? (
                  <Link to={`/ledger/${i.id}`}>
                    <Tag color="success">已生成 {i.number}</Tag>
                  </Link>
                ) : (
                  <Tag>未生成</Tag>
                );
              },
            },
          ]}
        />
      </Space>
    </Modal>
  );
}

/** The draft's source as the ledger stores it: which criticism / comment, or which collections. */
function linkBack(d: LedgerDraft): LedgerItemDraftBody['sourceRef'] {
  const r = d.sourceRef;
  if (r.kind === 'opinion')
    return { kind: 'opinion', meetingId: r.meetingId, collectionIds: r.collectionIds, count: r.count };
  if (!r.id) return null;
  return r.kind === 'criticism'
    ? { kind: 'criticism', criticismId: r.id, meetingId: r.meetingId }
    : { kind: 'comment', commentId: r.id, meetingId: r.meetingId };
}
