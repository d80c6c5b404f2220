import { lazy, Suspense, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge, Button, Card, Col, Empty, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { List } from '../../components/LightList';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/session';
import { useMaterials, useMeetingDetails, useMeetings, usePeopleNames } from '../../api/queries';
import { ledger as ledgerApi, meetings as meetingsApi } from '../../api/endpoints';
import { useOrgs } from '../../api/queries';
import { LedgerStatusTag, DeadlineText } from '../ledger/common';
import type { LedgerListItem } from '../ledger/types';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { MATERIAL_KIND_LABELS, STAGE_LABEL, STAGES } from '../../components/labels';
import { procedure as procedureApi } from '../procedure/api';
import type { MaterialSummary, MeetingDetail } from '../../api/types';
import ReportDeadlineCard from '../procedure/ReportDeadlineCard';
import { materialWriters, ownMaterialKind } from '../../../../src/core/meeting/participants';
import { currentStage } from '../../../../src/core/meeting/stage';

const Chart = lazy(() => import('../../components/Chart'));

interface Task {
  key: string;
  kind: '撰写' | '修改' | '审核' | '谈心谈话' | '整改' | '点评' | '记录';
  title: string;
  due: string | null;
  link: string;
  meeting?: string;
}

function dueTag(due: string | null) {
  if (!due) return <Tag>未设期限</Tag>;
  const d = dayjs(due).startOf('day').diff(dayjs().startOf('day'), 'day');
  if (d < 0) return <Tag color="red">已逾期 {-d} 天</Tag>;
  if (d <= 3) return <Tag color="orange">{d === 0 ? '今天到期' : `${d} 天后到期`}</Tag>;
  return <Tag color="blue">{dayjs(due).format('M月D日')}前</Tag>;
}

const stageDue = (m: MeetingDetail | undefined, stage: string) =>
  m?.stages.find((s) => s.stage === stage)?.dueOn ?? null;

export default function HomePage() {
  const { me, isSecretary, isReviewer, isAdmin } = useSession();
  const nav = useNavigate();
  const myId = me!.person.id;
  const meetings = useMeetings();
  const mats = useMaterials();
  const details = useMeetingDetails((meetings.data ?? []).map((m) => m.id));
  const byId = new Map(
    details
      .map((d) => d.data)
      .filter(Boolean)
      .map((d) => [d!.id, d!]),
  );
  const secretaryOrgs = new Set(me!.memberships.filter((m) => m.role === 'secretary').map((m) => m.orgId));
  // Items waiting for my 销号 decision: awaiting closure, not my own (nor my organization's unit items).
  const mayClose = isSecretary || isReviewer;
  const awaiting = useQuery({
    queryKey: ['ledger', 'home-awaiting', myId],
    queryFn: () => ledgerApi.items({ status: ['awaiting_close'], limit: 100 }),
    enabled: mayClose,
    retry: false,
  });
  const toClose = (awaiting.data?.items ?? []).filter(
    (i) => i.ownerId !== myId && !(i.ownerId === null && secretaryOrgs.has(i.orgId)),
  );

  const tasks = useMemo<Task[]>(() => {
    const out: Task[] = [];
    const list = mats.data ?? [];
    // A meeting held more than a month ago asks nobody to write for it any more.
    const longAgo = dayjs().subtract(30, 'day').format('YYYY-MM-DD');
    const over = (mt: MeetingDetail | undefined) => !!mt?.heldOn && mt.heldOn < longAgo;
    for (const m of list) {
      const mt = byId.get(m.meetingId);
      if (m.authorId === myId && (m.status === 'draft' || m.status === 'returned') && !over(mt)) {
        out.push({
          key: `w-${m.id}`,
          kind: m.status === 'returned' ? '修改' : '撰写',
          title: m.title || (MATERIAL_KIND_LABELS as Record<string, string>)[m.kind] || '对照检查材料',
          due: stageDue(mt, 'materials'),
          link: `/materials/${m.id}`,
          meeting: mt?.theme,
        });
      }
      if (m.authorId !== myId && (m.status === 'submitted' || m.status === 'resubmitted')) {
        out.push({
          key: `r-${m.id}`,
          kind: '审核',
          // The author by name (the list carries the names of the materials' authors the viewer may read).
          title: `${m.authorName ? `${m.authorName} · ` : ''}${m.title || '对照检查材料'}${m.status === 'resubmitted' ? '（重新提交）' : ''}`,
          due: stageDue(mt, 'review'),
          link: `/materials/${m.id}/review`,
          meeting: mt?.theme,
        });
      }
    }
    // What my role in each open meeting asks of me: a writer without a material writes one; the
    // 督导组 comments at the meeting; the 记录人 keeps its record. 列席人员 have no task.
    for (const mt of byId.values()) {
      if (mt.status === 'closed' || over(mt)) continue;
      const myRoles = mt.participants.filter((p) => p.personId === myId).map((p) => p.role);
      if (!myRoles.length) continue;
      const kind = ownMaterialKind(mt.kind, myRoles);
      if (kind && !list.some((m) => m.meetingId === mt.id && m.authorId === myId)) {
        out.push({
          key: `n-${mt.id}`,
          kind: '撰写',
          title: `撰写本人${MATERIAL_KIND_LABELS[kind]}`,
          due: stageDue(mt, 'materials'),
          link: `/meetings/${mt.id}`,
          meeting: mt.theme,
        });
      }
      const held = mt.status !== 'planning' && mt.status !== 'preparing';
      if (!held && myRoles.includes('supervisor'))
        out.push({
          key: `s-${mt.id}`,
          kind: '点评',
          title: '督导会议，作点评意见',
          due: mt.heldOn ?? stageDue(mt, 'meeting'),
          link: `/meetings/${mt.id}/record`,
          meeting: mt.theme,
        });
      if (!held && myRoles.includes('recorder'))
        out.push({
          key: `c-${mt.id}`,
          kind: '记录',
          title: '记录会议（出席、发言、相互批评、点评）',
          due: mt.heldOn ?? stageDue(mt, 'meeting'),
          link: `/meetings/${mt.id}/record`,
          meeting: mt.theme,
        });
    }
    for (const i of toClose) {
      out.push({
        key: `l-${i.id}`,
        kind: '整改',
        title: `审核销号：${i.number} ${i.problem.length > 30 ? `${i.problem.slice(0, 30)}…` : i.problem}`,
        due: null,
        link: `/ledger/${i.id}`,
        meeting: awaiting.data?.names[i.ownerId ?? ''] ? `责任人：${awaiting.data.names[i.ownerId!]}` : undefined,
      });
    }
    return out.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the queries' data and update times; byId and toClose are derived from them
  }, [mats.data, details.map((d) => d.dataUpdatedAt).join(), myId, awaiting.data]);

  // Last years' meetings (closed) are history: no tasks or progress cards for them.
  const myMeetings = [...byId.values()].filter((m) => secretaryOrgs.has(m.orgId) && m.status !== 'closed');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {me!.person.name}，您好
      </Typography.Title>
      <Card
        title={
          <span>
            我的待办 <Badge count={tasks.length} showZero color={tasks.length ? '#c0392b' : '#bfbfbf'} />
          </span>
        }
        data-testid="tasks"
      >
        <QueryState
          loading={mats.isLoading || meetings.isLoading}
          error={mats.error ?? meetings.error}
          empty={!tasks.length}
          emptyText={
            isAdmin && !isSecretary && !isReviewer ? '管理员可在“组织与人员”中维护组织、账号和角色' : '暂无待办事项'
          }
        >
          <List
            dataSource={tasks}
            renderItem={(t) => (
              <List.Item
                actions={[
                  <Button key="go" type="primary" size="small" onClick={() => nav(t.link)}>
                    {t.kind === '审核'
                      ? '去审核'
                      : t.kind === '修改'
                        ? '去修改'
                        : t.kind === '整改'
                          ? '去销号'
                          : t.kind === '点评' || t.kind === '记录'
                            ? '打开会议记录'
                            : '去撰写'}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag
                        color={
                          t.kind === '审核' ? 'purple' : t.kind === '修改' ? 'red' : t.kind === '整改' ? 'cyan' : 'blue'
                        }
                      >
                        {t.kind}
                      </Tag>
                      <Link to={t.link}>{t.title}</Link>
                      {t.kind === '整改' ? <Tag color="blue">待销号</Tag> : dueTag(t.due)}
                    </Space>
                  }
                  description={t.meeting}
                />
              </List.Item>
            )}
          />
        </QueryState>
      </Card>
      {/* The meeting report is due within 15 days (configurable) of the meeting: days left or overdue. */}
      {isSecretary && <ReportDeadlineCard />}
      <MyLedger myId={myId} />
      {mayClose && <LedgerCompletion />}
      {isSecretary &&
        myMeetings.map((m) => (
          <MeetingProgress key={m.id} meeting={m} materials={(mats.data ?? []).filter((x) => x.meetingId === m.id)} />
        ))}
      {isSecretary && !myMeetings.length && !meetings.isLoading && (
        <Card title="会议进度">
          <Empty
            description={
              <span>
                本组织还没有会议。<Link to="/meetings/new">创建会议</Link>
              </span>
            }
          />
        </Card>
      )}
    </Space>
  );
}

function MeetingProgress({ meeting, materials }: { meeting: MeetingDetail; materials: MaterialSummary[] }) {
  const name = usePeopleNames();
  const talks = useQuery({
    queryKey: ['talk-coverage', meeting.id],
    queryFn: () => meetingsApi.talkCoverage(meeting.id),
    retry: false,
  });
  const ledger = useQuery({
    queryKey: ['ledger-dashboard', meeting.orgId, meeting.id],
    queryFn: () => meetingsApi.ledgerDashboard(meeting.orgId, meeting.id),
    retry: false,
  });
  // Only the people under examination write (书记, 班子成员/支委, 党员): not the 督导组, 记录人 or 列席人员.
  const writers = materialWriters(meeting.participants);
  const statusOf = (pid: string) =>
    materials.find((m) => m.authorId === pid && m.kind !== 'leadership')?.status ?? 'none';
  const counts = { none: 0, draft: 0, submitted: 0, returned: 0, resubmitted: 0, approved: 0 } as Record<
    string,
    number
  >;
  for (const p of writers) counts[statusOf(p.personId)] = (counts[statusOf(p.personId)] ?? 0) + 1;
  const n = writers.length;
  const pairsNeeded = talks.data?.required ?? 0;
  const talksDone = talks.data ? talks.data.done : null;
  const record = useQuery({
    queryKey: ['record', meeting.id],
    queryFn: () => procedureApi.record(meeting.id),
    retry: false,
  });
  const today = dayjs().format('YYYY-MM-DD');
  const currentId = currentStage(meeting, today, record.data?.record?.status === 'finished');
  const current = currentId ? meeting.stages.find((s) => s.stage === currentId) : undefined;
  const L = ledger.data;
  const ledgerClosed = L ? (L.byStatus.closed ?? 0) : 0;
  const cats = ['未开始', '草稿', '已提交', '已退回', '已重新提交', '已通过'];
  const vals = [counts.none, counts.draft, counts.submitted, counts.returned, counts.resubmitted, counts.approved];
  const colors = ['#bfbfbf', '#8c8c8c', '#1677ff', '#ff4d4f', '#722ed1', '#52c41a'];
  return (
    <Card
      title={
        <Link to={`/meetings/${meeting.id}`}>
          {meeting.year}年{meeting.kind}：{meeting.theme}
        </Link>
      }
      extra={
        current ? (
          <span>
            当前阶段：<Tag color="red">{STAGE_LABEL[current.stage] ?? current.stage}</Tag>
            {dueTag(current.dueOn)}
          </span>
        ) : meeting.stages.length ? (
          <Tag>各阶段均已到期</Tag>
        ) : null
      }
      data-testid="meeting-progress"
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="应提交材料" value={n} suffix="人" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title="已提交（含已通过）"
            value={counts.submitted + counts.resubmitted + counts.approved}
            suffix={`/ ${n}`}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title="已退回待修改"
            value={counts.returned}
            styles={{ content: { color: counts.returned ? '#cf1322' : undefined } }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title="审核通过"
            value={counts.approved}
            suffix={`/ ${n}`}
            styles={{ content: { color: '#389e0d' } }}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>材料进度</Typography.Text>
          <Suspense fallback={<div style={{ height: 220 }} />}>
            <Chart
              label={`材料进度：${cats.map((c, i) => `${c}${vals[i]}人`).join('，')}`}
              height={220}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 16, bottom: 28 },
                xAxis: { type: 'category', data: cats },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  {
                    type: 'bar',
                    data: vals.map((v, i) => ({ value: v, itemStyle: { color: colors[i] } })),
                    label: { show: true, position: 'top' },
                  },
                ],
              }}
            />
          </Suspense>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>谈心谈话与整改台账</Typography.Text>
          {talksDone === null && !L ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="谈心谈话、整改台账数据暂不可用" />
          ) : (
            <>
              <Typography.Paragraph
                type="secondary"
                style={{ margin: 0, fontSize: 12 }}
                data-testid="talks-ledger-summary"
              >
                {talksDone !== null ? `谈心谈话：应谈 ${pairsNeeded} 对，已谈 ${talksDone} 对` : '谈心谈话：暂无数据'}
                {L
                  ? `　整改台账：共 ${L.total} 项，已销号 ${ledgerClosed} 项${L.overdue ? `，超期 ${L.overdue} 项` : ''}`
                  : ''}
              </Typography.Paragraph>
              <Suspense fallback={<div style={{ height: 200 }} />}>
                <Chart
                  label={`谈心谈话完成${talksDone ?? 0}/${pairsNeeded}对；整改台账销号${ledgerClosed}/${L?.total ?? 0}项`}
                  height={200}
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { bottom: 0 },
                    grid: { left: 70, right: 16, top: 8, bottom: 40 },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: { type: 'category', data: ['谈心谈话（对）', '整改台账（项）'] },
                    series: [
                      {
                        name: '已完成',
                        type: 'bar',
                        stack: 'a',
                        itemStyle: { color: '#52c41a' },
                        data: [talksDone ?? 0, ledgerClosed],
                      },
                      {
                        name: '未完成',
                        type: 'bar',
                        stack: 'a',
                        itemStyle: { color: '#d9d9d9' },
                        data: [
                          Math.max(0, pairsNeeded - (talksDone ?? 0)),
                          Math.max(0, (L?.total ?? 0) - ledgerClosed - (L?.overdue ?? 0)),
                        ],
                      },
                      {
                        name: '超期',
                        type: 'bar',
                        stack: 'a',
                        itemStyle: { color: '#ff4d4f' },
                        data: [0, L?.overdue ?? 0],
                      },
                    ],
                  }}
                />
              </Suspense>
            </>
          )}
        </Col>
        <Col span={24}>
          <Space wrap size={[8, 8]}>
            {writers.map((p) => (
              <span key={p.personId}>
                {name(p.personId, p.name)} <StatusTagOrNone status={statusOf(p.personId)} />
              </span>
            ))}
          </Space>
        </Col>
      </Row>
    </Card>
  );
}

