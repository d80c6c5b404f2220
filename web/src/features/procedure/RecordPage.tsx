/**
 * 会议记录 — the recorder's live page (laptop or tablet): attendance with the 2/3 quorum, the
 * agenda, speeches in order (each linked to its material), the criticisms each speaker received
 * and from whom, the supervisors' comments and the secretary's summary. Every change is saved as
 * it is made. After the meeting, criticisms, opinions and comments become ledger items.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Input,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { useMaterials } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { procedure } from './api';
import {
  ProcedureFrame,
  SaveIndicator,
  isCore,
  rolesLabel,
  useMeetingRights,
  useProcedureMeeting,
  useSaver,
} from './common';
import { LedgerDraftsButton } from './LedgerDrafts';
import { ArchiveFileButtons } from './ArchiveDownload';
import type { AttendanceEntry, AttendanceStatus, Criticism, RecordAgendaItem, RecordView, Speech } from './types';
import { ATTENDANCE_LABELS } from '../../../../src/core/meeting/attendance';
import { RECORD_STATUSES, RECORD_STATUS_LABELS, type RecordStatus } from '../../../../src/core/meeting/record';
import './procedure.css';

const STATUS_OPTIONS = (['present', 'leave', 'absent'] as const satisfies readonly AttendanceStatus[]).map((value) => ({
  value,
  label: ATTENDANCE_LABELS[value],
}));
const RECORD_STATUS = RECORD_STATUSES.map((value) => ({ value, label: RECORD_STATUS_LABELS[value] }));

export default function RecordPage() {
  const { id, meeting, query: mq } = useProcedureMeeting();
  const rights = useMeetingRights(meeting);
  const q = useQuery({ queryKey: ['record', id], queryFn: () => procedure.record(id) });
  const data = q.data;
  return (
    <ProcedureFrame
      meeting={meeting}
      title="会议记录"
      extra={data && <ArchiveFileButtons meetingId={id} part="record" />}
    >
      <QueryState loading={q.isLoading || mq.isLoading} error={q.error ?? mq.error} retry={() => q.refetch()}>
        {data && (
          <RecordBody
            id={id}
            data={data}
            canWrite={rights.writeRecord}
            orgId={meeting?.orgId ?? ''}
            year={meeting?.year ?? data.meeting.year}
            canDraft={rights.secretary || rights.reviewer}
          />
        )}
      </QueryState>
    </ProcedureFrame>
  );
}

function RecordBody({
  id,
  data,
  canWrite,
  orgId,
  year,
  canDraft,
}: {
  id: string;
  data: RecordView;
  canWrite: boolean;
  orgId: string;
  year: number;
  canDraft: boolean;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const saver = useSaver();
  const people = data.people;
  const name = (pid: string | null | undefined) =>
    pid ? (people.find((p) => p.id === pid)?.name ?? '（已移出）') : '其他同志';
  const refresh = () => qc.invalidateQueries({ queryKey: ['record', id] });
  const patchCache = (fn: (d: RecordView) => RecordView) =>
    qc.setQueryData<RecordView>(['record', id], (d) => (d ? fn(d) : d));
  const save = async (fn: () => Promise<unknown>, after?: () => unknown) => {
    try {
      await saver.run(fn);
      await (after ? after() : refresh());
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const rec = data.record;
  const status = rec?.status ?? 'draft';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={16} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <span>召开日期</span>
            <DatePicker
              aria-label="召开日期"
              disabled={!canWrite}
              value={(rec?.heldOn ?? data.meeting.heldOn) ? dayjs(rec?.heldOn ?? data.meeting.heldOn) : null}
              onChange={(d) => save(() => procedure.saveRecord(id, { heldOn: d ? d.format('YYYY-MM-DD') : null }))}
            />
            <span>地点</span>
            <Input
              aria-label="会议地点"
              disabled={!canWrite}
              style={{ width: 200 }}
              defaultValue={rec?.location ?? data.meeting.location ?? ''}
              onChange={(e) => {
                const v = e.target.value;
                saver.debounce('location', () => procedure.saveRecord(id, { location: v || null }));
              }}
            />
            <Segmented
              aria-label="会议状态"
              disabled={!canWrite}
              value={status}
              options={RECORD_STATUS}
              onChange={(v) => {
                const now = new Date().toISOString();
                const extra =
                  v === 'in_progress' && !rec?.startedAt
                    ? { startedAt: now }
                    : v === 'finished' && !rec?.endedAt
                      ? { endedAt: now }
                      : {};
                void save(() => procedure.saveRecord(id, { status: v as RecordStatus, ...extra }));
              }}
            />
          </Space>
          <Space>
            {rec?.startedAt && (
              <Typography.Text type="secondary">
                开始 {dayjs(rec.startedAt).format('HH:mm')}
                {rec.endedAt ? `，结束 ${dayjs(rec.endedAt).format('HH:mm')}` : ''}
              </Typography.Text>
            )}
            <SaveIndicator state={saver.state} />
          </Space>
        </Space>
        {!canWrite && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title="您可以查看会议记录；由记录人或书记填写。" />
        )}
      </Card>

      <div
        className="record-grid"
        style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 7fr)', gap: 16, alignItems: 'start' }}
      >
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <AttendanceCard id={id} data={data} canWrite={canWrite} save={save} saver={saver} patchCache={patchCache} />
          <AgendaCard id={id} data={data} canWrite={canWrite} save={save} name={name} />
        </Space>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <SpeechesCard id={id} data={data} canWrite={canWrite} save={save} saver={saver} name={name} />
          <CommentsCard id={id} data={data} canWrite={canWrite} save={save} name={name} />
          <Card title="书记总结讲话">
            <Input.TextArea
              aria-label="书记总结"
              data-testid="summary"
              disabled={!canWrite}
              autoSize={{ minRows: 4, maxRows: 16 }}
              placeholder="记录书记总结讲话的要点"
              defaultValue={rec?.summary ?? ''}
              onChange={(e) => {
                const v = e.target.value;
                saver.debounce('summary', () => procedure.saveRecord(id, { summary: v || null }));
              }}
            />
          </Card>
          <Card title="会后：转入整改台账" data-testid="after-meeting">
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              会上收到的批评意见、会前征求到的意见和督导组点评，可逐条转为整改事项，由本人（或班子）认领整改、挂账销号。
            </Typography.Paragraph>
            {canDraft ? (
              <LedgerDraftsButton
                meetingId={id}
                orgId={orgId}
                year={year}
                heldOn={rec?.heldOn ?? data.meeting.heldOn}
              />
            ) : (
              <Typography.Text type="secondary">由书记生成整改事项。</Typography.Text>
            )}
            <Space style={{ marginTop: 12 }}>
              <Link to={`/meetings/${id}/report`}>生成会议情况报告 →</Link>
            </Space>
          </Card>
        </Space>
      </div>
    </Space>
  );
}

type Save = (fn: () => Promise<unknown>, after?: () => unknown) => Promise<boolean>;
type Saver = ReturnType<typeof useSaver>;

function AttendanceCard({
  id,
  data,
  canWrite,
  save,
  saver,
  patchCache,
}: {
  id: string;
  data: RecordView;
  canWrite: boolean;
  save: Save;
  saver: Saver;
  patchCache: (fn: (d: RecordView) => RecordView) => void;
}) {
  const byPerson = new Map(data.attendance.map((a) => [a.personId, a]));
  const q = data.quorum;
  const core = data.people.filter((p) => isCore(p.roles));
  const others = data.people.filter((p) => !isCore(p.roles));
  const put = (entries: AttendanceEntry[]) =>
    save(async () => {
      const quorum = await procedure.setAttendance(id, entries);
      patchCache((d) => {
        const m = new Map(d.attendance.map((a) => [a.personId, a]));
        for (const e of entries) m.set(e.personId, e);
        return { ...d, quorum, attendance: [...m.values()] };
      });
    }); // then refetched: the proposed agenda follows who is present
  return (
    <Card
      title="出席情况"
      className={q.met ? undefined : 'quorum-fail'}
      extra={
        canWrite && (
          <Button
            size="small"
            onClick={() =>
              put(
                data.people.filter((p) => isCore(p.roles)).map((p) => ({ personId: p.id, status: 'present' as const })),
              )
            }
          >
            全部出席
          </Button>
        )
      }
      data-testid="attendance"
    >
      <div data-testid="quorum" data-met={q.met ? '1' : '0'} style={{ marginBottom: 12 }}>
        {q.met ? (
          <Alert
            type="success"
            showIcon
            title={`应到${q.expected}人，实到${q.present}人，达到三分之二（至少${q.needed}人），会议可以召开。`}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            title="未达到法定人数"
            description={q.problems.join(' ') || `应到${q.expected}人，实到${q.present}人，须至少${q.needed}人到会。`}
          />
        )}
        {q.warnings.length > 0 && (
          <Alert style={{ marginTop: 8 }} type="warning" showIcon title={q.warnings.join(' ')} />
        )}
      </div>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={core}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '角色', dataIndex: 'roles', render: (r: string[]) => rolesLabel(r, data.meeting.kind), width: 110 },
          {
            title: '出席',
            render: (_: unknown, p) => {
              const a = byPerson.get(p.id);
              return (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Radio.Group
                    aria-label={`${p.name}的出席情况`}
                    data-testid={`att-${p.name}`}
                    disabled={!canWrite}
                    optionType="button"
                    buttonStyle="solid"
                    size="small"
                    value={a?.status}
                    options={STATUS_OPTIONS}
                    onChange={(e) => put([{ personId: p.id, status: e.target.value, reason: a?.reason ?? null }])}
                  />
                  {a && a.status !== 'present' && (
                    <Input
                      size="small"
                      aria-label={`${p.name}的${a.status === 'leave' ? '请假事由' : '缺席原因'}`}
                      placeholder={a.status === 'leave' ? '请假事由' : '缺席原因'}
                      disabled={!canWrite}
                      defaultValue={a.reason ?? ''}
                      onChange={(e) => {
                        const reason = e.target.value;
                        saver.debounce(`reason-${p.id}`, async () => {
                          const quorum = await procedure.setAttendance(id, [
                            { personId: p.id, status: a.status, reason: reason || null },
                          ]);
                          patchCache((d) => ({
                            ...d,
                            quorum,
                            attendance: d.attendance.map((x) => (x.personId === p.id ? { ...x, reason } : x)),
                          }));
                        });
                      }}
                    />
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {others.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          列席（不计入应到人数）：{others.map((p) => `${p.name}（${rolesLabel(p.roles)}）`).join('、')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function AgendaCard({
  id,
  data,
  canWrite,
  save,
  name,
}: {
  id: string;
  data: RecordView;
  canWrite: boolean;
  save: Save;
  name: (id: string | null) => string;
}) {
  const items = data.agenda.items;
  const toggle = (seq: number, done: boolean) =>
    save(() => procedure.saveRecord(id, { agenda: items.map((it) => (it.seq === seq ? { ...it, done } : it)) }));
  return (
    <Card
      title="会议议程"
      data-testid="agenda"
      extra={
        canWrite && (
          <Popconfirm
            title="按当前出席情况重新生成议程？已勾选的进度将清除。"
            okText="生成"
            cancelText="取消"
            onConfirm={() => save(() => procedure.defaultAgenda(id))}
          >
            <Button size="small">{data.agendaStored ? '重新生成' : '按出席情况生成'}</Button>
          </Popconfirm>
        )
      }
    >
      {!data.agendaStored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title="这是按参会人员自动排出的议程，生成后可逐项勾选进度。"
        />
      )}
      {data.agenda.problems.map((p) => (
        <Alert key={p} type="warning" showIcon style={{ marginBottom: 8 }} title={p} />
      ))}
      <ol style={{ paddingLeft: 20, margin: 0 }}>
        {items.map((it: RecordAgendaItem) => (
          <li key={it.seq} style={{ marginBottom: 6 }}>
            <Checkbox
              disabled={!canWrite || !data.agendaStored}
              checked={!!it.done}
              onChange={(e) => toggle(it.seq, e.target.checked)}
            >
              <span className={it.done ? 'agenda-done' : undefined}>{it.title}</span>
            </Checkbox>
            {it.kind === 'speech' && it.subject === 'self' && it.critics && it.critics.length > 0 && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  批评顺序：{it.critics.map((c) => name(c)).join(' → ')}
                </Typography.Text>
              </div>
            )}
          </li>
        ))}
      </ol>
      {data.agenda.skipped.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          未出席、不安排发言：{data.agenda.skipped.map((x) => name(x)).join('、')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function SpeechesCard({
  id,
  data,
  canWrite,
  save,
  saver,
  name,
}: {
  id: string;
  data: RecordView;
  canWrite: boolean;
  save: Save;
  saver: Saver;
  name: (id: string | null) => string;
}) {
  const mats = useMaterials({ meetingId: id });
  const present = new Set(data.quorum.presentIds);
  const spoken = new Set(data.speeches.map((s) => s.speakerId));
  const speakers = data.people.filter((p) => isCore(p.roles));
  // The next speaker by the agenda: the first personal speech without a record yet.
  const agendaOrder = data.agenda.items
    .filter((i) => i.kind === 'speech' && i.subject === 'self' && i.personId)
    .map((i) => i.personId!);
  const next =
    agendaOrder.find((pid) => !spoken.has(pid)) ?? speakers.find((p) => present.has(p.id) && !spoken.has(p.id))?.id;
  const [speaker, setSpeaker] = useState<string | undefined>(next);
  useEffect(() => setSpeaker(next), [next]);
  const sorted = [...data.speeches].sort((a, b) => a.seq - b.seq);
  return (
    <Card
      title={`发言与相互批评（${sorted.length}人已发言，批评意见${data.criticisms.length}条）`}
      data-testid="speeches"
    >
      {canWrite && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label="发言人"
            data-testid="speaker-select"
            style={{ width: 200 }}
            placeholder="选择发言人"
            value={speaker}
            onChange={setSpeaker}
            options={speakers.map((p) => ({
              value: p.id,
              label: `${p.name}${spoken.has(p.id) ? '（已发言）' : present.has(p.id) ? '' : '（未出席）'}`,
            }))}
          />
          <Button
            type="primary"
            data-testid="add-speech"
            disabled={!speaker}
            onClick={() => {
              const own = (mats.data ?? []).find((m) => m.authorId === speaker && m.kind !== 'leadership');
              void save(() => procedure.addSpeech(id, { speakerId: speaker!, materialId: own?.id ?? null }));
            }}
          >
            记录发言
          </Button>
        </Space>
      )}
      {sorted.length === 0 && (
        <Empty description="尚未记录发言。会议开始后，按议程逐人记录发言和其他同志的批评意见。" />
      )}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {sorted.map((s) => (
          <SpeechBlock
            key={s.id}
            id={id}
            s={s}
            data={data}
            canWrite={canWrite}
            save={save}
            saver={saver}
            name={name}
            materials={(mats.data ?? []).filter((m) => m.authorId === s.speakerId || m.kind === 'leadership')}
          />
        ))}
      </Space>
    </Card>
  );
}

function SpeechBlock({
  id,
  s,
  data,
  canWrite,
  save,
  saver,
  name,
  materials,
}: {
  id: string;
  s: Speech;
  data: RecordView;
  canWrite: boolean;
  save: Save;
  saver: Saver;
  name: (id: string | null) => string;
  materials: { id: string; title: string; kind: string }[];
}) {
  const received = data.criticisms.filter((c) => c.targetPersonId === s.speakerId);
  const cov = data.criticismCoverage.find((c) => c.speakerId === s.speakerId);
  const present = new Set(data.quorum.presentIds);
  const critics = data.people.filter((p) => p.id !== s.speakerId && isCore(p.roles) && present.has(p.id));
  const firstMissing = cov?.missing[0];
  const [critic, setCritic] = useState<string | null | undefined>(firstMissing);
  useEffect(() => setCritic(firstMissing), [firstMissing]);
  const [body, setBody] = useState('');
  const speakerName = name(s.speakerId);
  const add = async () => {
    if (!body.trim()) return;
    if (
      await save(() =>
        procedure.addCriticism(id, {
          speechId: s.id,
          targetPersonId: s.speakerId,
          criticId: critic ?? null,
          body: body.trim(),
        }),
      )
    )
      setBody('');
  };
  return (
    <Card
      size="small"
      className="speech-card"
      data-testid={`speech-${speakerName}`}
      title={
        <span>
          第{s.seq}位　{speakerName}
        </span>
      }
      extra={
        canWrite && (
          <Popconfirm
            title={`删除${speakerName}的发言记录（连同其收到的批评意见不受影响）？`}
            okText="删除"
            cancelText="取消"
            onConfirm={() => save(() => procedure.deleteSpeech(s.id))}
          >
            <Button size="small" type="text" danger>
              删除
            </Button>
          </Popconfirm>
        )
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap>
          <span>对照检查材料：</span>
          {canWrite ? (
            <Select
              aria-label={`${speakerName}的发言材料`}
              size="small"
              style={{ minWidth: 260 }}
              allowClear
              placeholder={materials.length ? '选择所依据的材料' : '无可链接的材料'}
              value={s.materialId ?? undefined}
              options={materials.map((m) => ({
                value: m.id,
                label: `${m.kind === 'leadership' ? '【班子】' : ''}${m.title || '对照检查材料'}`,
              }))}
              onChange={(v) => save(() => procedure.updateSpeech(s.id, { materialId: v ?? null }))}
            />
          ) : null}
          {s.materialId && <Link to={`/materials/${s.materialId}/review`}>查看材料</Link>}
          {!s.materialId && !canWrite && <Typography.Text type="secondary">未链接</Typography.Text>}
        </Space>
        <Input.TextArea
          aria-label={`${speakerName}的发言要点`}
          disabled={!canWrite}
          autoSize={{ minRows: 1, maxRows: 8 }}
          placeholder="发言要点（自我批评）"
          defaultValue={s.notes ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            saver.debounce(`speech-${s.id}`, () => procedure.updateSpeech(s.id, { notes: v || null }));
          }}
        />
        <div>
          <Typography.Text strong>收到的批评意见（{received.length}条）</Typography.Text>
          {cov && cov.missing.length > 0 && (
            <Tag color="warning" style={{ marginLeft: 8 }}>
              尚未提出批评：{cov.missing.map((x) => name(x)).join('、')}
            </Tag>
          )}
          {cov && cov.expected.length > 0 && cov.missing.length === 0 && (
            <Tag color="success" style={{ marginLeft: 8 }}>
              其他同志已逐一提出批评
            </Tag>
          )}
          {received.map((c: Criticism) => (
            <div key={c.id} className="criticism" data-testid="criticism">
              <Typography.Text type="secondary">{name(c.criticId)}：</Typography.Text>
              {c.body}
              {canWrite && (
                <Popconfirm
                  title="删除这条批评意见？"
                  okText="删除"
                  cancelText="取消"
                  onConfirm={() => save(() => procedure.deleteCriticism(c.id))}
                >
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              )}
            </div>
          ))}
        </div>
        {canWrite && (
          <Space.Compact style={{ width: '100%' }}>
            <Select
              aria-label={`对${speakerName}提出批评的人`}
              style={{ width: 140 }}
              value={critic === undefined ? undefined : (critic ?? '__others')}
              placeholder="批评人"
              onChange={(v) => setCritic(v === '__others' ? null : v)}
              options={[
                ...critics.map((p) => ({ value: p.id, label: p.name })),
                { value: '__others', label: '其他同志' },
              ]}
            />
            <Input
              aria-label={`对${speakerName}的批评意见`}
              placeholder={`对${speakerName}的批评意见（回车添加）`}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              onPressEnter={add}
            />
            <Button type="primary" onClick={add} disabled={!body.trim() || critic === undefined}>
              添加
            </Button>
          </Space.Compact>
        )}
      </Space>
    </Card>
  );
}

function CommentsCard({
  id,
  data,
  canWrite,
  save,
  name,
}: {
  id: string;
  data: RecordView;
  canWrite: boolean;
  save: Save;
  name: (id: string | null) => string;
}) {
  const supervisors = data.people.filter((p) => p.roles.includes('supervisor'));
  const [author, setAuthor] = useState<string | undefined>(supervisors[0]?.id);
  const [target, setTarget] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const comments = data.comments.filter((c) => c.kind === 'supervisor');
  const targets = useMemo(
    () => [
      { value: '', label: '班子（整体）' },
      ...data.people.filter((p) => isCore(p.roles)).map((p) => ({ value: p.id, label: p.name })),
    ],
    [data.people],
  );
  return (
    <Card title="督导组点评" data-testid="comments">
      {comments.length === 0 && <Typography.Paragraph type="secondary">尚未记录点评。</Typography.Paragraph>}
      {comments.map((c) => (
        <div key={c.id} className="criticism">
          <Typography.Text type="secondary">
            {name(c.authorId)}
            {c.targetPersonId ? `（对${name(c.targetPersonId)}）` : ''}：
          </Typography.Text>
          {c.body}
          {canWrite && (
            <Popconfirm
              title="删除这条点评？"
              okText="删除"
              cancelText="取消"
              onConfirm={() => save(() => procedure.deleteComment(c.id))}
            >
              <Button size="small" type="link" danger>
                删除
              </Button>
            </Popconfirm>
          )}
        </div>
      ))}
      {canWrite && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Space wrap>
            <Select
              aria-label="点评人"
              style={{ width: 160 }}
              value={author}
              onChange={setAuthor}
              placeholder="点评人"
              options={supervisors.map((p) => ({ value: p.id, label: p.name }))}
              notFoundContent="本次会议未设督导组成员"
              allowClear
            />
            <Select
              aria-label="点评对象"
              style={{ width: 160 }}
              value={target ?? ''}
              onChange={(v) => setTarget(v || null)}
              options={targets}
            />
          </Space>
          <Input.TextArea
            aria-label="点评内容"
            autoSize={{ minRows: 2, maxRows: 8 }}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="记录督导组的点评意见"
          />
          <Button
            disabled={!body.trim()}
            onClick={async () => {
              if (
                await save(() =>
                  procedure.addComment(id, {
                    kind: 'supervisor',
                    body: body.trim(),
                    authorId: author ?? null,
                    targetPersonId: target,
                  }),
                )
              )
                setBody('');
            }}
          >
            添加点评
          </Button>
        </Space>
      )}
    </Card>
  );
}
