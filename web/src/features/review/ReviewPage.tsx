import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ledger as ledgerApi, materials as materialsApi } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { useComments, useFrameworks, useMaterial, useMeeting, usePeopleNames } from '../../api/queries';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { MATERIAL_KIND_LABELS, MATERIAL_STATE_LABELS } from '../../components/labels';
import { findFramework } from '../../../../src/core/frameworks/framework';
import { TextPreview } from '../editor/TextPreview';
import { ChecksPanel, placeLabel } from '../editor/ChecksPanel';
import { VersionsDrawer } from '../editor/VersionsDrawer';
import { toEditorContent } from '../editor/content';
import { useMaterialView } from '../editor/useMaterialView';
import { linePlaces, selectionOffsets } from '../editor/places';
import type { CommentInput, MaterialRecord, CommentThread } from '../../api/types';
import { LedgerStatusTag } from '../ledger/common';
import { MeasureLinks } from '../ledger/MeasureLinks';
import type { MeasureLinkChoice } from '../ledger/links';
import { CommentThreads } from './CommentThreads';
import { wordCount } from '../../../../src/core/text/count';

export default function ReviewPage() {
  const { id } = useParams();
  const q = useMaterial(id);
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {q.data && <Review key={q.data.id} record={q.data} />}
    </QueryState>
  );
}

