/**
 * Bar charts with Apache ECharts, only the parts used (bar series, grid, tooltip, canvas), so the
 * bundle stays a fraction of the full library. Each chart is registered by name for the browser
 * test's hook (window.dashboardTestHook), which reads back the categories and values drawn.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { el } from './dom';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface BarData {
  categories: string[];
  /** null: no bar (a gap), never drawn as zero. */
  values: (number | null)[];
  /** HTML of the tooltip of bar i (escape what comes from data). */
  tooltip?: (index: number) => string;
  /** Categories drawn as gaps (their axis label in the gap style). */
  gaps?: boolean[];
  /** The text beside bar i (default: its value). */
  label?: (index: number) => string;
  horizontal?: boolean;
  unit?: string;
}

const charts = new Map<string, echarts.ECharts>();

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function barChart(name: string, data: BarData): HTMLElement {
  const rows = data.categories.length;
  const height = data.horizontal ? Math.max(160, 60 + rows * 30) : 320;
  const box = el('div', { class: 'chart', 'data-chart': name, style: `height:${height}px` });
  charts.get(name)?.dispose();
  // Drawn once the box is in the page and has a width.
  requestAnimationFrame(() => {
    if (!box.isConnected) return; // a page left before it was drawn
    const chart = echarts.init(box, undefined, { renderer: 'canvas' });
    charts.set(name, chart);
    const categoryAxis = {
      type: 'category' as const,
      data: data.categories,
      inverse: data.horizontal, // first category on top
      axisLabel: {
        interval: 0,
        width: data.horizontal ? 220 : undefined,
        overflow: 'truncate' as const,
        rotate: data.horizontal || rows <= 12 ? 0 : 40,
        formatter: (value: string, index: number) => (data.gaps?.[index] ? `{gap|${value}}` : value),
        rich: { gap: { color: '#b42318', fontStyle: 'italic' as const } },
      },
    };
    const valueAxis = { type: 'value' as const, name: data.unit };
    chart.setOption({
      animation: false,
      grid: { left: data.horizontal ? 230 : 50, right: 60, top: 30, bottom: 30, containLabel: false },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (params: unknown) => {
          const index = (Array.isArray(params) ? params[0] : params as { dataIndex: number }).dataIndex;
          return data.tooltip ? data.tooltip(index) : `${escapeHtml(data.categories[index])}: ${data.values[index] ?? '—'}`;
        },
      },
      xAxis: data.horizontal ? valueAxis : categoryAxis,
      yAxis: data.horizontal ? categoryAxis : valueAxis,
      series: [{ type: 'bar', name, data: data.values, label: { show: true, position: data.horizontal ? 'right' : 'top', formatter: (p: { dataIndex: number; value: unknown }) => (data.label ? data.label(p.dataIndex) : String(p.value)) }, itemStyle: { color: '#2f6690' } }],
    });
  });
  return box;
}

/** Before another page is drawn: its charts go with it. */
export function disposeCharts(): void {
  charts.forEach((chart) => chart.dispose());
  charts.clear();
}

addEventListener('resize', () => charts.forEach((chart) => chart.resize()));

/** For the browser test: what a chart draws, read from its ECharts option. */
(window as unknown as { dashboardTestHook: unknown }).dashboardTestHook = {
  chart(name: string): { categories: string[]; values: (number | null)[] } | null {
    const option = charts.get(name)?.getOption() as { xAxis: { type: string; data?: string[] }[]; yAxis: { data?: string[] }[]; series: { data: (number | null)[] }[] } | undefined;
    if (!option) return null;
    const axis = option.xAxis[0].type === 'category' ? option.xAxis[0] : option.yAxis[0];
    return { categories: axis.data ?? [], values: option.series[0].data };
  },
  chartNames: () => [...charts.keys()],
  /** Shows bar i's tooltip, as hovering it does. */
  showTip(name: string, index: number): void {
    charts.get(name)?.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
  },
};
