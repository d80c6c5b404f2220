/**
 * 征求意见 — for the secretary: open a collection, hand out its link and a printable QR code,
 * close it or change the link, and read the summary for the 班子 and for each member. For a
 * member: the opinions on him (fed back before the meeting) and those on the 班子.
 *
 * The link is public by purpose (printed on posters): whenever the page is opened it shows the
 * current link and QR code again (the server rebuilds it from a key kept outside the database), with
 * print; "重新生成" makes a new link on purpose, after a warning that the posters already up stop
 * working. The period defaults to the meeting's 征求意见 stage.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Input,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../../api/client';
import Chart from '../../components/Chart';
import { QueryState } from '../../components/QueryState';
import { procedure } from './api';
import { ProcedureFrame, useMeetingRights, useProcedureMeeting } from './common';
import { ArchiveFileButtons } from './ArchiveDownload';
import type { Batching, ManagedOpinion, OpinionCollection, OpinionGroup, OpinionLink } from './types';
import type { MeetingDetail } from '../../api/types';
import './procedure.css';

export default function OpinionsPage() {
  const { id, meeting, orgName } = useProcedureMeeting();
  const rights = useMeetingRights(meeting);
  const manage = rights.secretary;
  const mayReadAll = rights.secretary || rights.reviewer;
  return (
    <ProcedureFrame
      meeting={meeting}
      title="征求意见"
      extra={mayReadAll && <ArchiveFileButtons meetingId={id} part="opinions" />}
    >
      {meeting && (
        <Tabs
          defaultActiveKey={manage ? 'collect' : mayReadAll || !rights.participant ? 'summary' : 'mine'}
          items={[
            ...(manage
              ? [
                  {
                    key: 'collect',
                    label: '开展征集',
                    children: <Collections meetingId={id} orgName={orgName} stages={meeting.stages} />,
                  },
                ]
              : []),
            ...(mayReadAll
              ? [
                  {
                    key: 'summary',
                    label: '意见汇总',
                    children: <Summary meetingId={id} kind={meeting.kind} group={groupOf(meeting)} />,
                  },
                ]
              : []),
            ...(rights.participant
              ? [{ key: 'mine', label: '反馈给我的意见', children: <Mine meetingId={id} group={groupOf(meeting)} /> }]
              : []),
          ]}
        />
      )}
    </ProcedureFrame>
  );
}

// ---------------------------------------------------------------- collections (secretary)

function Collections({
  meetingId,
  orgName,
  stages,
}: {
  meetingId: string;
  orgName: string;
  stages: MeetingDetail['stages'];
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['opinion-collections', meetingId], queryFn: () => procedure.collections(meetingId) });
  // The period defaults to the meeting's 征求意见 stage (unless its end is already past).
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() => {
    const st = stages.find((s) => s.stage === 'opinions');
    if (!st?.dueOn || st.dueOn < dayjs().format('YYYY-MM-DD')) return null;
    return [st.startOn ? dayjs(st.startOn) : null, dayjs(st.dueOn)];
  });
  const [busy, setBusy] = useState(false);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['opinion-collections', meetingId] }),
      qc.invalidateQueries({ queryKey: ['opinion-summary', meetingId] }),
      qc.invalidateQueries({ queryKey: ['opinion-link'] }),
    ]);
  const keep = (l: OpinionLink) => qc.setQueryData(['opinion-link', l.collection.id], l);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      await refresh();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const items = q.data ?? [];
  const open = items.find((c) => c.status === 'open');
  // The current link, asked again every time the page opens (the server rebuilds it).
  const linkQ = useQuery({
    queryKey: ['opinion-link', open?.id],
    queryFn: () => procedure.currentLink(open!.id, location.origin),
    enabled: !!open,
    retry: false,
    staleTime: Infinity,
  });
  const shown = linkQ.data ?? null;
  const rotate = (c: OpinionCollection) =>
    act(async () => keep(await procedure.rotateLink(c.id, { baseUrl: location.origin })), '已重新生成链接');
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {!open && (
          <Card title="开启意见征集">
            <Typography.Paragraph>
              开启后生成一个专用链接和二维码，可印在征求意见表上、发到工作群或贴在意见箱旁。任何拿到链接的人都可以
              <b>不登录、匿名</b>提出意见：系统不记录账号、IP 地址、浏览器信息或提交时间（只保留日期）。
            </Typography.Paragraph>
            <Space wrap>
              <span>征集时间</span>
              <DatePicker.RangePicker
                aria-label="征集时间"
                value={range}
                onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
                allowEmpty={[true, true]}
                placeholder={['即日起', '不限截止']}
              />
              <Button
                type="primary"
                loading={busy}
                data-testid="open-collection"
                onClick={() =>
                  act(
                    async () =>
                      keep(
                        await procedure.openCollection(meetingId, {
                          opensOn: range?.[0]?.format('YYYY-MM-DD') ?? null,
                          closesOn: range?.[1]?.format('YYYY-MM-DD') ?? null,
                          baseUrl: location.origin,
                        }),
                      ),
                    '已开启意见征集',
                  )
                }
              >
                开启征集并生成链接
              </Button>
            </Space>
          </Card>
        )}
        {open && (
          <Card
            title="正在征集"
            extra={<Tag color="processing">已汇总{open.count ?? 0}条</Tag>}
            data-testid="open-collection-card"
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <BatchingNote batching={open.batching} />
              <Typography.Text>
                {open.opensOn ? `${dayjs(open.opensOn).format('YYYY年M月D日')}起` : '即日起'}，
                {open.closesOn
                  ? `${dayjs(open.closesOn).format('YYYY年M月D日')}截止`
                  : '不限截止日期（结束时请点“结束征集”）'}
              </Typography.Text>
              {shown?.url ? (
                <LinkBox link={shown} orgName={orgName} />
              ) : linkQ.isLoading ? (
                <Typography.Text type="secondary">正在读取链接…</Typography.Text>
              ) : (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="link-unavailable"
                  title="无法显示当前链接"
                  description={linkQ.error ? errorMessage(linkQ.error) : undefined}
                />
              )}
              <Space wrap>
                <Popconfirm
                  title="重新生成链接"
                  description={
                    <span>
                      重新生成后，<b>已张贴的二维码和已发出的旧链接立即失效</b>，需要重新打印、重新发送。
                      <br />
                      已收到的意见不受影响。确定重新生成？
                    </span>
                  }
                  okText="重新生成"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => rotate(open)}
                >
                  <Button loading={busy} data-testid="rotate-link">
                    重新生成
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title="结束后不再接收意见（可重新开启）。继续？"
                  okText="结束"
                  cancelText="取消"
                  onConfirm={() =>
                    act(async () => {
                      await procedure.closeCollection(open.id);
                    }, '已结束征集')
                  }
                >
                  <Button danger loading={busy} data-testid="close-collection">
                    结束征集
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          </Card>
        )}
        {items.some((c) => (c.count ?? 0) + (c.hidden ?? 0) > 0) && (
          <ManageOpinions meetingId={meetingId} onChange={refresh} />
        )}
        {items.length > 0 && (
          <Card title="征集记录" size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={items}
              columns={[
                { title: '开启日期', dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD') },
                {
                  title: '征集时间',
                  render: (_: unknown, c: OpinionCollection) => `${c.opensOn ?? '即日起'} — ${c.closesOn ?? '不限'}`,
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: string) => (s === 'open' ? <Tag color="processing">征集中</Tag> : <Tag>已结束</Tag>),
                },
                {
                  title: '意见',
                  render: (_: unknown, c: OpinionCollection) =>
                    `${c.count ?? 0}条${c.hidden ? `（已屏蔽${c.hidden}条）` : ''}`,
                },
                {
                  title: '操作',
                  render: (_: unknown, c: OpinionCollection) =>
                    // Not offered when the server would refuse: the window is over, or (hourly batching off)
                    // the close released a small batch — a new collection is the way on.
                    c.status === 'closed' &&
                    !open &&
                    !(c.closesOn && c.closesOn < dayjs().format('YYYY-MM-DD')) &&
                    c.batching?.hourly !== false ? (
                      <Button
                        size="small"
                        onClick={() =>
                          act(
                            async () =>
                              keep(await procedure.rotateLink(c.id, { reopen: true, baseUrl: location.origin })),
                            '已重新开启（新链接）',
                          )
                        }
                      >
                        重新开启
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>
        )}
      </Space>
    </QueryState>
  );
}

/**
 * Copy to the clipboard. navigator.clipboard exists only in a secure context (HTTPS or localhost):
 * on an intranet server opened over plain HTTP it is undefined, and the button did nothing. There
 * the text is copied from a selected, hidden text area instead.
 */
