/**
 * ECharts through `echarts/core` with only the charts this app draws (bar, pie), so the chart
 * library stays out of the initial bundle and small in its own chunk. Animation is off under
 * automation (screenshots) and for users who prefer reduced motion.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const reduce = () =>
  navigator.webdriver ||
  document.documentElement.classList.contains('no-motion') ||
  !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export default function Chart({
  option,
  height = 240,
  label,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: !reduce(),
        textStyle: { fontFamily: '"Noto Sans CJK SC","Microsoft YaHei",sans-serif' },
        ...option,
      } as EChartsOption,
      true,
    );
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ height, width: '100%' }} data-testid="chart" />;
}