const NO_COMMENTS: CommentThread[] = [];
const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function Review({ record }: { record: MaterialRecord }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message } = App.useApp();
  const meeting = useMeeting(record.meetingId);
  const fws = useFrameworks();
  const comments = useComments(record.id);
  const name = usePeopleNames();
  const events = useQuery({
    queryKey: ['events', record.id, record.status],
    queryFn: () => materialsApi.events(record.id),
    retry: false,
  });
  const similarity = useQuery({
    queryKey: ['similarity', record.id, record.version],
    queryFn: () => materialsApi.similarity(record.id),
    retry: false,
    staleTime: Infinity,
  });
  const content = useMemo(() => toEditorContent(record.content), [record.content]);
  const fwId = meeting.data?.frameworkId ?? record.content?.framework ?? null;
  const framework = (fwId && (fws.data?.find((f) => f.id === fwId) ?? findFramework(fwId))) || null;
  const view = useMaterialView(content, {
    framework,
    kind: record.kind === 'leadership' ? '班子' : '个人',
    meetingYear: meeting.data?.year,
    comments: comments.data ?? NO_COMMENTS,
    similarity: similarity.data,
    showSavedMarks: true,
  });
  const onMarkClick = view.onMarkClick;
  const simState = useMemo(
    () => ({ data: similarity.data, error: similarity.error, isLoading: similarity.isLoading }),
    [similarity.data, similarity.error, similarity.isLoading],
  );
  const places = useMemo(() => linePlaces(content, view.lines), [content, view.lines]);
  const previewRef = useRef<HTMLDivElement>(null);
  const [form] = Form.useForm<{ place: string; body: string }>();
  const [span, setSpan] = useState<{ start: number; end: number; quote: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [confirm, setConfirm] = useState<null | 'return' | 'approve'>(null);
  const [note, setNote] = useState('');
  // The measure → problem links the items will carry (proposed by the server, corrected here).
  const [links, setLinks] = useState<MeasureLinkChoice[]>([]);

  const reviewable =
    (record.status === 'submitted' || record.status === 'resubmitted') && record.authorId !== me!.person.id;
  const currentComments = (comments.data ?? []).filter((c) => c.version === record.version);
  const earlierComments = (comments.data ?? []).filter((c) => c.version !== record.version).reverse();

  const placeOptions = [
    { value: 'general:', label: '总体意见' },
    { value: 'title:', label: '标题' },
    { value: 'preface:', label: '前言' },
    ...content.problems.map((p, i) => ({
      value: `problems:${i}`,
      label: `存在的问题（${cn[i] ?? i + 1}）${p.heading}`,
    })),
    ...content.causes.map((p, i) => ({ value: `causes:${i}`, label: `原因剖析（${cn[i] ?? i + 1}）${p.heading}` })),
    ...content.measures.map((p, i) => ({ value: `measures:${i}`, label: `整改措施（${cn[i] ?? i + 1}）${p.heading}` })),
    { value: 'closing:', label: '结束语' },
  ];

  function pickSelection() {
    const s = selectionOffsets(previewRef.current);
    if (!s) return;
    const pl = places.find((p) => s.start >= p.start && s.start <= p.end);
    setSpan(s);
    if (pl) form.setFieldValue('place', `${pl.part}:${pl.item ?? ''}`);
  }

  async function addComment(v: { place: string; body: string }) {
    setErr(null);
    const [part, item] = v.place.split(':');
    try {
      await materialsApi.addComment(record.id, {
        // The place selector's values are `${part}:${item}` of the material's places (and general).
        part: part as CommentInput['part'],
        item: item === '' ? null : Number(item),
        start: span?.start ?? null,
        end: span?.end ?? null,
        quote: span?.quote ?? null,
        body: v.body.trim(),
      });
      form.resetFields(['body']);
      setSpan(null);
      await qc.invalidateQueries({ queryKey: ['comments', record.id] });
      message.success('意见已添加');
    } catch (e) {
      setErr(errorMessage(e));
    }
  }

  async function decide(kind: 'return' | 'approve') {
    setBusy(true);
    setErr(null);
    try {
      if (kind === 'return') await materialsApi.returnTo(record.id, note || undefined);
      const approved = kind === 'approve' ? await materialsApi.approve(record.id, note || undefined, links) : null;
      setConfirm(null);
      message.success(kind === 'return' ? '已退回作者修改' : '已审核通过');
      // The server turns the measures into ledger items with the approval (one per measure). Only
      // when that failed there (ledgerItems null) is it asked again here (idempotent).
      if (approved) {
        const made = (approved as { ledgerItems?: number | null }).ledgerItems;
        try {
          const n = typeof made === 'number' ? made : (await ledgerApi.fromMaterial(record.id)).length;
          if (n) message.success(`已生成 ${n} 项整改事项，列入整改台账`);
        } catch (e) {
          setErr(`材料已审核通过，但生成整改台账失败：${errorMessage(e)}（可稍后点击“生成整改台账”重试）`);
        }
        qc.invalidateQueries({ queryKey: ['ledger'] });
        qc.invalidateQueries({ queryKey: ['measure-links', record.id] });
      }
      await qc.invalidateQueries({ queryKey: ['material', record.id] });
      qc.invalidateQueries({ queryKey: ['materials'] });
    } catch (e) {
      setErr(errorMessage(e));
      setConfirm(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" className="no-print">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Link to={`/meetings/${record.meetingId}`}>← 返回会议</Link>
            <Typography.Text strong>
              {name(
                record.authorId,
                meeting.data?.participants.find((p) => p.personId === record.authorId)?.name ?? undefined,
              )}{' '}
              · {(MATERIAL_KIND_LABELS as Record<string, string>)[record.kind] ?? '材料'}
            </Typography.Text>
            <StatusTag status={record.status} />
            <Typography.Text type="secondary">
              第 {record.version} 版
              {record.submittedAt ? ` · ${dayjs(record.submittedAt).format('M月D日 HH:mm')}提交` : ''}
            </Typography.Text>
          </Space>
          <Space wrap>
            <Button onClick={() => setVersionsOpen(true)}>版本比较</Button>
            <Button href={materialsApi.exportUrl(record.id)} download>
              导出 Word
            </Button>
            <Button onClick={() => window.open(`/materials/${record.id}/print`, '_blank')}>打印</Button>
            {record.authorId === me!.person.id && (
              <Button onClick={() => nav(`/materials/${record.id}`)}>编辑视图</Button>
            )}
            {reviewable && (
              <Button
                danger
                onClick={() => setConfirm('return')}
                disabled={!currentComments.length}
                title={currentComments.length ? undefined : '退回前请至少填写一条修改意见'}
                data-testid="return"
              >
                退回修改
              </Button>
            )}
            {reviewable && (
              <Button type="primary" onClick={() => setConfirm('approve')} data-testid="approve">
                审核通过
              </Button>
            )}
          </Space>
        </Space>
      </Card>
      {err && <Alert type="error" showIcon title={err} role="alert" closable onClose={() => setErr(null)} />}
      {!reviewable && record.status !== 'approved' && record.authorId !== me!.person.id && (
        <Alert
          type="info"
          showIcon
          title={`材料当前为“${(MATERIAL_STATE_LABELS as Record<string, string>)[record.status] ?? record.status}”，${record.status === 'returned' ? '等待作者修改后重新提交' : '作者提交后可审核'}。`}
        />
      )}
      {record.status === 'approved' && <Alert type="success" showIcon title="材料已审核通过。" />}
      {record.status === 'approved' && <MaterialLedger record={record} />}
      {record.status !== 'approved' && (record.content?.measures?.length ?? 0) > 0 && (
        <Card size="small" className="no-print">
          <MeasureLinks materialId={record.id} editable={reviewable} onChange={setLinks} />
        </Card>
      )}
      <div className="split">
        <div className="sticky" onMouseUp={reviewable ? pickSelection : undefined} ref={previewRef}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            全文（{view.textReady ? `${wordCount(view.text)} 字` : '正在统计字数…'}）
            {reviewable ? ' · 选中文字可针对该处提意见' : ''}
          </Typography.Text>
          <TextPreview lines={view.lines} marks={view.marks} onMarkClick={onMarkClick} />
        </div>
        <div>
          {reviewable && (
            <Card size="small" title="提修改意见" style={{ marginBottom: 12 }} data-testid="comment-form">
              <Form form={form} layout="vertical" onFinish={addComment} initialValues={{ place: 'general:' }}>
                <Form.Item name="place" label="针对" rules={[{ required: true }]}>
                  <Select
                    options={placeOptions}
                    aria-label="意见针对的部分"
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                </Form.Item>
                {span && (
                  <Alert
                    style={{ marginBottom: 12 }}
                    type="info"
                    title={
                      <span>针对所选文字：“{span.quote.length > 60 ? span.quote.slice(0, 60) + '…' : span.quote}”</span>
                    }
                    closable
                    onClose={() => setSpan(null)}
                  />
                )}
                <Form.Item
                  name="body"
                  label="意见"
                  rules={[{ required: true, whitespace: true, message: '请填写意见' }]}
                >
                  <Input.TextArea
                    rows={3}
                    placeholder="例如：问题查摆不够具体，请补充具体事例（时间、事件、数据）。"
                    aria-label="意见内容"
                  />
                </Form.Item>
                <Button htmlType="submit" type="primary" ghost>
                  添加意见
                </Button>
              </Form>
            </Card>
          )}
          <Card
            size="small"
            title={`本轮意见（${currentComments.length}）`}
            extra={
              currentComments.length ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="handled-count">
                  作者已处理 {currentComments.filter((c) => c.resolvedAt).length} / {currentComments.length}
                </Typography.Text>
              ) : null
            }
            style={{ marginBottom: 12 }}
          >
            <CommentThreads
              materialId={record.id}
              comments={currentComments}
              canRespond={false}
              currentVersion={record.version}
            />
          </Card>
          {earlierComments.length > 0 && (
            <Card
              size="small"
              title={`此前各版的意见与作者答复（${earlierComments.length}）`}
              style={{ marginBottom: 12 }}
              data-testid="earlier-comments"
            >
              <CommentThreads
                materialId={record.id}
                comments={earlierComments}
                canRespond={false}
                currentVersion={record.version}
              />
            </Card>
          )}
          <Card size="small" title="审核记录">
            <QueryState error={events.error} empty={!(events.data ?? []).length} emptyText="暂无记录">
              <List
                size="small"
                dataSource={events.data ?? []}
                renderItem={(e) => (
                  <List.Item>
                    {dayjs(e.at).format('M月D日 HH:mm')} · {name(e.actorId, e.actorName)} ·{' '}
                    <Tag>
                      {{ submit: '提交', return: '退回', approve: '通过', withdraw: '撤回' }[e.action] ?? e.action}
                    </Tag>
                    第{e.version}版{e.note ? `：${e.note}` : ''}
                  </List.Item>
                )}
              />
            </QueryState>
          </Card>
        </div>
        <div className="sticky checks-col no-print">
          <Card size="small">
            <ChecksPanel
              findings={view.findings}
              pending={view.checks.pending}
              stale={view.stale}
              engine={view.checks.result?.engine}
              similarity={simState}
              comments={comments.data ?? NO_COMMENTS}
              activeId={view.activeId}
              onSelect={view.select}
            />
          </Card>
        </div>
      </div>
      <VersionsDrawer
        id={record.id}
        open={versionsOpen}
        onClose={() => setVersionsOpen(false)}
        current={record.version}
      />
      <Modal
        open={!!confirm}
        title={confirm === 'return' ? `退回修改（${currentComments.length} 条意见将告知作者）` : '审核通过'}
        okText={confirm === 'return' ? '确认退回' : '确认通过'}
        okButtonProps={{ danger: confirm === 'return', loading: busy, ...{ 'data-testid': 'confirm-decision' } }}
        cancelText="取消"
        onOk={() => confirm && decide(confirm)}
        onCancel={() => setConfirm(null)}
      >
        <Input.TextArea
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="备注（可选）"
          aria-label="备注"
        />
        {confirm === 'approve' && links.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            通过后，{links.length} 条整改措施将按“整改措施与问题的对应”生成整改事项。
          </Typography.Paragraph>
        )}
        {confirm === 'approve' && view.findings.some((f) => f.severity === 'error') && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title="自动检查仍有“问题”级别的提示，请确认已人工判断。"
          />
        )}
      </Modal>
    </Space>
  );
}

