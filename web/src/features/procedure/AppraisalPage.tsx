/**
 * 民主评议党员 (组织生活会): each member's self-assessment and assessment of the others; the teller
 * (secretary or recorder) enters the secret ballots one by one; the results per member with the
 * proposal from the vote; the branch decides the final grades — 优秀 for at most one third.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../../api/client';
import Chart from '../../components/Chart';
import { QueryState } from '../../components/QueryState';
import {
  GRADES,
  maxExcellent,
  validateBallot,
  validateFinalGrades,
  type Grade,
} from '../../../../src/core/meeting/appraisal';
import { procedure } from './api';
import { ProcedureFrame, useMeetingRights, useProcedureMeeting } from './common';
import { ArchiveFileButtons } from './ArchiveDownload';
import type { AppraisalGiven, AppraisalResults } from './types';
import './procedure.css';

const GRADE_COLORS: Record<Grade, string> = { 优秀: 'red', 合格: 'green', 基本合格: 'orange', 不合格: 'default' };
const gradeOptions = GRADES.map((g) => ({ value: g, label: g }));

export default function AppraisalPage() {
  const { id, meeting } = useProcedureMeeting();
  const rights = useMeetingRights(meeting);
  const teller = rights.secretary || rights.recorder;
  const results = rights.secretary || rights.reviewer;
  const tabs = [
    ...(rights.core
      ? [{ key: 'self', label: '自评与互评', children: <SelfAndPeers meetingId={id} myId={rights.myId} /> }]
      : []),
    ...(teller ? [{ key: 'ballot', label: '民主测评（计票）', children: <Ballots meetingId={id} /> }] : []),
    ...(results
      ? [{ key: 'results', label: '评议结果', children: <Results meetingId={id} canDecide={rights.secretary} /> }]
      : []),
  ];
  return (
    <ProcedureFrame
      meeting={meeting}
      title="民主评议党员"
      extra={results && <ArchiveFileButtons meetingId={id} part="appraisal" />}
    >
      {meeting && meeting.kind !== '组织生活会' && (
        <Alert type="info" showIcon title="民主评议党员通常在党支部组织生活会上开展。" />
      )}
      {meeting &&
        (tabs.length ? (
          <Tabs defaultActiveKey={results ? 'results' : tabs[0].key} items={tabs} />
        ) : (
          <Alert type="info" showIcon title="您不是本次评议的党员，也不负责计票。" />
        ))}
    </ProcedureFrame>
  );
}

// ---------------------------------------------------------------- self and peers (members)

function SelfAndPeers({ meetingId, myId }: { meetingId: string; myId: string }) {
  const given = useQuery({
    queryKey: ['appraisal-given', meetingId],
    queryFn: () => procedure.appraisalGiven(meetingId),
  });
  const mine = useQuery({
    queryKey: ['appraisal-mine', meetingId],
    queryFn: () => procedure.appraisalMine(meetingId),
    retry: false,
  });
  return (
    <QueryState loading={given.isLoading} error={given.error} retry={() => given.refetch()}>
      {given.data && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <SelfForm meetingId={meetingId} g={given.data} />
          <PeerTable meetingId={meetingId} g={given.data} myId={myId} />
          {mine.data && (
            <Card title="对我的评议" data-testid="appraisal-mine">
              <Space orientation="vertical">
                <span>
                  评定等次：
                  {mine.data.final ? (
                    <Tag color={GRADE_COLORS[mine.data.final]}>{mine.data.final}</Tag>
                  ) : (
                    <Typography.Text type="secondary">尚未评定</Typography.Text>
                  )}
                </span>
                <span>其他党员的意见（不显示评议人）：</span>
                {mine.data.peerComments.length ? (
                  <ul style={{ margin: 0 }}>
                    {mine.data.peerComments.map((c, i) => (
                      <li key={i}>{c}</li>
                    ))}
                  </ul>
                ) : (
                  <Typography.Text type="secondary">暂无</Typography.Text>
                )}
              </Space>
            </Card>
          )}
        </Space>
      )}
    </QueryState>
  );
}

function SelfForm({ meetingId, g }: { meetingId: string; g: AppraisalGiven }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [grade, setGrade] = useState<Grade | null>(g.self?.grade ?? null);
  const [comment, setComment] = useState(g.self?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await procedure.saveSelf(meetingId, { grade, comment: comment.trim() || null });
      await qc.invalidateQueries({ queryKey: ['appraisal-given', meetingId] });
      message.success('自评已保存');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="个人自评" data-testid="self-form">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          aria-label="自评等次"
          value={grade}
          onChange={(e) => setGrade(e.target.value)}
          options={gradeOptions}
        />
        <Input.TextArea
          aria-label="自评意见"
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={2000}
          showCount
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="对照党员标准，简要总结一年来的表现和不足"
        />
        <Button type="primary" loading={busy} disabled={!grade && !comment.trim()} onClick={save}>
          保存自评
        </Button>
      </Space>
    </Card>
  );
}

function PeerTable({ meetingId, g, myId }: { meetingId: string; g: AppraisalGiven; myId: string }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const others = g.members.filter((m) => m.id !== myId);
  const [rows, setRows] = useState<Record<string, { grade: Grade | null; comment: string }>>(() =>
    Object.fromEntries(
      others.map((m) => {
        const p = g.peers.find((x) => x.rateeId === m.id);
        return [m.id, { grade: p?.grade ?? null, comment: p?.comment ?? '' }];
      }),
    ),
  );
  const saved = (id: string) => g.peers.find((x) => x.rateeId === id);
  const save = async (id: string) => {
    const r = rows[id];
    try {
      await procedure.savePeer(meetingId, { rateeId: id, grade: r.grade, comment: r.comment.trim() || null });
      await qc.invalidateQueries({ queryKey: ['appraisal-given', meetingId] });
      message.success('已保存');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card title="党员互评" data-testid="peer-form">
      <Typography.Paragraph type="secondary">互评意见以不显示评议人的方式反馈给本人。</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={others}
        columns={[
          { title: '党员', dataIndex: 'name', width: 90 },
          {
            title: '等次',
            width: 150,
            render: (_: unknown, m) => (
              <Select
                aria-label={`对${m.name}的等次`}
                style={{ width: 130 }}
                allowClear
                placeholder="选择"
                value={rows[m.id]?.grade ?? undefined}
                onChange={(v) => setRows((r) => ({ ...r, [m.id]: { ...r[m.id], grade: v ?? null } }))}
                options={gradeOptions}
              />
            ),
          },
          {
            title: '意见',
            render: (_: unknown, m) => (
              <Input
                aria-label={`对${m.name}的意见`}
                maxLength={2000}
                value={rows[m.id]?.comment}
                onChange={(e) => setRows((r) => ({ ...r, [m.id]: { ...r[m.id], comment: e.target.value } }))}
              />
            ),
          },
          {
            title: '',
            width: 110,
            render: (_: unknown, m) => {
              const r = rows[m.id];
              const s = saved(m.id);
              const dirty = !s || s.grade !== r.grade || (s.comment ?? '') !== r.comment;
              return dirty ? (
                <Button size="small" disabled={!r.grade && !r.comment.trim()} onClick={() => save(m.id)}>
                  保存
                </Button>
              ) : (
                <Tag color="success">已保存</Tag>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

// ---------------------------------------------------------------- ballots (teller)

function Ballots({ meetingId }: { meetingId: string }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const g = useQuery({
    queryKey: ['appraisal-given', meetingId],
    queryFn: () => procedure.appraisalGiven(meetingId),
    retry: false,
  });
  // A teller who is not a member cannot call /given; the results list the members too.
  const r = useQuery({
    queryKey: ['appraisal', meetingId],
    queryFn: () => procedure.appraisal(meetingId),
    retry: false,
    enabled: !!g.error,
  });
  const members = g.data?.members ?? r.data?.members.map((m) => ({ id: m.personId, name: m.name })) ?? [];
  const [ballot, setBallot] = useState<Record<string, Grade>>({});
  const [entered, setEntered] = useState(0);
  const [busy, setBusy] = useState(false);
  const lines = members.map((m) => ({ rateeId: m.id, grade: ballot[m.id] ?? '合格' }));
  const cap = maxExcellent(members.length);
  const problems = members.length
    ? validateBallot(
        lines,
        members.map((m) => m.id),
      )
    : [];
  const cast = async () => {
    setBusy(true);
    try {
      await procedure.castBallot(meetingId, lines);
      setEntered((n) => n + 1);
      setBallot({});
      await qc.invalidateQueries({ queryKey: ['appraisal', meetingId] });
      message.success('已录入一张测评票');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  if (g.isLoading || r.isLoading) return <QueryState loading />;
  if (!members.length)
    return (
      <Alert
        type="error"
        showIcon
        title="无法读取参加评议的党员名单"
        description={errorMessage(g.error ?? r.error ?? '')}
      />
    );
  return (
    <Card title="录入无记名测评票" data-testid="ballot" extra={<Tag>本次已录入{entered}张</Tag>}>
      <Typography.Paragraph type="secondary">
        逐张录入纸质测评票：每张票对每名党员选择一个等次；“优秀”每张票最多{cap}名（党员总数{members.length}
        名的三分之一）。测评票不记录投票人，只保留日期。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={members}
        columns={[
          { title: '党员', dataIndex: 'name', width: 100 },
          {
            title: '等次',
            render: (_: unknown, m) => (
              <Radio.Group
                aria-label={`${m.name}的测评等次`}
                value={ballot[m.id] ?? '合格'}
                onChange={(e) => setBallot((b) => ({ ...b, [m.id]: e.target.value }))}
                options={gradeOptions}
              />
            ),
          },
        ]}
      />
      {problems.length > 0 && <Alert style={{ marginTop: 12 }} type="error" showIcon title={problems.join(' ')} />}
      <Button style={{ marginTop: 12 }} type="primary" loading={busy} disabled={problems.length > 0} onClick={cast}>
        录入这张票
      </Button>
    </Card>
  );
}

// ---------------------------------------------------------------- results and final grades

function Results({ meetingId, canDecide }: { meetingId: string; canDecide: boolean }) {
  const q = useQuery({ queryKey: ['appraisal', meetingId], queryFn: () => procedure.appraisal(meetingId) });
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {q.data && <ResultsBody meetingId={meetingId} r={q.data} canDecide={canDecide} />}
    </QueryState>
  );
}

function ResultsBody({ meetingId, r, canDecide }: { meetingId: string; r: AppraisalResults; canDecide: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [finals, setFinals] = useState<Record<string, Grade>>(() =>
    Object.fromEntries(r.members.map((m) => [m.personId, (m.final ?? m.proposed ?? '合格') as Grade])),
  );
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const ids = r.members.map((m) => m.personId);
  const problems = validateFinalGrades(finals, ids);
  const excellent = Object.values(finals).filter((g) => g === '优秀').length;
  const name = (id: string) => r.members.find((m) => m.personId === id)?.name ?? '';
  const decided = r.members.every((m) => m.final);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 28, bottom: 24 },
      xAxis: { type: 'value' as const, minInterval: 1 },
      yAxis: { type: 'category' as const, data: r.members.map((m) => m.name).reverse() },
      series: GRADES.map((g) => ({
        name: g,
        type: 'bar' as const,
        stack: 'v',
        data: r.members.map((m) => m.vote[g]).reverse(),
      })),
      color: ['#cf1322', '#52c41a', '#fa8c16', '#8c8c8c'],
    }),
    [r],
  );
  const save = async () => {
    setBusy(true);
    setErr(null);
    try {
      await procedure.saveFinal(meetingId, finals);
      await qc.invalidateQueries({ queryKey: ['appraisal', meetingId] });
      message.success('评议等次已确定');
    } catch (e) {
      setErr(e instanceof ApiError ? e.message : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const votesTotal = Math.max(0, ...r.members.map((m) => m.votes));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Tag color="blue">参加评议党员{r.members.length}名</Tag>
        <Tag color="red">“优秀”最多{r.maxExcellent}名</Tag>
        <Tag>已收测评票{votesTotal}张</Tag>
        {decided ? <Tag color="success">等次已确定</Tag> : <Tag color="warning">等次待确定</Tag>}
      </Space>
      {r.missingSelf.length > 0 && (
        <Alert type="warning" showIcon title={`尚未自评：${r.missingSelf.map(name).join('、')}`} />
      )}
      {r.problems.map((p) => (
        <Alert key={p} type="warning" showIcon title={p} />
      ))}
      {votesTotal > 0 && (
        <Card size="small" title="民主测评得票">
          <Chart option={option} height={Math.max(160, 40 + r.members.length * 30)} label="每名党员的测评得票" />
        </Card>
      )}
      <Card title="逐人结果" data-testid="appraisal-results">
        <Table
          size="small"
          rowKey="personId"
          pagination={false}
          dataSource={r.members}
          columns={[
            { title: '党员', dataIndex: 'name', width: 80 },
            {
              title: '自评',
              render: (_: unknown, m) =>
                m.self ? (
                  <Tag color={GRADE_COLORS[m.self]}>{m.self}</Tag>
                ) : (
                  <Typography.Text type="secondary">未自评</Typography.Text>
                ),
            },
            {
              title: '互评',
              render: (_: unknown, m) =>
                GRADES.filter((g) => m.peer[g])
                  .map((g) => `${g}${m.peer[g]}`)
                  .join('，') || '—',
            },
            {
              title: '测评票',
              render: (_: unknown, m) =>
                m.votes
                  ? GRADES.filter((g) => m.vote[g])
                      .map((g) => `${g}${m.vote[g]}`)
                      .join('，')
                  : '—',
            },
            {
              title: '建议等次',
              render: (_: unknown, m) =>
                m.proposed ? (
                  <span>
                    <Tag color={GRADE_COLORS[m.proposed]}>{m.proposed}</Tag>
                    {m.cappedFromExcellent && <Tag color="warning">超出优秀名额</Tag>}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: '评定等次',
              render: (_: unknown, m) =>
                canDecide ? (
                  <Select
                    aria-label={`${m.name}的评定等次`}
                    style={{ width: 120 }}
                    value={finals[m.personId]}
                    onChange={(v) => setFinals((f) => ({ ...f, [m.personId]: v }))}
                    options={gradeOptions}
                  />
                ) : m.final ? (
                  <Tag color={GRADE_COLORS[m.final]}>{m.final}</Tag>
                ) : (
                  '待定'
                ),
            },
          ]}
        />
        {canDecide && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Typography.Text type={excellent > r.maxExcellent ? 'danger' : 'secondary'}>
              评定为“优秀”{excellent}名，名额{r.maxExcellent}名。
            </Typography.Text>
            {problems.length > 0 && <Alert type="error" showIcon title={problems.join(' ')} />}
            {err && <Alert type="error" showIcon title={err} />}
            <Button type="primary" loading={busy} disabled={problems.length > 0} onClick={save}>
              确定评议等次
            </Button>
          </Space>
        )}
      </Card>
    </Space>
  );
}
