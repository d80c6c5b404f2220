/**
 * 会议情况报告 — the report to the superior: its figures (preparation, attendance, criticisms,
 * problems, measures), the text as it will read, the .docx download (GB/T 9704 layout) and the
 * deadline (default 15 days after the meeting; the organization may set its own).
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Input, InputNumber, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { meetings as meetingsApi } from '../../api/endpoints';
import { QueryState } from '../../components/QueryState';
import { procedure } from './api';
import { ProcedureFrame, useMeetingRights, useProcedureMeeting } from './common';
import { DeadlineTag } from './ReportDeadlineCard';
import { ArchiveZipButton } from './ArchiveDownload';
import type { ReportBlock, ReportQuery } from './types';
import './procedure.css';

export default function ReportPage() {
  const { id, meeting } = useProcedureMeeting();
  const rights = useMeetingRights(meeting);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [opts, setOpts] = useState<ReportQuery>({});
  const q = useQuery({
    queryKey: ['report', id, opts],
    queryFn: () => procedure.report(id, opts),
    placeholderData: (prev) => prev,
  });
  const r = q.data;
  const f = r?.figures;
  const reportStage = meeting?.stages.find((s) => s.stage === 'report');
  const [marking, setMarking] = useState(false);

  async function markSent(done: boolean) {
    if (!meeting) return;
    setMarking(true);
    try {
      const stages = meeting.stages.some((s) => s.stage === 'report')
        ? meeting.stages.map((s) =>
            s.stage === 'report' ? { ...s, doneAt: done ? new Date().toISOString() : null } : s,
          )
        : [
            ...meeting.stages,
            {
              stage: 'report' as const,
              startOn: null,
              dueOn: r?.figures.dueOn ?? null,
              doneAt: done ? new Date().toISOString() : null,
            },
          ];
      await meetingsApi.update(meeting.id, { stages });
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['meeting', id] }),
        qc.invalidateQueries({ queryKey: ['report', id] }),
        qc.invalidateQueries({ queryKey: ['report-deadlines'] }),
      ]);
      message.success(done ? '已标记为已报送' : '已撤销报送标记');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setMarking(false);
    }
  }

  return (
    <ProcedureFrame
      meeting={meeting}
      title="会议情况报告"
      extra={
        r && (
          <Space wrap className="no-print">
            <Button
              type="primary"
              href={procedure.reportDocxUrl(id, opts)}
              download
              data-testid="report-docx"
              disabled={!rights.writeRecord}
            >
              下载报告（.docx）
            </Button>
            <Button onClick={() => window.print()}>打印预览</Button>
            <ArchiveZipButton meetingId={id} />
          </Space>
        )
      }
    >
      <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
        {r && f && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" className="no-print" data-testid="report-deadline">
              <Space wrap size={16}>
                <span>会议召开：{r.heldOn ? dayjs(r.heldOn).format('YYYY年M月D日') : '日期未定'}</span>
                {r.deadline && (
                  <>
                    <span>
                      报送期限：会后{r.deadlineDays}天，即 <b>{dayjs(r.deadline.dueOn).format('YYYY年M月D日')}</b>前
                    </span>
                    <DeadlineTag state={r.deadline} />
                  </>
                )}
                {rights.secretary &&
                  (reportStage?.doneAt ? (
                    <Button size="small" loading={marking} onClick={() => markSent(false)}>
                      撤销“已报送”
                    </Button>
                  ) : (
                    <Button size="small" loading={marking} onClick={() => markSent(true)}>
                      标记为已报送
                    </Button>
                  ))}
              </Space>
              {rights.secretary && meeting && (
                <DeadlineSetting
                  orgId={meeting.orgId}
                  onSaved={() => qc.invalidateQueries({ queryKey: ['report', id] })}
                />
              )}
            </Card>
            <Row gutter={[12, 12]} className="no-print" data-testid="report-figures">
              {[
                ['集中学习研讨', f.studySessions === null ? '未填' : `${f.studySessions}次`],
                [
                  '征求意见',
                  `${f.opinionsTotal}条`,
                  `${meeting?.groupName ?? (meeting?.kind === '组织生活会' ? '支部委员会' : '班子')}${f.opinionsGroup}条，个人${f.opinionsPersonal}条`,
                ],
                [
                  '谈心谈话',
                  `${f.talkCount}次`,
                  `${f.talkPersonTimes}人次；应谈${f.talkPairsRequired}对，已谈${f.talkPairsDone}对`,
                ],
                ['对照检查材料', f.materials === null ? '—' : `${f.materials}份`],
                [
                  '到会',
                  f.attendanceRecorded ? `${f.present}/${f.expected}人` : '未登记',
                  f.attendanceRecorded ? (f.quorumMet ? '达到三分之二' : '未达到三分之二') : undefined,
                ],
                ['发言', `${f.speeches}人`],
                ['批评意见', `${f.criticisms}条`],
                ['查摆问题', `${f.problems}个`],
                ['整改措施', `${f.measures}条`],
                ['整改台账', `${f.ledgerItems}项`],
              ].map(([t, v, hint]) => (
                <Col key={t} xs={12} md={8} xl={6} xxl={4}>
                  <Card size="small" className="report-figure">
                    <Statistic
                      title={t}
                      value={v}
                      valueStyle={{
                        fontSize: 20,
                        color: t === '到会' && f.attendanceRecorded && !f.quorumMet ? '#cf1322' : undefined,
                      }}
                    />
                    {hint && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {hint}
                      </Typography.Text>
                    )}
                  </Card>
                </Col>
              ))}
            </Row>
            {f.attendanceRecorded && !f.quorumMet && (
              <Alert
                className="no-print"
                type="error"
                showIcon
                title="会议到会人数未达到应到人数的三分之二，报告中将如实写明。请核对会议记录中的出席情况。"
              />
            )}
            {r.gaps.length > 0 && (
              <Alert
                className="no-print"
                type="warning"
                showIcon
                data-testid="report-gaps"
                title="以下情况尚未记录，报告中不写："
                description={
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {r.gaps.map((g) => (
                      <li key={g}>{g}</li>
                    ))}
                  </ul>
                }
              />
            )}
            <Card size="small" className="no-print" title="补充报告信息">
              <Space wrap>
                <span>会前集中学习研讨</span>
                <InputNumber
                  aria-label="集中学习研讨次数"
                  min={0}
                  max={1000}
                  value={opts.studySessions ?? null}
                  onChange={(v) => setOpts((o) => ({ ...o, studySessions: v ?? null }))}
                  addonAfter="次"
                />
                <span>主送单位</span>
                <Input
                  aria-label="主送单位"
                  style={{ width: 240 }}
                  placeholder="默认为上级党组织"
                  defaultValue={opts.superiorName ?? ''}
                  onBlur={(e) => setOpts((o) => ({ ...o, superiorName: e.target.value }))}
                />
                <span>落款日期</span>
                <DatePicker
                  aria-label="落款日期"
                  value={opts.reportOn ? dayjs(opts.reportOn) : null}
                  onChange={(d) => setOpts((o) => ({ ...o, reportOn: d ? d.format('YYYY-MM-DD') : null }))}
                />
              </Space>
              <div style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">
                  报告中的数字来自<Link to={`/meetings/${id}/opinions`}>征求意见</Link>、
                  <Link to={`/meetings/${id}/talks`}>谈心谈话</Link>和
                  <Link to={`/meetings/${id}/record`}>会议记录</Link>
                  ；查摆问题和整改措施取自审核通过的对照检查材料，整改事项取自整改台账。
                </Typography.Text>
              </div>
            </Card>
            <div
              className="doc"
              data-testid="report-preview"
              style={{
                maxWidth: 820,
                margin: '0 auto',
                width: '100%',
                boxSizing: 'border-box',
                opacity: q.isFetching ? 0.6 : 1,
              }}
            >
              {r.blocks.map((b, i) => (
                <Block key={i} b={b} />
              ))}
            </div>
          </Space>
        )}
      </QueryState>
    </ProcedureFrame>
  );
}

function Block({ b }: { b: ReportBlock }) {
  switch (b.role) {
    case 'title':
      return <p className="doc-title">{b.text}</p>;
    case 'addressee':
      return <p style={{ textIndent: 0, marginTop: 16 }}>{b.text}</p>;
    case 'h1':
      return <p className="doc-part">{b.text}</p>;
    case 'h2':
      return <p className="doc-item-head">{b.text}</p>;
    case 'signature':
      return <p style={{ textAlign: 'right', marginTop: 32, textIndent: 0, paddingRight: '4em' }}>{b.text}</p>;
    case 'date':
      return <p style={{ textAlign: 'right', textIndent: 0, paddingRight: '4em' }}>{b.text}</p>;
    default:
      return b.headChars ? (
        <p>
          <span className="doc-item-head">{b.text.slice(0, b.headChars)}</span>
          {b.text.slice(b.headChars)}
        </p>
      ) : (
        <p>{b.text}</p>
      );
  }
}

/** The organization's report deadline (days after the meeting); empty = the superior's or 15. */
function DeadlineSetting({ orgId, onSaved }: { orgId: string; onSaved: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const s = useQuery({
    queryKey: ['report-settings', orgId],
    queryFn: () => procedure.reportSettings(orgId),
    retry: false,
  });
  const [days, setDays] = useState<number | null | undefined>(undefined);
  if (!s.data) return null;
  const value = days === undefined ? s.data.reportDeadlineDays : days;
  const save = async (v: number | null) => {
    try {
      await procedure.saveReportSettings(orgId, v);
      await qc.invalidateQueries({ queryKey: ['report-settings', orgId] });
      await qc.invalidateQueries({ queryKey: ['report-deadlines'] });
      onSaved();
      message.success(v === null ? '已恢复默认报送期限' : `报送期限已设为会后${v}天`);
      setDays(undefined);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space wrap style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">本组织的报送期限：</Typography.Text>
      <InputNumber
        aria-label="报送期限天数"
        size="small"
        min={1}
        max={365}
        value={value}
        placeholder={String(s.data.effectiveDays)}
        onChange={(v) => setDays(v)}
        addonBefore="会后"
        addonAfter="天"
      />
      <Button
        size="small"
        disabled={value === s.data.reportDeadlineDays || value == null}
        onClick={() => save(value ?? null)}
      >
        保存
      </Button>
      {s.data.reportDeadlineDays !== null && (
        <Button size="small" type="link" onClick={() => save(null)}>
          恢复默认
        </Button>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {s.data.reportDeadlineDays === null
          ? s.data.inheritedFrom
            ? `当前沿用上级组织的设置（${s.data.effectiveDays}天）`
            : `当前为默认的${s.data.defaultDays}天`
          : '下级组织未另行设置的，沿用本设置'}
      </Typography.Text>
    </Space>
  );
}