async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      /* permission refused: try the old way */
    }
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  Object.assign(ta.style, { position: 'fixed', top: '0', left: '0', opacity: '0' });
  document.body.appendChild(ta);
  ta.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    ta.remove();
  }
}

function LinkBox({ link, orgName }: { link: OpinionLink; orgName: string }) {
  const { message } = App.useApp();
  const url = link.url!;
  const print = () => {
    const w = window.open('', '_blank', 'noopener=no,width=720,height=900');
    if (!w) return message.error('浏览器阻止了打印窗口，请允许弹出窗口后重试。');
    w.document.title = '征求意见二维码';
    w.document.body.innerHTML = `<div style="font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;text-align:center;padding:40px">
      <h1 style="font-size:26px;margin:0 0 8px"></h1><p style="font-size:18px;margin:0 0 24px">征求意见建议</p>
      <div class="qr" style="width:320px;height:320px;margin:0 auto"></div>
      <p style="font-size:16px;margin-top:24px">请用手机扫描二维码提出意见建议。无需登录，匿名提交：<br>不记录您的账号、IP 地址、设备信息和提交时间。</p>
      <p style="font-size:12px;color:#666;word-break:break-all"></p></div>`;
    w.document.querySelector('h1')!.textContent = orgName;
    w.document.querySelectorAll('p')[2].textContent = url;
    w.document.querySelector('.qr')!.innerHTML = link.qrSvg ?? '';
    const svg = w.document.querySelector('.qr svg') as SVGElement | null;
    if (svg) svg.setAttribute('style', 'width:320px;height:320px');
    setTimeout(() => w.print(), 100);
  };
  return (
    <Row gutter={16} align="middle">
      <Col flex="240px">
        {/* The SVG comes from our own server (formats/opinion-qr.ts), built from the link only. */}
        <div className="qr-box" data-testid="qr" dangerouslySetInnerHTML={{ __html: link.qrSvg ?? '' }} />
      </Col>
      <Col flex="auto">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>征求意见链接（匿名，无需登录）</Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              readOnly
              value={url}
              data-testid="opinion-link"
              aria-label="征求意见链接"
              onFocus={(e) => e.target.select()}
            />
            <Button
              onClick={() =>
                void copyText(url).then((ok) =>
                  ok ? message.success('已复制链接') : message.error('复制失败，请手动选择复制'),
                )
              }
            >
              复制
            </Button>
          </Space.Compact>
          <Space wrap>
            <Button onClick={print}>打印二维码</Button>
            <Button href={url} target="_blank" rel="noreferrer">
              打开填写页面
            </Button>
          </Space>
          <Typography.Text type="secondary">
            链接就是凭证：请只在需要的范围内发放；如外泄，可“重新生成”（旧链接随即失效）。此页随时可再次显示、打印当前链接。
          </Typography.Text>
        </Space>
      </Col>
    </Row>
  );
}

