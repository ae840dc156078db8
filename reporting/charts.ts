import * as echarts from 'echarts';
import { localDay } from '../domain/working-days';
import { fmtDay, fmtDayShort, fmtNumber } from './format';
import type { CampaignReport } from './model';

// Charts drawn by Apache ECharts' server-side renderer: SVG strings built in Node with no browser,
// no canvas and no network, inlined into the HTML. Only labels we control go in (stage labels,
// dates, bucket names); ECharts escapes its text anyway.

// Single quotes: ECharts puts the family in a double-quoted style attribute as it is.
export const FONT = "'Times New Roman', Times, serif";
const STAGE_COLORS: Record<string, string> = {
  assigned: '#9e9e9e',
  submitted: '#42a5f5',
  returned: '#ef5350',
  resubmitted: '#7e57c2',
  accepted: '#66bb6a',
  consolidated: '#26a69a',
  approved: '#2e7d32',
  withdrawn: '#bdbdbd',
};

type Option = Parameters<echarts.ECharts['setOption']>[0];

export function renderSvg(option: Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 13 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The stages a stage chart shows: every stage with agencies, and the main ones even when empty. */
const chartedStages = (report: CampaignReport) =>
  report.stages.filter((s) => s.count > 0 || ['assigned', 'submitted', 'accepted', 'approved'].includes(s.stage));

function stageChart(report: CampaignReport): string {
  const stages = chartedStages(report);
  return renderSvg(
    {
      title: { text: 'Số cơ quan theo trạng thái', left: 'center', textStyle: { fontFamily: FONT, fontSize: 15 } },
      grid: { left: 150, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: stages.map((s) => s.label),
        axisLabel: { interval: 0, fontSize: 13 },
      },
      series: [
        {
          type: 'bar',
          data: stages.map((s) => ({ value: s.count, itemStyle: { color: STAGE_COLORS[s.stage] ?? '#78909c' } })),
          label: { show: true, position: 'right' },
        },
      ],
    },
    640,
    Math.max(220, 60 + stages.length * 32),
  );
}

/** The kinds a campaign has agencies of. */
const kindsShown = (report: CampaignReport) => report.kinds.filter((k) => k.total > 0);

/** Agencies of each kind, stacked by stage (the stages any agency is at). */
function kindChart(report: CampaignReport): string {
  const stages = report.stages.filter((s) => s.count > 0);
  return renderSvg(
    {
      title: { text: 'Số cơ quan theo loại cơ quan', left: 'center', textStyle: { fontFamily: FONT, fontSize: 15 } },
      legend: { bottom: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 150, right: 50, top: 40, bottom: 60 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: kindsShown(report).map((k) => k.label),
        axisLabel: { interval: 0, fontSize: 13 },
      },
      series: stages.map((s) => ({
        name: s.label,
        type: 'bar',
        stack: 'stages',
        color: STAGE_COLORS[s.stage] ?? '#78909c',
        data: kindsShown(report).map((k) => k.byStage[s.stage] ?? 0),
      })),
    },
    640,
    Math.max(220, 100 + kindsShown(report).length * 36),
  );
}

function progressChart(report: CampaignReport): string {
  const days = report.progress.map((p) => fmtDayShort(p.day));
  // The deadline's day, as the Civil Code counts it (a 00:00 deadline belongs to the day before).
  const deadlineIndex = report.progress.findIndex(
    (p) => p.day === localDay(new Date(Date.parse(report.campaign.submissionDeadline) - 1)),
  );
  return renderSvg(
    {
      title: {
        text: 'Tiến độ nộp và chấp nhận danh sách (lũy kế)',
        left: 'center',
        textStyle: { fontFamily: FONT, fontSize: 15 },
      },
      legend: { bottom: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 50, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: days, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: 'Đã nộp (lần đầu)',
          type: 'line',
          step: 'end',
          showSymbol: false,
          data: report.progress.map((p) => p.submitted),
          color: '#1e88e5',
          ...(deadlineIndex >= 0
            ? {
                markLine: {
                  symbol: 'none',
                  label: { formatter: 'Hạn nộp' },
                  lineStyle: { color: '#c62828' },
                  data: [{ xAxis: deadlineIndex }],
                },
              }
            : {}),
        },
        {
          name: 'Đã chấp nhận',
          type: 'line',
          step: 'end',
          showSymbol: false,
          data: report.progress.map((p) => p.accepted),
          color: '#2e7d32',
        },
      ],
    },
    640,
    300,
  );
}

