import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useFrameworks, useMaterials, useMeeting, useOrgs, usePeopleNames } from '../../api/queries';
import { materials as materialsApi } from '../../api/endpoints';
import { errorMessage, isMissingRoute } from '../../api/client';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { MATERIAL_KIND_LABELS, PARTICIPANT_ROLES, STAGES } from '../../components/labels';
import { ImportDropzone } from '../editor/ImportDropzone';
import { importLocally } from '../editor/localImport';
import { ArchiveZipButton } from '../procedure/ArchiveDownload';
import { emptyContent } from '../editor/content';
import type { MaterialRecord, MeetingDetail } from '../../api/types';
import { ownMaterialKind, writesMaterial } from '../../../../src/core/meeting/participants';

export default function MeetingPage() {
  const { id } = useParams();
  const q = useMeeting(id);
  const mats = useMaterials({ meetingId: id });
  const orgs = useOrgs();
  const fws = useFrameworks();
  const name = usePeopleNames();
  const { me, roles } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const m = q.data;
  const myId = me!.person.id;
  const isSecretaryHere =
    !!m && me!.memberships.some((x) => x.orgId === m.orgId && (x.role === 'secretary' || x.role === 'admin'));
  const myPart = m?.participants.find((p) => p.personId === myId);
  // The whole file set goes to those who receive the report: secretary, recorder, the superior.
  const mayArchive =
    isSecretaryHere ||
    (m?.participants ?? []).some((p) => p.personId === myId && (p.role === 'secretary' || p.role === 'recorder')) ||
    me!.memberships.some((x) => x.role === 'reviewer' || (x.orgId === m?.orgId && x.role === 'recorder'));
  const mine = (mats.data ?? []).find((x) => x.authorId === myId && x.kind !== 'leadership');
  // What my role asks of me: only the people under examination write an own material.
  const kindFor = m && myPart ? ownMaterialKind(m.kind, myPart.role) : null;

  async function createBlank(kind: string) {
    setBusy(true);
    setErr(null);
    try {
      const fw = fws.data?.find((f) => f.id === m!.frameworkId);
      const r = await materialsApi.create({
        meetingId: m!.id,
        kind,
        content: emptyContent(
          `${m!.year}年度${m!.kind}${(MATERIAL_KIND_LABELS as Record<string, string>)[kind] ?? ''}`,
          fw?.aspects ?? [],
        ),
      });
      await qc.invalidateQueries({ queryKey: ['materials'] });
      nav(`/materials/${r.id}`);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function onFile(f: File, kind: string) {
    setBusy(true);
    setErr(null);
    try {
      let r: MaterialRecord;
      try {
        r = await materialsApi.upload(m!.id, kind, f);
      } catch (e) {
        // Server without the upload route: parse a .txt in the browser and create the material from its text.
        if (!isMissingRoute(e) || !/\.(txt|md)$/i.test(f.name)) throw e;
        const parsed = await importLocally(f);
        r = await materialsApi.create({ meetingId: m!.id, kind, text: parsed.text });
      }
      await qc.invalidateQueries({ queryKey: ['materials'] });
      message.success('导入成功，请核对清理和识别结果');
      nav(`/materials/${r.id}?imported=1`);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const today = dayjs().format('YYYY-MM-DD');
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {m && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card
            title={
              <span data-testid="meeting-title">
                {m.year}年{m.kind}：{m.theme}
              </span>
            }
            extra={isSecretaryHere && <Button onClick={() => nav(`/meetings/${m.id}/edit`)}>修改会议</Button>}
          >
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label="组织">
                {orgs.data?.find((o) => o.id === m.orgId)?.name ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label="召开日期">{m.heldOn ?? '待定'}</Descriptions.Item>
              <Descriptions.Item label="地点">{m.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="检视框架" span={3}>
                {(() => {
                  const fw = fws.data?.find((f) => f.id === m.frameworkId);
                  return fw ? (
                    <span>
                      {fw.name}：
                      {fw.aspects.map((a) => (
                        <Tag key={a.id}>{a.name}</Tag>
                      ))}
                    </span>
                  ) : (
                    '未指定'
                  );
                })()}
              </Descriptions.Item>
            </Descriptions>
            {mayArchive && (
              <div style={{ marginTop: 12 }}>
                <ArchiveZipButton meetingId={m.id} />
              </div>
            )}
          </Card>
          <ProcedureStages meetingId={m.id} kind={m.kind} stages={m.stages} today={today} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card title="阶段安排" data-testid="timeline">
                {m.stages.length === 0 ? (
                  <Empty description="尚未安排阶段日期" />
                ) : (
                  <Timeline
                    items={STAGES.filter((s) => m.stages.some((x) => x.stage === s.id)).map((s) => {
                      const st = m.stages.find((x) => x.stage === s.id)!;
                      const done = !!st.doneAt || (!!st.dueOn && st.dueOn < today);
                      const current = !done && (!st.startOn || st.startOn <= today);
                      return {
                        color: done ? 'green' : current ? 'red' : 'gray',
                        content: (
                          <div className={`timeline-stage${current ? ' current' : ''}`}>
                            <div>
                              {s.label} {current && <Tag color="red">进行中</Tag>}
                              {done && <Tag color="green">已完成</Tag>}
                            </div>
                            <Typography.Text type="secondary">
                              {st.startOn && st.dueOn && st.startOn !== st.dueOn
                                ? `${dayjs(st.startOn).format('M月D日')} — ${dayjs(st.dueOn).format('M月D日')}`
                                : st.dueOn
                                  ? dayjs(st.dueOn).format('YYYY年M月D日')
                                  : st.startOn
                                    ? `${dayjs(st.startOn).format('M月D日')}起`
                                    : ''}
                            </Typography.Text>
                          </div>
                        ),
                      };
                    })}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={16}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                {(myPart || isSecretaryHere) && (
                  <Card title="我的材料" data-testid="my-material">
                    {mine ? (
                      <Space wrap>
                        <Link to={`/materials/${mine.id}`}>{mine.title || '对照检查材料'}</Link>
                        <StatusTag status={mine.status} />
                        <Button type="primary" onClick={() => nav(`/materials/${mine.id}`)}>
                          打开
                        </Button>
                      </Space>
                    ) : myPart && !kindFor ? (
                      <Space orientation="vertical" data-testid="my-duty">
                        <Typography.Text>
                          您在本次会议中是{PARTICIPANT_ROLES[myPart.role] ?? myPart.role}，不撰写本人对照检查材料。
                          {myPart.role === 'supervisor'
                            ? '会上可在会议记录中作点评意见。'
                            : myPart.role === 'recorder'
                              ? '请在会议记录中记录出席、发言和相互批评。'
                              : ''}
                        </Typography.Text>
                        {(myPart.role === 'supervisor' || myPart.role === 'recorder') && (
                          <Button onClick={() => nav(`/meetings/${m.id}/record`)}>打开会议记录</Button>
                        )}
                      </Space>
                    ) : myPart && kindFor ? (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        <Typography.Text>
                          您是本次会议的参会人员，需撰写{(MATERIAL_KIND_LABELS as Record<string, string>)[kindFor]}
                          。可以导入已有文稿，也可以从空白开始：
                        </Typography.Text>
                        <ImportDropzone onFile={(f) => onFile(f, kindFor)} busy={busy} error={err} />
                        <Button onClick={() => createBlank(kindFor)} loading={busy}>
                          从空白开始撰写
                        </Button>
                      </Space>
                    ) : null}
                    {isSecretaryHere &&
                      roles.has('secretary') &&
                      !(mats.data ?? []).some((x) => x.kind === 'leadership') && (
                        <div style={{ marginTop: 12 }}>
                          <Button onClick={() => createBlank('leadership')} loading={busy}>
                            起草班子对照检查材料
                          </Button>
                        </div>
                      )}
                  </Card>
                )}
                <Card title="参会人员与材料">
                  <Table
                    size="small"
                    rowKey="personId"
                    pagination={false}
                    dataSource={m.participants}
                    locale={{ emptyText: '未设置参会人员' }}
                    columns={[
                      { title: '姓名', dataIndex: 'personId', render: (pid: string, r) => name(pid, r.name) },
                      { title: '会议角色', dataIndex: 'role', render: (r: string) => PARTICIPANT_ROLES[r] ?? r },
                      {
                        title: '材料',
                        render: (_: unknown, r) => {
                          const x = (mats.data ?? []).filter((mm) => mm.authorId === r.personId);
                          if (!x.length)
                            return writesMaterial(r.role) ? (
                              <Tag>未开始</Tag>
                            ) : (
                              <Typography.Text type="secondary">不撰写</Typography.Text>
                            );
                          return (
                            <Space wrap>
                              {x.map((mm) => (
                                <span key={mm.id}>
                                  <StatusTag status={mm.status} />
                                  {mm.authorId !== myId &&
                                  (mm.status === 'submitted' || mm.status === 'resubmitted') ? (
                                    <Link to={`/materials/${mm.id}/review`}>审核</Link>
                                  ) : (
                                    <Link
                                      to={mm.authorId === myId ? `/materials/${mm.id}` : `/materials/${mm.id}/review`}
                                    >
                                      查看
                                    </Link>
                                  )}
                                </span>
                              ))}
                            </Space>
                          );
                        },
                      },
                    ]}
                  />
                  {(mats.data ?? [])
                    .filter((x) => x.kind === 'leadership')
                    .map((x) => (
                      <div key={x.id} style={{ marginTop: 12 }}>
                        班子对照检查材料：
                        <Link to={x.authorId === myId ? `/materials/${x.id}` : `/materials/${x.id}/review`}>
                          {x.title}
                        </Link>{' '}
                        <StatusTag status={x.status} />
                      </div>
                    ))}
                </Card>
              </Space>
            </Col>
          </Row>
        </Space>
      )}
    </QueryState>
  );
}

/** The stages of the meeting procedure, each a page, with its place in the timeline. */
function ProcedureStages({
  meetingId,
  kind,
  stages,
  today,
}: {
  meetingId: string;
  kind: string;
  stages: MeetingDetail['stages'];
  today: string;
}) {
  const items = [
    { stage: 'opinions', label: '征求意见', to: 'opinions', hint: '开启匿名征集，汇总并逐人反馈' },
    { stage: 'talks', label: '谈心谈话', to: 'talks', hint: '登记谈话，查看应谈未谈' },
    { stage: 'meeting', label: '会议记录', to: 'record', hint: '出席、发言、相互批评、点评' },
    ...(kind === '组织生活会'
      ? [{ stage: 'meeting', label: '民主评议', to: 'appraisal', hint: '自评、互评、测评，确定等次' }]
      : []),
    { stage: 'report', label: '会议报告', to: 'report', hint: '生成报告，按期报送上级' },
    { stage: 'rectification', label: '整改台账', to: null, hint: '问题逐项整改、挂账销号' },
  ];
  return (
    <Card title="会议流程" size="small" data-testid="procedure-stages">
      <Row gutter={[12, 12]}>
        {items.map((it) => {
          const st = stages.find((x) => x.stage === it.stage);
          const done = !!st?.doneAt || (!!st?.dueOn && st.dueOn < today);
          const current = !!st && !done && (!st.startOn || st.startOn <= today);
          return (
            <Col key={it.label} xs={12} md={8} xl={4}>
              <Link
                to={it.to ? `/meetings/${meetingId}/${it.to}` : '/ledger'}
                data-testid={`stage-${it.to ?? 'ledger'}`}
                style={{ display: 'block', height: '100%' }}
              >
                <Card size="small" hoverable style={{ height: '100%', borderColor: current ? '#c0392b' : undefined }}>
                  <Space orientation="vertical" size={2}>
                    <Typography.Text strong>
                      {it.label} {current && <Tag color="red">进行中</Tag>}
                      {done && <Tag color="green">已完成</Tag>}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {it.hint}
                    </Typography.Text>
                  </Space>
                </Card>
              </Link>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
