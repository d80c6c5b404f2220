/**
 * The dashboard's charts (loaded lazily with echarts): completion by branch and by aspect as
 * stacked bars (已销号 / 待销号 / 整改中 / 超期), and the monthly trend (items created and closed,
 * with the cumulative completion rate as a line).
 */
import { useMemo } from 'react';
import { Col, Row, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import type { EChartsOption } from 'echarts';
import Chart from '../../components/Chart';
import { TONE_COLORS } from './common';
import type { Dashboard } from './types';

echarts.use([LineChart]);

type Row = Dashboard['byOrg'][number];

/** Months from the first to `last`, gaps filled; the last `window` months are shown. */
export function trendSeries(trend: Dashboard['trend'], last: string, window = 24) {
  if (!trend.length)
    return { months: [] as string[], created: [] as number[], closed: [] as number[], rate: [] as number[] };
  const byMonth = new Map(trend.map((t) => [t.month, t]));
  const months: string[] = [];
  let [y, m] = trend[0].month.split('-').map(Number);
  const end = trend[trend.length - 1].month > last ? trend[trend.length - 1].month : last;
  for (let guard = 0; guard < 600; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key >= end) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  let cc = 0;
  let cl = 0;
  const rows = months.map((k) => {
    const t = byMonth.get(k);
    cc += t?.created ?? 0;
    cl += t?.closed ?? 0;
    return {
      month: k,
      created: t?.created ?? 0,
      closed: t?.closed ?? 0,
      rate: cc ? Math.round((cl / cc) * 1000) / 10 : 0,
    };
  });
  // The last `window` months; leading empty months are dropped (at least 12 months stay shown).
  let shown = rows.slice(-window);
  const firstActive = shown.findIndex((r) => r.created || r.closed);
  if (firstActive > 0) shown = shown.slice(Math.max(0, Math.min(firstActive - 1, shown.length - 12)));
  return {
    months: shown.map((r) => r.month),
    created: shown.map((r) => r.created),
    closed: shown.map((r) => r.closed),
    rate: shown.map((r) => r.rate),
  };
}

function completionOption(rows: Row[], label: (k: string) => string): EChartsOption {
  const cats = rows.map((r) => label(r.key));
  const open = rows.map((r) => Math.max(0, r.total - r.closed - r.awaitingClose - r.overdue));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 110, right: 48, top: 8, bottom: 40 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { width: 100, overflow: 'truncate' } },
    series: [
      {
        name: '已销号',
        type: 'bar',
        stack: 's',
        itemStyle: { color: TONE_COLORS.closed.chart },
        data: rows.map((r) => r.closed),
      },
      {
        name: '待销号',
        type: 'bar',
        stack: 's',
        itemStyle: { color: TONE_COLORS.awaiting.chart },
        data: rows.map((r) => r.awaitingClose),
      },
      { name: '整改中', type: 'bar', stack: 's', itemStyle: { color: TONE_COLORS.open.chart }, data: open },
      {
        name: '超期',
        type: 'bar',
        stack: 's',
        itemStyle: { color: TONE_COLORS.overdue.chart },
        data: rows.map((r) => r.overdue),
        label: {
          show: true,
          position: 'right',
          color: '#595959',
          formatter: (p) => `${Math.round((rows[p.dataIndex as number]?.rate ?? 0) * 100)}%`,
        },
      },
    ],
  };
}

export default function LedgerCharts({
  data,
  orgName,
  orgRank,
  today,
}: {
  data: Dashboard;
  orgName: (id: string) => string;
  orgRank?: (id: string) => number;
  today: string;
}) {
  // Organizations in tree order (the parent first, then its branches by their sort order).
  const orgRows = useMemo(
    () => (orgRank ? [...data.byOrg].sort((a, b) => orgRank(a.key) - orgRank(b.key)) : data.byOrg),
    [data.byOrg, orgRank],
  );
  const byOrg = useMemo(() => completionOption(orgRows, orgName), [orgRows, orgName]);
  const byAspect = useMemo(() => completionOption(data.byAspect, (k) => k || '（未分类）'), [data.byAspect]);
  const t = useMemo(() => trendSeries(data.trend, today.slice(0, 7)), [data.trend, today]);
  const trend = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 48, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: t.months },
      yAxis: [
        { type: 'value', minInterval: 1, name: '项' },
        { type: 'value', min: 0, max: 100, name: '%', splitLine: { show: false } },
      ],
      series: [
        { name: '新增', type: 'bar', itemStyle: { color: '#91caff' }, data: t.created },
        { name: '销号', type: 'bar', itemStyle: { color: TONE_COLORS.closed.chart }, data: t.closed },
        { name: '累计销号率', type: 'line', yAxisIndex: 1, itemStyle: { color: '#389e0d' }, data: t.rate },
      ],
    }),
    [t],
  );
  const h = (n: number) => Math.max(160, 48 + n * 30);
  const desc = (rows: Row[], name: (k: string) => string) =>
    rows.map((r) => `${name(r.key)}共${r.total}项已销号${r.closed}项超期${r.overdue}项`).join('；');
  return (
    <Row gutter={[16, 16]}>
      {orgRows.length > 1 && (
        <Col xs={24} lg={12}>
          <Typography.Text strong>各组织完成情况</Typography.Text>
          <Chart label={`各组织完成情况：${desc(orgRows, orgName)}`} height={h(orgRows.length)} option={byOrg} />
        </Col>
      )}
      <Col xs={24} lg={orgRows.length > 1 ? 12 : 24}>
        <Typography.Text strong>各方面完成情况</Typography.Text>
        <Chart
          label={`各方面完成情况：${desc(data.byAspect, (k) => k || '未分类')}`}
          height={h(data.byAspect.length)}
          option={byAspect}
        />
      </Col>
      <Col span={24}>
        <Typography.Text strong>整改进度趋势（按月，近 {t.months.length} 个月）</Typography.Text>
        <Chart
          label={`整改进度趋势：${t.months.map((m, i) => `${m}新增${t.created[i]}项销号${t.closed[i]}项`).join('，')}`}
          height={240}
          option={trend}
        />
      </Col>
    </Row>
  );
}