/** The ledger items made from this material's measures, and the button that makes the missing ones. */
function MaterialLedger({ record }: { record: MaterialRecord }) {
  const { me } = useSession();
  // Who may make items (the server decides; this only hides a button that would be refused): the
  // organization's secretary, reviewers and administrators above it.
  const mayCreate = me!.memberships.some(
    (m) => (m.orgId === record.orgId && m.role === 'secretary') || m.role === 'reviewer' || m.role === 'admin',
  );
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const ownerId = record.kind === 'leadership' ? undefined : record.authorId;
  const q = useQuery({
    queryKey: ['ledger', 'from-material', record.id],
    queryFn: async () =>
      (await ledgerApi.items({ meetingId: record.meetingId, ownerId, limit: 500 })).items.filter(
        (i) => i.sourceRef?.kind === 'measure' && i.sourceRef.materialId === record.id,
      ),
    retry: false,
  });
  const measures = record.content?.measures?.length ?? 0;
  const items = q.data ?? [];
  const [links, setLinks] = useState<MeasureLinkChoice[]>([]);
  async function generate() {
    setBusy(true);
    setErr(null);
    try {
      const made = await ledgerApi.fromMaterial(record.id, links);
      message.success(made.length ? `已生成 ${made.length} 项整改事项` : '整改措施均已列入台账');
      await qc.invalidateQueries({ queryKey: ['ledger'] });
      await qc.invalidateQueries({ queryKey: ['measure-links', record.id] });
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card
      size="small"
      className="no-print"
      title={`整改台账（${items.length} 项）`}
      data-testid="material-ledger"
      extra={
        mayCreate && ((!q.isLoading && items.length < measures) || q.error) ? (
          <Button type="primary" size="small" loading={busy} onClick={generate} data-testid="make-ledger">
            生成整改台账
          </Button>
        ) : (
          <Link to={`/ledger?org=${record.orgId}`}>打开整改台账</Link>
        )
      }
    >
      {err && <Alert type="error" showIcon title={err} role="alert" style={{ marginBottom: 8 }} />}
      {mayCreate && !q.isLoading && items.length < measures && (
        <div style={{ marginBottom: 12 }}>
          <MeasureLinks materialId={record.id} editable onChange={setLinks} />
        </div>
      )}
      <QueryState
        loading={q.isLoading}
        error={q.error}
        empty={!items.length}
        emptyText={measures ? `本材料有 ${measures} 条整改措施，尚未列入整改台账` : '本材料没有整改措施'}
      >
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item data-testid="material-ledger-item">
              <Space wrap>
                <Link to={`/ledger/${i.id}`}>{i.number}</Link>
                <span>
                  {i.aspect ? `【${i.aspect}】` : ''}
                  {i.problem.length > 60 ? `${i.problem.slice(0, 60)}…` : i.problem}
                </span>
                <LedgerStatusTag status={i.status} due={i.dueState} />
              </Space>
            </List.Item>
          )}
        />
      </QueryState>
    </Card>
  );
}