function StatusTagOrNone({ status }: { status: string }) {
  return status === 'none' ? <Tag>未开始</Tag> : <StatusTag status={status} />;
}

/** 我的整改事项: the items I answer for that are not closed, soonest deadline first, overdue in red. */
function MyLedger({ myId }: { myId: string }) {
  const nav = useNavigate();
  const q = useQuery({
    queryKey: ['ledger', 'home-mine', myId],
    queryFn: () => ledgerApi.items({ ownerId: myId, status: ['pending', 'in_progress', 'awaiting_close'], limit: 200 }),
    retry: false,
  });
  const items = [...(q.data?.items ?? [])].sort(
    (a, b) => rank(a) - rank(b) || (a.deadlineOn ?? '9999').localeCompare(b.deadlineOn ?? '9999'),
  );
  const overdue = items.filter((i) => i.dueState === 'overdue').length;
  if (!q.isLoading && !q.error && !items.length) return null;
  return (
    <Card
      title={
        <span>
          我的整改事项 <Badge count={items.length} showZero color="#1677ff" />
          {overdue ? (
            <Tag color="red" style={{ marginLeft: 8 }}>
              超期 {overdue} 项
            </Tag>
          ) : null}
        </span>
      }
      extra={<Link to="/ledger?org=mine">全部</Link>}
      data-testid="my-ledger"
    >
      <QueryState loading={q.isLoading} error={q.error}>
        <List
          dataSource={items.slice(0, 8)}
          renderItem={(i) => (
            <List.Item
              style={i.dueState === 'overdue' ? { background: '#fff1f0', paddingInline: 8 } : { paddingInline: 8 }}
              data-testid="my-ledger-item"
              data-due={i.dueState}
              actions={[
                <Button
                  key="go"
                  size="small"
                  type={i.dueState === 'overdue' ? 'primary' : 'default'}
                  danger={i.dueState === 'overdue'}
                  onClick={() => nav(`/ledger/${i.id}`)}
                >
                  {i.status === 'awaiting_close' ? '查看' : '去整改'}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/ledger/${i.id}`}>{i.number}</Link>
                    <span>{i.problem.length > 40 ? `${i.problem.slice(0, 40)}…` : i.problem}</span>
                    <LedgerStatusTag status={i.status} due={i.dueState} />
                    {i.repeatedOfId && <Tag color="magenta">重复出现</Tag>}
                  </Space>
                }
                description={
                  <span>
                    完成时限：
                    <DeadlineText kind={i.deadlineKind} on={i.deadlineOn} due={i.dueState} />
                  </span>
                }
              />
            </List.Item>
          )}
        />
        {items.length > 8 && <Link to="/ledger?org=mine">还有 {items.length - 8} 项…</Link>}
      </QueryState>
    </Card>
  );
}

const rank = (i: LedgerListItem) =>
  i.dueState === 'overdue' ? 0 : i.dueState === 'due_soon' ? 1 : i.status === 'awaiting_close' ? 3 : 2;

/** 整改台账完成情况 of each organization I am secretary of (with its subtree) or review. */
function LedgerCompletion() {
  const { me } = useSession();
  const orgs = useOrgs();
  const ids = [...new Set(me!.memberships.filter((m) => m.role === 'secretary').map((m) => m.orgId))];
  // A reviewer sees the organizations directly below his own.
  for (const m of me!.memberships.filter((x) => x.role === 'reviewer'))
    for (const o of orgs.data ?? []) if (o.parentId === m.orgId && !ids.includes(o.id)) ids.push(o.id);
  const name = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  return (
    <Card title="整改台账完成情况" extra={<Link to="/ledger">打开整改台账</Link>} data-testid="ledger-completion">
      <QueryState loading={orgs.isLoading} error={orgs.error} empty={!ids.length}>
        <Row gutter={[16, 16]}>
          {ids.map((id) => (
            <OrgCompletion key={id} orgId={id} name={name.get(id) ?? ''} />
          ))}
        </Row>
      </QueryState>
    </Card>
  );
}

function OrgCompletion({ orgId, name }: { orgId: string; name: string }) {
  const q = useQuery({
    queryKey: ['ledger', 'dashboard', { orgId }],
    queryFn: () => ledgerApi.dashboard({ orgId }),
    retry: false,
  });
  const d = q.data;
  const pct = d && d.total ? Math.round((d.byStatus.closed / d.total) * 100) : 0;
  return (
    <Col xs={24} md={12} xl={8}>
      <Card size="small" title={<Link to={`/ledger?org=${orgId}`}>{name}</Link>} data-testid="org-completion">
        <QueryState loading={q.isLoading} error={q.error} empty={!!d && !d.total} emptyText="暂无整改事项">
          {d && (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Progress
                percent={pct}
                success={{ percent: pct }}
                format={() => `${pct}%`}
                aria-label={`${name}整改完成率${pct}%`}
              />
              <Typography.Text>
                共 {d.total} 项：已销号 {d.byStatus.closed}，待销号 {d.byStatus.awaiting_close}，整改中{' '}
                {d.byStatus.in_progress + d.byStatus.pending}
              </Typography.Text>
              <Space wrap>
                {d.overdue ? (
                  <Link to={`/ledger?org=${orgId}&due=overdue&tab=tasks`}>
                    <Tag color="red">超期 {d.overdue} 项</Tag>
                  </Link>
                ) : (
                  <Tag color="green">无超期</Tag>
                )}
                {d.dueSoon ? <Tag color="orange">7 天内到期 {d.dueSoon} 项</Tag> : null}
                {d.repeated ? <Tag color="magenta">重复出现 {d.repeated} 项</Tag> : null}
              </Space>
            </Space>
          )}
        </QueryState>
      </Card>
    </Col>
  );
}