function latenessChart(report: CampaignReport): string {
  return renderSvg(
    {
      title: {
        text: 'Số cơ quan theo số ngày làm việc trễ hạn',
        left: 'center',
        textStyle: { fontFamily: FONT, fontSize: 15 },
      },
      grid: { left: 50, right: 30, top: 60, bottom: 30 },
      xAxis: { type: 'category', data: report.lateness.map((b) => b.label), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: report.lateness.map((b, i) => ({
            value: b.count,
            itemStyle: { color: i === 0 ? '#66bb6a' : '#e53935' },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    },
    640,
    260,
  );
}

// Each chart's figures in words (Vietnamese): the text alternative of the chart wherever it is shown.

function stageChartText(report: CampaignReport): string {
  return `Số cơ quan theo trạng thái: ${chartedStages(report)
    .map((s) => `${s.label} ${fmtNumber(s.count)}`)
    .join('; ')}.`;
}

function kindChartText(report: CampaignReport): string {
  const kinds = kindsShown(report);
  if (kinds.length === 0) return 'Số cơ quan theo loại cơ quan: chưa có cơ quan nào.';
  const stages = report.stages.filter((s) => s.count > 0);
  return `Số cơ quan theo loại cơ quan: ${kinds
    .map((k) => {
      const parts = stages.filter((s) => (k.byStage[s.stage] ?? 0) > 0);
      const detail = parts.map((s) => `${s.label} ${fmtNumber(k.byStage[s.stage]!)}`).join(', ');
      return `${k.label} ${fmtNumber(k.total)}${detail ? ` (${detail})` : ''}`;
    })
    .join('; ')}.`;
}

function progressChartText(report: CampaignReport): string {
  const points = report.progress;
  if (points.length === 0) return 'Tiến độ nộp và chấp nhận danh sách: chưa có số liệu.';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return (
    `Tiến độ nộp và chấp nhận danh sách (lũy kế) từ ${fmtDay(first.day)} đến ${fmtDay(last.day)}: ` +
    `ngày ${fmtDay(first.day)} đã nộp ${fmtNumber(first.submitted)}, đã chấp nhận ${fmtNumber(first.accepted)}; ` +
    `ngày ${fmtDay(last.day)} đã nộp ${fmtNumber(last.submitted)}, đã chấp nhận ${fmtNumber(last.accepted)} ` +
    `trên tổng số ${fmtNumber(report.summary.agencies)} cơ quan.`
  );
}

function latenessChartText(report: CampaignReport): string {
  return `Số cơ quan theo số ngày làm việc trễ hạn: ${report.lateness
    .map((b) => `${b.label} ${fmtNumber(b.count)}`)
    .join('; ')}.`;
}

/** The report's charts by name: each drawn and put in words from the same report model. */
export const REPORT_CHARTS = {
  stages: { title: 'Số cơ quan theo trạng thái', svg: stageChart, text: stageChartText },
  kinds: { title: 'Số cơ quan theo loại cơ quan', svg: kindChart, text: kindChartText },
  progress: { title: 'Tiến độ nộp và chấp nhận danh sách (lũy kế)', svg: progressChart, text: progressChartText },
  lateness: { title: 'Số cơ quan theo số ngày làm việc trễ hạn', svg: latenessChart, text: latenessChartText },
} as const;
export type ReportChartName = keyof typeof REPORT_CHARTS;
