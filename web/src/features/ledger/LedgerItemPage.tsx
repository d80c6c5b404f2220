/**
 * One rectification item: every field, where it came from (link back to the material or meeting),
 * progress notes, evidence (upload with its own date; download), the closure (owner applies, the
 * superior closes or sends back with a reason), the transition history (who, when, which state),
 * the deadline extensions (the owner asks with a date and a reason; the secretary or the superior
 * agrees or refuses with a comment; both stay in the history), and the 重复出现 link to the
 * earlier closed item. What the reader may do comes from the server
 * (`can`, computed from the one permission table); a closed item is read-only.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ledger } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { usePeople } from '../../api/queries';
import { orgs as orgsApi } from '../../api/endpoints';
import { QueryState } from '../../components/QueryState';
import { DEADLINE_KIND_LABELS, DeadlineText, LEDGER_STATUS_LABELS, LedgerStatusTag, fileSize } from './common';
import { DateField } from './DateField';
import { ALLOWED_EVIDENCE_LABEL, DEFAULT_EVIDENCE_LIMITS } from '../../../../src/core/ledger/evidence';
import { EXTENSION_STATUS_LABELS } from '../../../../src/core/ledger/extension';
import type { DeadlineExtension, LedgerItem, LedgerItemDetail, LedgerPatchInput } from './types';

const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY年M月D日 HH:mm') : '—');

export default function LedgerItemPage() {
  const { id } = useParams();
  const q = useQuery({ queryKey: ['ledger', 'item', id], queryFn: () => ledger.get(id!), enabled: !!id });
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {q.data && <ItemView key={q.data.item.id} d={q.data} />}
    </QueryState>
  );
}

function SourceLink({ d }: { d: LedgerItemDetail }) {
  const r = d.item.sourceRef;
  const meeting = d.meeting ? (
    <Link to={`/meetings/${d.meeting.id}`}>
      {d.meeting.year}年{d.meeting.kind}
    </Link>
  ) : null;
  let what: React.ReactNode = null;
  if (r?.kind === 'measure')
    what = (
      <Link to={`/materials/${r.materialId}/review`} data-testid="source-material">
        对照检查材料 · 第 {r.measureIndex + 1} 条整改措施
      </Link>
    );
  else if (r?.kind === 'criticism') what = <span>会上相互批评意见{meeting ? <>（{meeting}）</> : null}</span>;
  else if (r?.kind === 'comment') what = <span>上级点评{meeting ? <>（{meeting}）</> : null}</span>;
  else if (r?.kind === 'opinion')
    what = d.meeting ? <Link to={`/meetings/${d.meeting.id}/opinions`}>征求意见汇总</Link> : <span>征求意见</span>;
  else if (r?.kind === 'split')
    what = (
      <span>
        由 <Link to={`/ledger/${r.parentId}`}>{r.parentNumber}</Link> 拆分
      </span>
    );
  else if (r?.kind === 'import')
    what = <span>Excel 导入{r.file ? `（${r.file} 第 ${r.row} 行）` : `（第 ${r.row} 行）`}</span>;
  else if (r?.kind === 'manual') what = <span>手工录入</span>;
  return (
    <Space wrap size={4}>
      <Tag>{d.item.source}</Tag>
      {what}
      {r?.kind !== 'criticism' && r?.kind !== 'comment' && meeting && <span>· {meeting}</span>}
    </Space>
  );
}

function ItemView({ d }: { d: LedgerItemDetail }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { item, can } = d;
  const name = (id: string | null | undefined) => (id ? (d.names[id] ?? '—') : '—');
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [sendBackOpen, setSendBackOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [splitOpen, setSplitOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [evidenceOn, setEvidenceOn] = useState(dayjs().format('YYYY-MM-DD'));
  const [extOpen, setExtOpen] = useState(false);
  const [extDate, setExtDate] = useState('');
  const [extReason, setExtReason] = useState('');
  const [deciding, setDeciding] = useState<{ ext: DeadlineExtension; decision: 'approve' | 'refuse' } | null>(null);
  const [comment, setComment] = useState('');
  // A request waits only while the item is open (handed in or closed, nobody decides it).
  const pendingExt =
    item.status === 'pending' || item.status === 'in_progress'
      ? (d.extensions.find((x) => x.status === 'pending') ?? null)
      : null;
  const extendable = item.deadlineKind !== 'ongoing' && !!item.deadlineOn;

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['ledger'] });
  };
  async function act(key: string, fn: () => Promise<unknown>, done: string) {
    setErr(null);
    setBusy(key);
    try {
      await fn();
      message.success(done);
      await refresh();
      return true;
    } catch (e) {
      setErr(errorMessage(e));
      // Someone else may have changed the item meanwhile (409): show its current state.
      void refresh();
      return false;
    } finally {
      setBusy(null);
    }
  }

  const lastBack = [...d.transitions]
    .reverse()
    .find((t) => t.fromStatus === 'awaiting_close' && t.toStatus === 'in_progress');
  const sentBackOpen = lastBack && item.status === 'in_progress' && !d.transitions.some((t) => t.at > lastBack.at);
  const owner = item.ownerId ? name(item.ownerId) : `${d.org?.name ?? '本单位'}（班子）`;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Link to={`/ledger?org=${item.orgId}`}>← 返回台账</Link>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="item-number">
              {item.number}
            </Typography.Title>
            <span data-testid="item-status">
              <LedgerStatusTag status={item.status} due={d.dueState} />
            </span>
            {item.repeatedOfId && (
              <Tag color="magenta" data-testid="repeated">
                重复出现
                {d.repeatedOf ? (
                  <>
                    ：
                    <Link to={`/ledger/${d.repeatedOf.id}`}>
                      {d.repeatedOf.year}年 {d.repeatedOf.number}
                    </Link>
                  </>
                ) : (
                  '（与往年已销号问题相近）'
                )}
              </Tag>
            )}
          </Space>
          <Space wrap>
            {can['ledger.start'] && (
              <Button
                loading={busy === 'start'}
                onClick={() => act('start', () => ledger.start(item.id), '已开始整改')}
              >
                开始整改
              </Button>
            )}
            {(can['ledger.edit'] || can['ledger.assign'] || can['ledger.deadline']) && (
              <Button onClick={() => setEditOpen(true)}>修改</Button>
            )}
            {can['ledger.split'] && (
              <Button onClick={() => setSplitOpen(true)} data-testid="split">
                拆分
              </Button>
            )}
            {can['ledger.extend'] && extendable && !pendingExt && (
              <Button
                onClick={() => {
                  setExtDate('');
                  setExtReason('');
                  setExtOpen(true);
                }}
                data-testid="request-extension"
              >
                申请延期
              </Button>
            )}
            {can['ledger.apply'] && (
              <Tooltip title={d.evidence.length ? undefined : '申请销号前须至少上传一份佐证材料'}>
                <Popconfirm
                  title="申请销号"
                  description="确认整改已完成，提交上级审核销号？"
                  okText="提交申请"
                  cancelText="取消"
                  onConfirm={() => act('apply', () => ledger.apply(item.id), '已申请销号，等待上级审核')}
                  disabled={!d.evidence.length}
                >
                  <Button type="primary" disabled={!d.evidence.length} loading={busy === 'apply'} data-testid="apply">
                    申请销号
                  </Button>
                </Popconfirm>
              </Tooltip>
            )}
            {can['ledger.sendBack'] && (
              <Button danger onClick={() => setSendBackOpen(true)} data-testid="send-back">
                退回
              </Button>
            )}
            {can['ledger.close'] && (
              <Popconfirm
                title="审核销号"
                description="已核实佐证材料，确认销号？销号后事项不可再更改。"
                okText="确认销号"
                cancelText="取消"
                okButtonProps={{ 'data-testid': 'confirm-close' } as Record<string, string>}
                onConfirm={() => act('close', () => ledger.close(item.id), '已销号')}
              >
                <Button type="primary" loading={busy === 'close'} data-testid="close">
                  销号
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Space>
      </Card>
      {err && <Alert type="error" showIcon title={err} role="alert" closable onClose={() => setErr(null)} />}
      {item.status === 'closed' && (
        <Alert
          type="success"
          showIcon
          data-testid="closed-banner"
          title={`已于 ${fmt(item.closedAt)} 由 ${name(item.closedBy)} 审核销号。已销号的事项只读，不可更改。`}
        />
      )}
      {item.status === 'awaiting_close' && <Alert type="info" showIcon title="已申请销号，等待上级审核佐证材料。" />}
      {sentBackOpen && lastBack && (
        <Alert
          type="warning"
          showIcon
          data-testid="sent-back-banner"
          title={`${name(lastBack.actorId)} 于 ${fmt(lastBack.at)} 退回：${lastBack.reason ?? ''}`}
          description="请按退回意见继续整改、补充佐证材料后重新申请销号。"
        />
      )}
      {d.dueState === 'overdue' && (
        <Alert
          type="error"
          showIcon
          data-testid="overdue-banner"
          title={`已超过完成时限（${item.deadlineOn}），请尽快整改。`}
        />
      )}
      {pendingExt && (
        <Alert
          type="warning"
          showIcon
          data-testid="extension-pending"
          title={`${name(pendingExt.requestedBy)} 于 ${fmt(pendingExt.requestedAt)} 申请将完成时限由 ${pendingExt.oldDeadlineOn} 延至 ${pendingExt.newDeadlineOn}，等待审批。`}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>理由：{pendingExt.reason}</div>
              {!can['ledger.deadline'] && (
                <div>审批前完成时限不变{d.dueState === 'overdue' ? '，事项仍按超期统计' : ''}。</div>
              )}
            </>
          }
          action={
            can['ledger.deadline'] ? (
              <Space orientation="vertical">
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    setComment('');
                    setDeciding({ ext: pendingExt, decision: 'approve' });
                  }}
                  data-testid="approve-extension"
                >
                  同意
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setComment('');
                    setDeciding({ ext: pendingExt, decision: 'refuse' });
                  }}
                  data-testid="refuse-extension"
                >
                  不同意
                </Button>
              </Space>
            ) : undefined
          }
        />
      )}

      <Card size="small" title="事项信息">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          data-testid="item-fields"
        >
          <Descriptions.Item label="问题编号">{item.number}</Descriptions.Item>
          <Descriptions.Item label="组织 / 年度">
            {d.org?.name ?? '—'} · {item.year}年度
          </Descriptions.Item>
          <Descriptions.Item label="来源" span={2}>
            <SourceLink d={d} />
          </Descriptions.Item>
          <Descriptions.Item label="类别（方面）">{item.aspect ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <LedgerStatusTag status={item.status} due={d.dueState} />
          </Descriptions.Item>
          <Descriptions.Item label="问题描述" span={2}>
            {item.problem}
          </Descriptions.Item>
          <Descriptions.Item label="整改目标 / 标准" span={2}>
            {item.target ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="整改措施" span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{item.measures ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="责任领导">{item.leaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="责任部门">{item.department ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="责任人">{owner}</Descriptions.Item>
          <Descriptions.Item label="完成时限">
            <span data-testid="item-deadline">
              <DeadlineText kind={item.deadlineKind} on={item.deadlineOn} due={d.dueState} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="建立">
            {fmt(item.createdAt)}
            {item.createdBy ? ` · ${name(item.createdBy)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="销号">
            {item.closedAt ? `${fmt(item.closedAt)} · ${name(item.closedBy)}` : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`佐证材料（${d.evidence.length}）`} data-testid="evidence">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.evidence}
              locale={{ emptyText: '尚未上传佐证材料' }}
              columns={[
                {
                  title: '文件',
                  dataIndex: 'fileName',
                  render: (n: string, f) => (
                    <a href={ledger.evidenceUrl(f.id)} download={n} data-testid="evidence-file">
                      {n}
                    </a>
                  ),
                },
                { title: '佐证日期', dataIndex: 'evidenceOn', width: 110, render: (x: string | null) => x ?? '—' },
                { title: '上传人', dataIndex: 'uploadedBy', width: 80, render: (x: string) => name(x) },
                {
                  title: '上传时间',
                  dataIndex: 'createdAt',
                  width: 150,
                  render: (x: string) => dayjs(x).format('YYYY-MM-DD HH:mm'),
                },
                { title: '大小', dataIndex: 'size', width: 80, render: (x: number) => fileSize(x) },
              ]}
            />
            {can['ledger.evidence'] && (
              <Space wrap style={{ marginTop: 12 }}>
                <span>佐证日期</span>
                <DateField aria-label="佐证日期" value={evidenceOn} onChange={setEvidenceOn} style={{ width: 160 }} />
                <Upload
                  showUploadList={false}
                  accept=".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.ofd"
                  beforeUpload={(file) => {
                    void act(
                      'evidence',
                      () => ledger.uploadEvidence(item.id, file, evidenceOn || null),
                      `已上传佐证材料：${file.name}`,
                    );
                    return false;
                  }}
                >
                  <Button loading={busy === 'evidence'} data-testid="upload-evidence">
                    上传佐证材料
                  </Button>
                </Upload>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  支持 {ALLOWED_EVIDENCE_LABEL}，单个文件不超过 {Math.round(DEFAULT_EVIDENCE_LIMITS.maxBytes / 1048576)}{' '}
                  MB；类型按文件内容识别。
                </Typography.Text>
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`整改进展（${d.notes.length}）`} data-testid="notes">
            <List
              size="small"
              dataSource={d.notes}
              locale={{ emptyText: '暂无整改进展' }}
              renderItem={(n) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmt(n.createdAt)} · {name(n.authorId)}
                    </Typography.Text>
                    <span style={{ whiteSpace: 'pre-wrap' }} data-testid="note">
                      {n.body}
                    </span>
                  </Space>
                </List.Item>
              )}
            />
            {can['ledger.note'] && (
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input.TextArea
                  rows={2}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="填写整改进展，如已完成的工作、时间和数据"
                  aria-label="整改进展"
                  maxLength={4000}
                />
                <Button
                  type="primary"
                  ghost
                  disabled={!note.trim()}
                  loading={busy === 'note'}
                  onClick={async () => {
                    if (await act('note', () => ledger.addNote(item.id, note.trim()), '已记录整改进展')) setNote('');
                  }}
                >
                  记录
                </Button>
              </Space.Compact>
            )}
          </Card>
        </Col>
      </Row>

      <Card size="small" title="流转记录" data-testid="transitions">
        {d.transitions.length ? (
          <Timeline
            items={d.transitions.map((t) => ({
              color:
                t.toStatus === 'closed'
                  ? '#52c41a'
                  : t.fromStatus === 'awaiting_close' && t.toStatus === 'in_progress'
                    ? '#cf1322'
                    : '#1677ff',
              content: (
                <span data-testid="transition">
                  {fmt(t.at)} · {name(t.actorId)} · {LEDGER_STATUS_LABELS[t.fromStatus]} →{' '}
                  {LEDGER_STATUS_LABELS[t.toStatus]}{' '}
                  <Tag>
                    {t.toStatus === 'closed'
                      ? '销号'
                      : t.toStatus === 'awaiting_close'
                        ? '申请销号'
                        : t.fromStatus === 'awaiting_close'
                          ? '退回'
                          : '开始整改'}
                  </Tag>
                  {t.reason && <Typography.Text type="danger">理由：{t.reason}</Typography.Text>}
                </span>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无状态变化" />
        )}
        {can['ledger.unmarkRepeated'] && item.repeatedOfId && (
          <Popconfirm
            title="确认不是重复出现的问题？"
            okText="取消标记"
            cancelText="保留"
            onConfirm={() => act('unmark', () => ledger.unmarkRepeated(item.id), '已取消“重复出现”标记')}
          >
            <Button size="small" type="link">
              取消“重复出现”标记
            </Button>
          </Popconfirm>
        )}
      </Card>

      {d.extensions.length > 0 && (
        <Card size="small" title={`延期记录（${d.extensions.length}）`} data-testid="extensions">
          <Timeline
            items={d.extensions.flatMap((x) => [
              {
                color: '#722ed1',
                content: (
                  <span data-testid="extension">
                    {fmt(x.requestedAt)} · {name(x.requestedBy)} · 申请延期：{x.oldDeadlineOn} → {x.newDeadlineOn}{' '}
                    <Tag>{EXTENSION_STATUS_LABELS[x.status]}</Tag>
                    <Typography.Text type="secondary">理由：{x.reason}</Typography.Text>
                  </span>
                ),
              },
              ...(x.decidedAt
                ? [
                    {
                      color: x.status === 'approved' ? '#52c41a' : '#cf1322',
                      content: (
                        <span data-testid="extension">
                          {fmt(x.decidedAt)} · {name(x.decidedBy)} ·{' '}
                          {x.status === 'approved'
                            ? `同意延期：完成时限改为 ${x.newDeadlineOn}`
                            : `不同意延期：完成时限仍为 ${x.oldDeadlineOn}`}
                          {x.comment && (
                            <Typography.Text type={x.status === 'approved' ? 'secondary' : 'danger'}>
                              {' '}
                              意见：{x.comment}
                            </Typography.Text>
                          )}
                        </span>
                      ),
                    },
                  ]
                : []),
            ])}
          />
        </Card>
      )}

      <Modal
        open={extOpen}
        title="申请延期"
        okText="提交申请"
        cancelText="取消"
        okButtonProps={{
          disabled: !extDate || !extReason.trim() || (!!item.deadlineOn && extDate <= item.deadlineOn),
          loading: busy === 'extend',
          ...({ 'data-testid': 'confirm-extension' } as object),
        }}
        onCancel={() => setExtOpen(false)}
        onOk={async () => {
          if (
            await act(
              'extend',
              () => ledger.requestExtension(item.id, extDate, extReason.trim()),
              '已提交延期申请，等待审批',
            )
          )
            setExtOpen(false);
        }}
      >
        <Typography.Paragraph type="secondary">
          完成时限由书记或上级确定。现完成时限为 {item.deadlineOn}；申请经同意后才改变，审批前
          {d.dueState === 'overdue' ? '事项仍按超期统计' : '时限不变'}。
        </Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <span>延期至</span>
            <DateField
              aria-label="延期至"
              value={extDate}
              min={item.deadlineOn ? dayjs(item.deadlineOn).add(1, 'day').format('YYYY-MM-DD') : undefined}
              onChange={setExtDate}
              style={{ width: 180 }}
            />
          </Space>
          {extDate && item.deadlineOn && extDate <= item.deadlineOn && (
            <Typography.Text type="danger">延期后的日期须晚于现完成时限（{item.deadlineOn}）。</Typography.Text>
          )}
          <Input.TextArea
            rows={3}
            value={extReason}
            onChange={(e) => setExtReason(e.target.value)}
            placeholder="延期理由（必填）"
            aria-label="延期理由"
            maxLength={1000}
          />
        </Space>
      </Modal>
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'approve' ? '同意延期' : '不同意延期'}
        okText={deciding?.decision === 'approve' ? '确认同意' : '确认不同意'}
        cancelText="取消"
        okButtonProps={{
          danger: deciding?.decision === 'refuse',
          disabled: deciding?.decision === 'refuse' && !comment.trim(),
          loading: busy === 'decide',
          ...({ 'data-testid': 'confirm-decision-extension' } as object),
        }}
        onCancel={() => setDeciding(null)}
        onOk={async () => {
          if (!deciding) return;
          const { ext, decision } = deciding;
          if (
            await act(
              'decide',
              () => ledger.decideExtension(item.id, ext.id, decision, comment.trim() || null),
              decision === 'approve' ? `已同意延期，完成时限改为 ${ext.newDeadlineOn}` : '已不同意延期，完成时限不变',
            )
          )
            setDeciding(null);
        }}
      >
        {deciding && (
          <Typography.Paragraph>
            {name(deciding.ext.requestedBy)} 申请将完成时限由 {deciding.ext.oldDeadlineOn} 延至{' '}
            {deciding.ext.newDeadlineOn}。理由：{deciding.ext.reason}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={deciding?.decision === 'refuse' ? '审批意见（必填）' : '审批意见（选填）'}
          aria-label="审批意见"
          maxLength={1000}
        />
      </Modal>

      <Modal
        open={sendBackOpen}
        title="退回整改事项"
        okText="确认退回"
        cancelText="取消"
        okButtonProps={{
          danger: true,
          disabled: !reason.trim(),
          loading: busy === 'sendBack',
          ...({ 'data-testid': 'confirm-send-back' } as object),
        }}
        onCancel={() => setSendBackOpen(false)}
        onOk={async () => {
          if (await act('sendBack', () => ledger.sendBack(item.id, reason.trim()), '已退回责任人')) {
            setSendBackOpen(false);
            setReason('');
          }
        }}
      >
        <Typography.Paragraph type="secondary">请说明未整改到位之处，责任人将收到通知。</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="退回理由（必填）"
          aria-label="退回理由"
          maxLength={2000}
        />
      </Modal>
      {splitOpen && <SplitDialog item={item} onClose={() => setSplitOpen(false)} onSaved={refresh} />}
      {editOpen && (
        <EditDialog
          item={item}
          canAssign={!!can['ledger.assign']}
          canEdit={!!can['ledger.edit']}
          canDeadline={!!can['ledger.deadline']}
          ownerName={owner}
          onClose={() => setEditOpen(false)}
          onSaved={refresh}
        />
      )}
    </Space>
  );
}

function EditDialog({
  item,
  canAssign,
  canEdit,
  canDeadline,
  ownerName,
  onClose,
  onSaved,
}: {
  item: LedgerItem;
  canAssign: boolean;
  canEdit: boolean;
  canDeadline: boolean;
  ownerName: string;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LedgerPatchInput>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = usePeople(canAssign);
  const members = useQuery({
    queryKey: ['memberships', item.orgId],
    queryFn: () => orgsApi.memberships(item.orgId),
    retry: false,
    enabled: canAssign,
  });
  const memberIds = new Set((members.data ?? []).map((m) => m.personId));
  const ownerOptions = (people.data ?? [])
    .filter((p) => memberIds.has(p.id) || p.id === item.ownerId)
    .map((p) => ({ value: p.id, label: p.name }));
  // Without the people directory (a member, the 督导组) the current owner still shows by name, not id.
  if (item.ownerId && !ownerOptions.some((o) => o.value === item.ownerId))
    ownerOptions.push({ value: item.ownerId, label: ownerName });
  const kind = Form.useWatch('deadlineKind', form);

  async function submit(v: LedgerPatchInput) {
    setErr(null);
    setBusy(true);
    const t = (s: string | null | undefined) => (s == null ? null : s.trim() || null);
    const patch: LedgerPatchInput = {};
    if (canEdit)
      Object.assign(patch, {
        problem: v.problem?.trim(),
        aspect: t(v.aspect),
        target: t(v.target),
        measures: t(v.measures),
      });
    // The deadline is the setters' (secretary / superior); the owner asks for an extension instead.
    if (
      canDeadline &&
      (v.deadlineKind !== item.deadlineKind || (v.deadlineKind === 'date' && v.deadlineOn !== item.deadlineOn))
    ) {
      Object.assign(patch, {
        deadlineKind: v.deadlineKind,
        deadlineOn: v.deadlineKind === 'date' ? (v.deadlineOn ?? null) : null,
      });
    }
    if (canAssign)
      Object.assign(patch, { leaderName: t(v.leaderName), department: t(v.department), ownerId: v.ownerId ?? null });
    // Send only what changed (an owner edits content; assignment is the secretary's).
    const changed = Object.fromEntries(
      Object.entries(patch).filter(
        ([k, x]) => x !== undefined && x !== (item as unknown as Record<string, unknown>)[k],
      ),
    ) as LedgerPatchInput;
    try {
      if (Object.keys(changed).length) await ledger.update(item.id, changed);
      message.success(Object.keys(changed).length ? '已保存修改' : '没有改动');
      await onSaved();
      onClose();
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`修改 ${item.number}`}
      onCancel={onClose}
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      width={640}
      destroyOnHidden
    >
      {err && <Alert type="error" showIcon title={err} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={item}>
        <Form.Item
          name="problem"
          label="问题描述"
          rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}
        >
          <Input.TextArea rows={2} disabled={!canEdit} />
        </Form.Item>
        <Form.Item name="aspect" label="类别（方面）">
          <Input disabled={!canEdit} maxLength={100} />
        </Form.Item>
        <Form.Item name="target" label="整改目标 / 标准">
          <Input.TextArea rows={1} disabled={!canEdit} />
        </Form.Item>
        <Form.Item name="measures" label="整改措施">
          <Input.TextArea rows={3} disabled={!canEdit} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item
              name="deadlineKind"
              label="完成时限"
              extra={canDeadline ? undefined : '完成时限由书记或上级确定；如需延期，请使用“申请延期”。'}
            >
              <Select
                disabled={!canDeadline}
                options={(['date', 'immediate', 'ongoing'] as const).map((k) => ({
                  value: k,
                  label: DEADLINE_KIND_LABELS[k],
                }))}
              />
            </Form.Item>
          </Col>
          {kind === 'date' && (
            <Col span={14}>
              <Form.Item name="deadlineOn" label="完成日期" rules={[{ required: true, message: '请选择完成日期' }]}>
                <DateField disabled={!canDeadline} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="leaderName" label="责任领导">
              <Input disabled={!canAssign} maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="department" label="责任部门">
              <Input disabled={!canAssign} maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="ownerId"
              label="责任人"
              extra={canAssign ? undefined : `责任人：${ownerName}（由书记指定）`}
            >
              <Select
                allowClear
                disabled={!canAssign}
                showSearch={{ optionFilterProp: 'label' }}
                options={ownerOptions}
                placeholder={ownerName}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 拆分: one measure into several tasks; the item keeps part 1, parts 2… become <number>-2, <number>-3 … */