/**
 * Opinions are shown in batches (so that nobody can tell from the database when each was written).
 * How many wait is told to nobody — a count that moves with each submission would give away its
 * time and size — only how batching works.
 */
function BatchingNote({ batching }: { batching?: Batching }) {
  if (!batching) return null;
  const title = batching.hourly
    ? `匿名意见每累计${batching.size}人次提交或每个整点汇总显示一次，之前收到的意见暂不显示`
    : `匿名意见每累计${batching.size}人次提交汇总显示一次（不足${batching.size}人次的在征集结束后显示），之前收到的意见暂不显示`;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="opinions-batching"
      title={title}
      description="为保护匿名，任何人（包括书记和管理员）都无法提前查看，也看不到有多少条正在等待汇总，无法据此推断谁在什么时间提交。"
    />
  );
}

/** One by one, for the secretary: hide junk (灌水、广告、无关内容). Hidden ones leave the summary and the report. */
function ManageOpinions({ meetingId, onChange }: { meetingId: string; onChange: () => Promise<unknown> }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['opinions-manage', meetingId], queryFn: () => procedure.manageOpinions(meetingId) });
  const [busy, setBusy] = useState<string | null>(null);
  const toggle = async (o: ManagedOpinion) => {
    setBusy(o.id);
    try {
      await procedure.hideOpinion(o.id, !o.hidden);
      await Promise.all([qc.invalidateQueries({ queryKey: ['opinions-manage', meetingId] }), onChange()]);
      message.success(o.hidden ? '已恢复该条意见' : '已屏蔽该条意见');
    } catch (e) {
      message.error(errorMessage(e));
      await qc.invalidateQueries({ queryKey: ['opinions-manage', meetingId] });
    } finally {
      setBusy(null);
    }
  };
  const hideSame = async (o: ManagedOpinion) => {
    setBusy(o.id);
    try {
      const r = await procedure.hideSameText(o.id, true);
      await Promise.all([qc.invalidateQueries({ queryKey: ['opinions-manage', meetingId] }), onChange()]);
      message.success(`已屏蔽${r.count}条相同内容的意见`);
    } catch (e) {
      message.error(errorMessage(e));
      await qc.invalidateQueries({ queryKey: ['opinions-manage', meetingId] });
    } finally {
      setBusy(null);
    }
  };
  const rows = q.data ?? [];
  const hidden = rows.filter((o) => o.hidden).length;
  const same = new Map<string, number>();
  for (const o of rows) if (!o.hidden) same.set(o.body.trim(), (same.get(o.body.trim()) ?? 0) + 1);
  return (
    <Card
      title="逐条查看与屏蔽"
      size="small"
      extra={hidden ? <Tag>已屏蔽{hidden}条</Tag> : null}
      data-testid="manage-opinions"
    >
      <Typography.Paragraph type="secondary">
        对灌水、广告等与会议无关的内容，可以屏蔽：屏蔽后不进入意见汇总、会议情况报告和整改事项草稿，但仍计数，审计日志记录“屏蔽了一条意见”。
      </Typography.Paragraph>
      <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
        <Table
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(o) => (o.hidden ? 'opinion-hidden' : '')}
          columns={[
            {
              title: '对象',
              width: 110,
              render: (_: unknown, o: ManagedOpinion) => (o.targetKind === 'group' ? '班子/支委会' : o.targetName),
            },
            {
              title: '类别',
              dataIndex: 'category',
              width: 100,
              render: (c: string | null) => (c ? <Tag>{c}</Tag> : null),
            },
            {
              title: '意见',
              render: (_: unknown, o: ManagedOpinion) => (
                <Typography.Paragraph
                  style={{ margin: 0 }}
                  delete={o.hidden}
                  type={o.hidden ? 'secondary' : undefined}
                  ellipsis={{ rows: 2, expandable: true }}
                >
                  {o.body}
                </Typography.Paragraph>
              ),
            },
            { title: '日期', dataIndex: 'submittedOn', width: 110 },
            {
              title: '操作',
              width: 200,
              render: (_: unknown, o: ManagedOpinion) =>
                o.hidden ? (
                  <Button size="small" loading={busy === o.id} onClick={() => toggle(o)} data-testid="unhide-opinion">
                    恢复
                  </Button>
                ) : (
                  <Space size={4} wrap>
                    <Popconfirm
                      title="屏蔽这条意见？"
                      description="屏蔽后不进入汇总和报告（可恢复），审计日志会记录此操作。"
                      okText="屏蔽"
                      cancelText="取消"
                      onConfirm={() => toggle(o)}
                    >
                      <Button size="small" danger loading={busy === o.id} data-testid="hide-opinion">
                        屏蔽
                      </Button>
                    </Popconfirm>
                    {(same.get(o.body.trim()) ?? 0) > 1 && (
                      <Popconfirm
                        title={`屏蔽全部相同内容（${same.get(o.body.trim())}条）？`}
                        description="用于清理刷屏：屏蔽后不进入汇总、不占当天的提交上限（可逐条恢复），审计日志只记录条数。"
                        okText="全部屏蔽"
                        cancelText="取消"
                        onConfirm={() => hideSame(o)}
                      >
                        <Button size="small" danger loading={busy === o.id} data-testid="hide-same-text">
                          屏蔽全部相同内容
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}

// ---------------------------------------------------------------- summary (secretary, reviewer)

function GroupItems({ g, testId }: { g: OpinionGroup; testId?: string }) {
  if (!g.items.length) return <Typography.Text type="secondary">暂无意见</Typography.Text>;
  return (
    <ol style={{ paddingLeft: 20, margin: 0 }} data-testid={testId}>
      {g.items.map((it, i) => (
        <li key={i} style={{ marginBottom: 4 }}>
          {it.category && <Tag>{it.category}</Tag>}
          {it.body}
          {it.count > 1 && <Typography.Text type="secondary">（{it.count}人次）</Typography.Text>}
        </li>
      ))}
    </ol>
  );
}

/** How the group examined is named (the server says; older servers: by the meeting's kind). */
function groupOf(m: { kind: string; groupName?: string }): string {
  return m.groupName ?? (m.kind === '组织生活会' ? '支部委员会' : '领导班子');
}

function Summary({ meetingId, kind, group }: { meetingId: string; kind: string; group: string }) {
  const q = useQuery({ queryKey: ['opinion-summary', meetingId], queryFn: () => procedure.opinionSummary(meetingId) });
  const s = q.data;
  const chart = useMemo(() => {
    if (!s) return null;
    const cats = Object.keys(s.byCategory);
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'value' as const, minInterval: 1 },
      yAxis: {
        type: 'category' as const,
        data: [group, ...s.persons.map((p) => p.name)].reverse(),
      },
      series: cats.map((c) => ({
        name: c,
        type: 'bar' as const,
        stack: 'n',
        data: [s.group.byCategory[c] ?? 0, ...s.persons.map((p) => p.byCategory[c] ?? 0)].reverse(),
      })),
    };
  }, [s, group]);
  const personLabel = kind === '组织生活会' ? '党员个人' : '班子成员个人';
  const groupLabel = group;
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {s && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="共征求到意见建议" value={s.total} suffix="条" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={`对${groupLabel}`} value={s.group.count} suffix="条" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={`对${personLabel}`} value={s.total - s.group.count} suffix="条" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title="提交日期"
                  value={s.firstOn ? `${dayjs(s.firstOn).format('M月D日')}—${dayjs(s.lastOn).format('M月D日')}` : '—'}
                />
              </Card>
            </Col>
          </Row>
          <BatchingNote batching={s.batching} />
          {!!s.hidden && (
            <Typography.Text type="secondary">
              另有{s.hidden}条意见已被屏蔽（与会议无关的内容），不计入以上数字。
            </Typography.Text>
          )}
          {s.total === 0 ? (
            <Empty description="尚未收到意见。开启征集后，把链接或二维码发给征求对象。" />
          ) : (
            <>
              <Card size="small" title="意见分布（按对象和类别）">
                {chart && (
                  <Chart
                    option={chart}
                    height={Math.max(160, 40 + 32 * (s.persons.length + 1))}
                    label="意见按对象和类别分布"
                  />
                )}
              </Card>
              <Typography.Text type="secondary">
                材料前言可引用：会前通过多种方式广泛征求意见建议，共征求到意见建议{s.total}条，其中对{groupLabel}的
                {s.group.count}条、对{personLabel}的{s.total - s.group.count}条。
              </Typography.Text>
              <Card title={`对${groupLabel}的意见（${s.group.count}条）`} data-testid="summary-group">
                <GroupItems g={s.group} />
              </Card>
              <Card title="对个人的意见（逐人反馈）" data-testid="summary-persons">
                <Table
                  size="small"
                  rowKey="personId"
                  pagination={false}
                  dataSource={s.persons}
                  columns={[
                    { title: '姓名', dataIndex: 'name', width: 100 },
                    { title: '条数', dataIndex: 'count', width: 70 },
                    { title: '意见（相同意见已合并）', render: (_: unknown, p) => <GroupItems g={p} /> },
                  ]}
                />
              </Card>
            </>
          )}
        </Space>
      )}
    </QueryState>
  );
}

// ---------------------------------------------------------------- feedback to the member

function Mine({ meetingId, group }: { meetingId: string; group: string }) {
  const q = useQuery({
    queryKey: ['opinions-mine', meetingId],
    queryFn: () => procedure.myOpinions(meetingId),
    retry: false,
  });
  const forbidden = q.error instanceof ApiError && q.error.status === 403;
  if (forbidden) return <Alert type="info" showIcon title="您不是本次会议的评议对象，没有反馈给您的意见。" />;
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {q.data && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title="以下意见为匿名征集所得，原汁原味反馈给您本人，请逐条认领，在对照检查材料中回应。"
          />
          <Card title={`对您本人的意见（${q.data.mine.count}条）`} data-testid="mine-opinions">
            <GroupItems g={q.data.mine} />
          </Card>
          <Card title={`对${group}的意见（${q.data.group.count}条）`}>
            <GroupItems g={q.data.group} />
          </Card>
        </Space>
      )}
    </QueryState>
  );
}
