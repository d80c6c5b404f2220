/**
 * 谈心谈话 — the records of who talked with whom, when and about what, and the coverage of the
 * required pairs (computed by the server from the participants and their roles), with the pairs
 * still missing highlighted. A party to a talk records it; the secretary may record any.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import Chart from '../../components/Chart';
import { QueryState } from '../../components/QueryState';
import { procedure } from './api';
import { ProcedureFrame, rolesLabel, todayIso, useMeetingRights, useProcedureMeeting } from './common';
import type { Talk, TalkCoverage, TalkRuleSet } from './types';
import { ArchiveFileButtons } from './ArchiveDownload';
import { TALK_RULE_SET_LABELS, TALK_RULE_SET_NAMES } from '../../../../src/core/meeting/talks';
import './procedure.css';

const RULE_SETS: { value: TalkRuleSet | 'default'; label: string }[] = [
  { value: 'default', label: '按会议类型' },
  ...TALK_RULE_SET_NAMES.map((value) => ({ value, label: TALK_RULE_SET_LABELS[value] })),
];

interface Editing {
  talk?: Talk;
  personAId?: string;
  personBId?: string;
}

export default function TalksPage() {
  const { id, meeting } = useProcedureMeeting();
  const rights = useMeetingRights(meeting);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [rules, setRules] = useState<TalkRuleSet | 'default'>('default');
  const cov = useQuery({
    queryKey: ['talk-coverage', id, rules],
    queryFn: () => procedure.talkCoverage(id, rules === 'default' ? undefined : rules),
    placeholderData: (p) => p,
  });
  const talks = useQuery({ queryKey: ['talks', id], queryFn: () => procedure.talks(id) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const c = cov.data;
  const names = useMemo(() => new Map((c?.people ?? []).map((p) => [p.id, p.name])), [c]);
  const name = (pid: string) => names.get(pid) ?? '（非参会人员）';
  const mayEdit = (t: { personAId: string; personBId: string; recordedBy?: string }) =>
    rights.secretary || [t.personAId, t.personBId, t.recordedBy].includes(rights.myId);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['talks', id] }),
      qc.invalidateQueries({ queryKey: ['talk-coverage', id] }),
    ]);

  return (
    <ProcedureFrame
      meeting={meeting}
      title="谈心谈话"
      extra={
        <Space wrap>
          {talks.isSuccess && <ArchiveFileButtons meetingId={id} part="talks" />}
          {(rights.participant || rights.secretary) && (
            <Button
              type="primary"
              onClick={() => setEditing({ personAId: rights.secretary ? undefined : rights.myId })}
              data-testid="add-talk"
            >
              登记谈话
            </Button>
          )}
        </Space>
      }
    >
      <QueryState loading={cov.isLoading} error={cov.error} retry={() => cov.refetch()}>
        {c && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title="应谈对象覆盖情况"
              data-testid="coverage"
              extra={
                <Segmented
                  size="small"
                  value={rules}
                  onChange={(v) => setRules(v as TalkRuleSet | 'default')}
                  options={RULE_SETS}
                />
              }
            >
              <Row gutter={[16, 16]} align="middle">
                <Col xs={24} md={6} style={{ textAlign: 'center' }}>
                  <Progress
                    type="circle"
                    percent={Math.round(c.ratio * 100)}
                    status={c.done >= c.required ? 'success' : 'active'}
                    format={() => `${c.done}/${c.required}`}
                  />
                  <div style={{ marginTop: 8 }}>
                    {c.done >= c.required ? (
                      <Tag color="success">应谈尽谈</Tag>
                    ) : (
                      <Tag color="error">还差{c.required - c.done}对</Tag>
                    )}
                  </div>
                </Col>
                <Col xs={24} md={6}>
                  <Space orientation="vertical">
                    <Statistic title="谈话次数" value={c.talkCount} suffix="次" />
                    <Statistic title="人次" value={c.personTimes} suffix="人次" />
                    <Typography.Text type="secondary">
                      规则：{c.rules.map((r) => r.label).join('；') || '—'}
                    </Typography.Text>
                    {c.extraTalks > 0 && (
                      <Typography.Text type="secondary">
                        另有{c.extraTalks}次规则之外的谈话（如与分管部门负责人）
                      </Typography.Text>
                    )}
                  </Space>
                </Col>
                <Col xs={24} md={12}>
                  <CoverageChart c={c} />
                </Col>
              </Row>
            </Card>
            <Card title={`未谈的应谈对象（${c.missingPairs.length}对）`} data-testid="missing-pairs">
              {c.missingPairs.length === 0 ? (
                <Alert type="success" showIcon title="所有应谈对象均已谈话。" />
              ) : (
                <Table
                  size="small"
                  rowKey={(p) => `${p.a}|${p.b}`}
                  rowClassName={() => 'missing-pair'}
                  pagination={c.missingPairs.length > 20 ? { pageSize: 20 } : false}
                  dataSource={c.missingPairs}
                  columns={[
                    {
                      title: '谈话双方',
                      render: (_: unknown, p) => (
                        <b>
                          {p.aName} — {p.bName}
                        </b>
                      ),
                    },
                    {
                      title: '依据',
                      render: (_: unknown, p) =>
                        p.rules.map((r) => <Tag key={r}>{c.rules.find((x) => x.id === r)?.label ?? r}</Tag>),
                    },
                    {
                      title: '',
                      width: 100,
                      render: (_: unknown, p) =>
                        mayEdit({ personAId: p.a, personBId: p.b }) ? (
                          <Button size="small" onClick={() => setEditing({ personAId: p.a, personBId: p.b })}>
                            登记
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              )}
            </Card>
            <Card title="谈话记录" data-testid="talks">
              <QueryState loading={talks.isLoading} error={talks.error} retry={() => talks.refetch()}>
                {!rights.secretary && !rights.reviewer && (
                  <Typography.Paragraph type="secondary">只显示您本人参加的谈话。</Typography.Paragraph>
                )}
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={[...(talks.data ?? [])].sort((a, b) => (b.heldOn ?? '').localeCompare(a.heldOn ?? ''))}
                  pagination={(talks.data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
                  locale={{ emptyText: '尚无谈话记录' }}
                  columns={[
                    { title: '日期', dataIndex: 'heldOn', width: 110, render: (d: string | null) => d ?? '—' },
                    {
                      title: '谈话双方',
                      render: (_: unknown, t: Talk) => `${name(t.personAId)} — ${name(t.personBId)}`,
                    },
                    { title: '主要内容', dataIndex: 'topics', render: (x: string | null) => x ?? '—' },
                    { title: '备注', dataIndex: 'notes', ellipsis: true, render: (x: string | null) => x ?? '' },
                    {
                      title: '',
                      width: 130,
                      render: (_: unknown, t: Talk) =>
                        mayEdit(t) && (
                          <Space size={0}>
                            <Button size="small" type="link" onClick={() => setEditing({ talk: t })}>
                              修改
                            </Button>
                            <Popconfirm
                              title="删除这条谈话记录？"
                              okText="删除"
                              cancelText="取消"
                              onConfirm={async () => {
                                try {
                                  await procedure.deleteTalk(t.id);
                                  await refresh();
                                } catch (e) {
                                  message.error(errorMessage(e));
                                }
                              }}
                            >
                              <Button size="small" type="link" danger>
                                删除
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                    },
                  ]}
                />
              </QueryState>
            </Card>
          </Space>
        )}
      </QueryState>
      {editing && c && (
        <TalkModal
          meetingId={id}
          editing={editing}
          c={c}
          secretary={rights.secretary}
          myId={rights.myId}
          kind={meeting?.kind}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
    </ProcedureFrame>
  );
}

function CoverageChart({ c }: { c: TalkCoverage }) {
  const rows = useMemo(() => c.perPerson.filter((p) => p.required > 0), [c]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 28, bottom: 24 },
      xAxis: { type: 'value' as const, minInterval: 1 },
      yAxis: { type: 'category' as const, data: rows.map((p) => p.name).reverse() },
      series: [
        {
          name: '已谈',
          type: 'bar' as const,
          stack: 't',
          itemStyle: { color: '#52c41a' },
          data: rows.map((p) => p.done).reverse(),
        },
        {
          name: '未谈',
          type: 'bar' as const,
          stack: 't',
          itemStyle: { color: '#ff4d4f' },
          data: rows.map((p) => p.required - p.done).reverse(),
        },
      ],
    }),
    [rows],
  );
  if (!rows.length)
    return <Typography.Text type="secondary">没有应谈对象（请先设置参会人员及其角色）。</Typography.Text>;
  return <Chart option={option} height={Math.max(140, 40 + rows.length * 28)} label="每人应谈对象的完成情况" />;
}

function TalkModal({
  meetingId,
  editing,
  c,
  secretary,
  myId,
  kind,
  onClose,
  onSaved,
}: {
  meetingId: string;
  editing: Editing;
  c: TalkCoverage;
  secretary: boolean;
  myId: string;
  kind?: string;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const t = editing.talk;
  const options = c.people.map((p) => ({ value: p.id, label: `${p.name}（${rolesLabel(p.roles, kind)}）` }));
  async function ok() {
    const v = await form.validateFields();
    setBusy(true);
    setErr(null);
    try {
      const body = {
        heldOn: v.heldOn ? v.heldOn.format('YYYY-MM-DD') : null,
        topics: v.topics?.trim() || null,
        notes: v.notes?.trim() || null,
      };
      if (t) await procedure.updateTalk(t.id, body);
      else await procedure.addTalk(meetingId, { personAId: v.personAId, personBId: v.personBId, ...body });
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
      title={t ? '修改谈话记录' : '登记谈心谈话'}
      onCancel={onClose}
      onOk={ok}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          personAId: t?.personAId ?? editing.personAId,
          personBId: t?.personBId ?? editing.personBId,
          heldOn: t?.heldOn ? dayjs(t.heldOn) : dayjs(todayIso()),
          topics: t?.topics ?? '',
          notes: t?.notes ?? '',
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="personAId" label="谈话人" rules={[{ required: true, message: '请选择谈话人' }]}>
              <Select
                disabled={!!t || (!secretary && editing.personAId === myId)}
                options={options}
                showSearch
                optionFilterProp="label"
                placeholder="选择"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="personBId"
              label="谈话对象"
              dependencies={['personAId']}
              rules={[
                { required: true, message: '请选择谈话对象' },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v && v === getFieldValue('personAId')
                      ? Promise.reject(new Error('谈话双方不能是同一人'))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Select disabled={!!t} options={options} showSearch optionFilterProp="label" placeholder="选择" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="heldOn" label="谈话日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="topics" label="主要内容" rules={[{ max: 500, message: '不超过500字' }]}>
          <Input placeholder="如：谈思想、谈工作、交换批评意见" />
        </Form.Item>
        <Form.Item name="notes" label="备注" rules={[{ max: 5000, message: '不超过5000字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        {err && <Alert type="error" showIcon title={err} />}
      </Form>
    </Modal>
  );
}
