/**
 * Dashboard charts on echarts/core with only the parts used (line, bar, pie; canvas renderer).
 * This module is imported lazily, so echarts is not in the first page load.
 */
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Schemas } from '../../../api/typed';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

function Chart({
  option,
  testId,
  height = 300,
}: {
  option: echarts.EChartsCoreOption;
  testId: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}

const COLORS = ['#c8502d', '#e8a33d', '#3b7dd8', '#52a36b', '#8c6bc8', '#d45d8b', '#5ab0b0', '#9a9a9a'];

export function TrendChart({ trend }: { trend: Schemas['DayPointDto'][] }) {
  return (
    <Chart
      testId="chart-trend"
      option={{
        color: COLORS,
        tooltip: { trigger: 'axis' },
        // Legend above the plot and axis labels inside the grid: nothing overlaps at any width.
        legend: { data: ['到店次数', '营业额（元）'], top: 0, left: 'center' },
        grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: trend.map((p) => p.day.slice(5)) },
        yAxis: [
          { type: 'value', name: '次' },
          { type: 'value', name: '元' },
        ],
        series: [
          { name: '到店次数', type: 'bar', data: trend.map((p) => p.visits) },
          {
            name: '营业额（元）',
            type: 'line',
            yAxisIndex: 1,
            smooth: true,
            data: trend.map((p) => Math.round(p.revenueFen / 100)),
          },
        ],
      }}
    />
  );
}

export function CouponChart({ trend }: { trend: Schemas['DayPointDto'][] }) {
  return (
    <Chart
      testId="chart-coupons"
      option={{
        color: ['#e8a33d', '#c8502d'],
        tooltip: { trigger: 'axis' },
        legend: { data: ['发放', '核销'], top: 0, left: 'center' },
        grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: trend.map((p) => p.day.slice(5)) },
        yAxis: { type: 'value' },
        series: [
          { name: '发放', type: 'line', smooth: true, data: trend.map((p) => p.couponsIssued) },
          { name: '核销', type: 'line', smooth: true, data: trend.map((p) => p.couponsUsed) },
        ],
      }}
    />
  );
}

export function PieDistribution({ data, testId }: { data: Schemas['NamedCountDto'][]; testId: string }) {
  return (
    <Chart
      testId={testId}
      option={{
        color: COLORS,
        tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
        legend: { bottom: 0, type: 'scroll' },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '45%'],
            data: data.map((d) => ({ name: d.name, value: d.count })),
            label: { formatter: '{b}\n{c}' },
          },
        ],
      }}
    />
  );
}

/** The five layers now and 30 days earlier, side by side. */
export function LifecycleChart({ data }: { data: Schemas['LifecycleCountDto'][] }) {
  return (
    <Chart
      testId="chart-lifecycle"
      height={260}
      option={{
        color: ['#d9c2b8', '#c8502d'],
        tooltip: { trigger: 'axis' },
        legend: { data: ['30 天前', '现在'], top: 0, left: 'center' },
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.map((d) => d.label) },
        yAxis: { type: 'value', name: '人' },
        series: [
          { name: '30 天前', type: 'bar', data: data.map((d) => d.prevCount) },
          {
            name: '现在',
            type: 'bar',
            data: data.map((d) => d.count),
            label: { show: true, position: 'top' },
          },
        ],
      }}
    />
  );
}

/** How often diners come back: members by their average interval between visits. */
export function IntervalChart({ data }: { data: Schemas['IntervalBucketDto'][] }) {
  return (
    <Chart
      testId="chart-intervals"
      height={260}
      option={{
        color: ['#3b7dd8'],
        tooltip: { trigger: 'axis', formatter: '{b}：{c} 人' },
        grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.map((d) => d.label), axisLabel: { interval: 0, fontSize: 11 } },
        yAxis: { type: 'value', name: '人' },
        series: [{ type: 'bar', data: data.map((d) => d.count), label: { show: true, position: 'top' } }],
      }}
    />
  );
}

/** A campaign's daily share of each group that came: treated against the holdout. */
export function CampaignTrendChart({ data }: { data: Schemas['TrendPointDto'][] }) {
  return (
    <Chart
      testId="chart-campaign-trend"
      height={240}
      option={{
        color: ['#c8502d', '#9a9a9a'],
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%`,
        },
        legend: { data: ['收到活动的会员', '对照组'], top: 0, left: 'center' },
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', name: '当天到店 %' },
        series: [
          {
            name: '收到活动的会员',
            type: 'line',
            smooth: true,
            data: data.map((d) => +(d.treatedRate * 100).toFixed(2)),
          },
          {
            name: '对照组',
            type: 'line',
            smooth: true,
            data: data.map((d) => +(d.holdoutRate * 100).toFixed(2)),
          },
        ],
      }}
    />
  );
}

/** An automation's firings per day: who got it and who was held out for comparison. */
export function AutomationDailyChart({ data }: { data: Schemas['AutomationDayDto'][] }) {
  return (
    <Chart
      testId="chart-automation-daily"
      height={220}
      option={{
        color: ['#c8502d', '#bfbfbf'],
        tooltip: { trigger: 'axis' },
        legend: { data: ['发出', '对照组'], top: 0, left: 'center' },
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', name: '人次', minInterval: 1 },
        series: [
          { name: '发出', type: 'bar', stack: 'all', data: data.map((d) => d.treated) },
          { name: '对照组', type: 'bar', stack: 'all', data: data.map((d) => d.holdout) },
        ],
      }}
    />
  );
}