function SplitDialog({
  item,
  onClose,
  onSaved,
}: {
  item: LedgerItem;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parts: { measures: string; deadlineOn?: string }[] }>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: { parts: { measures: string; deadlineOn?: string }[] }) {
    setErr(null);
    setBusy(true);
    try {
      const made = await ledger.split(
        item.id,
        v.parts.map((p) => ({
          measures: p.measures.trim(),
          ...(p.deadlineOn ? { deadlineKind: 'date', deadlineOn: p.deadlineOn } : {}),
        })),
      );
      message.success(`已拆分为 ${made.length} 项：${made.map((m) => m.number).join('、')}`);
      await onSaved();
      onClose();
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`拆分 ${item.number}`}
      onCancel={onClose}
      okText="拆分"
      cancelText="取消"
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      width={680}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        把一条措施拆分为几项任务，各自填写措施和完成日期（不填则沿用原时限；完成日期不能晚于原时限，需要更多时间请申请延期）。第
        1 项保留原编号，其余编号为“{item.number}-2”“{item.number}-3”…
      </Typography.Paragraph>
      {err && <Alert type="error" showIcon title={err} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ parts: [{ measures: item.measures ?? '' }, { measures: '' }] }}
      >
        <Form.List name="parts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, k) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col flex="auto">
                    <Form.Item
                      name={[f.name, 'measures']}
                      label={`第 ${k + 1} 项措施`}
                      rules={[{ required: true, whitespace: true, message: '请填写措施' }]}
                    >
                      <Input.TextArea rows={2} maxLength={4000} />
                    </Form.Item>
                  </Col>
                  <Col flex="170px">
                    <Form.Item name={[f.name, 'deadlineOn']} label="完成日期">
                      <DateField />
                    </Form.Item>
                  </Col>
                  <Col flex="40px" style={{ paddingTop: 30 }}>
                    {fields.length > 2 && (
                      <Button type="text" danger onClick={() => remove(f.name)} aria-label={`删除第 ${k + 1} 项`}>
                        ×
                      </Button>
                    )}
                  </Col>
                </Row>
              ))}
              {fields.length < 20 && (
                <Button type="dashed" onClick={() => add({ measures: '' })} block>
                  增加一项
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
