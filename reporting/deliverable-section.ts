import type { Database } from '../prisma/database';
import { agencyKindLabel } from '../domain/deliverables/delivering-agency';
import type { Delivery } from '../domain/deliverables/checker';
import type { FormDelivery } from '../domain/deliverables/form-check';
import type { AgencyDelivery, AgencyLatest } from '../domain/deliverables/delivering-agency';
import type { DeliverableDeclaration } from '../domain/deliverables/declaration';
import {
  ALL_AGENCIES,
  indicatorTotals,
  type GroupTotals,
  type IndicatorTableTotals,
} from '../domain/deliverables/indicator-totals';
import { missingParts } from '../domain/deliverables/missing-parts';
import { campaignDeclaration } from '../read-side/delivery-review';
import { campaignDeliveries } from '../read-side/agency-deliveries';
import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { FONT, renderSvg } from './charts';
import { fmtNumber } from './format';

// The report's sections for a campaign that declares what agencies deliver: the indicator tables of
// the accepted deliveries added up as the declaration says (by kind of agency and in all), with a
// chart per indicator, and who has not delivered which part (bounded: the first agencies listed,
// the rest counted). A campaign of Article 4 lists has neither.

export const TOTALS_TITLE = 'Tổng hợp chỉ tiêu';
export const MISSING_TITLE = 'Chưa nộp đủ';

/** Agencies the missing list names, and parts named per agency; the rest are counted. */
export const DELIVERABLE_SECTION_LIMITS = { agencies: 100, partsPerAgency: 10 } as const;

export interface MissingAgencyRow {
  code: string;
  name: string;
  kindLabel: string;
  /** Nothing delivered yet. */
  nothing: boolean;
  parts: string[];
  /** Missing parts past those named. */
  more: number;
}

export interface DeliverableSection {
  /** The declared deliverable's title. */
  title: string;
  /** Agencies whose accepted delivery the totals add up. */
  accepted: number;
  tables: IndicatorTableTotals[];
  missing: {
    /** Agencies with something missing, the first `DELIVERABLE_SECTION_LIMITS.agencies`. */
    agencies: MissingAgencyRow[];
    /** Agencies with something missing in all. */
    total: number;
    complete: number;
    nothing: number;
  };
}

/** The section from the campaign's declaration and deliveries; undefined when nothing is declared. */
export async function deliverableSection(db: Database, campaignId: string): Promise<DeliverableSection | undefined> {
  const declaration = await campaignDeclaration(db, campaignId);
  if (!declaration) return undefined;
  const { accepted, latest } = await campaignDeliveries(db, campaignId);
  return deliverableSectionOf(declaration, accepted, latest);
}

export function deliverableSectionOf(
  declaration: DeliverableDeclaration,
  accepted: readonly AgencyDelivery<Delivery>[],
  latest: readonly AgencyLatest<Delivery>[],
): DeliverableSection {
  const tables =
    declaration.kind === 'form' ? indicatorTotals(declaration, accepted as AgencyDelivery<FormDelivery>[]) : [];
  const summary = missingParts(declaration, latest);
  const { agencies: listed, partsPerAgency } = DELIVERABLE_SECTION_LIMITS;
  return {
    title: declaration.title,
    accepted: accepted.length,
    tables,
    missing: {
      agencies: summary.agencies.slice(0, listed).map((a) => ({
        code: a.agency.code,
        name: a.agency.name,
        kindLabel: agencyKindLabel(a.agency.kind),
        nothing: a.nothing,
        parts: a.parts.slice(0, partsPerAgency).map((p) => p.label),
        more: a.more + Math.max(0, a.parts.length - partsPerAgency),
      })),
      total: summary.agencies.length,
      complete: summary.complete,
      nothing: summary.nothing,
    },
  };
}

/** The group of every agency, always last. */
export const allAgenciesOf = (table: IndicatorTableTotals): GroupTotals =>
  table.groups.find((g) => g.kind === ALL_AGENCIES)!;

const kindGroups = (table: IndicatorTableTotals) => table.groups.filter((g) => g.kind !== ALL_AGENCIES);

const shown = (value: number | undefined) => (value === undefined ? '—' : fmtNumber(value));

function headerOf(table: IndicatorTableTotals): string[] {
  return [
    'Chỉ tiêu',
    'Đơn vị tính',
    ...table.groups.flatMap((g) => table.columns.map((c) => `${c.label} — ${g.label}`)),
  ];
}

function rowsOf(table: IndicatorTableTotals): string[][] {
  return table.indicators.map((indicator) => [
    `${indicator.code}. ${indicator.label}`,
    indicator.unit,
    ...table.groups.flatMap((g) => table.columns.map((c) => shown(g.cells[indicator.code]?.[c.key]?.value))),
  ]);
}

const tableNote = (table: IndicatorTableTotals) =>
  `${table.aggregateLabel} số liệu của các sản phẩm đã được chấp nhận, theo từng loại cơ quan và của tất cả ${fmtNumber(allAgenciesOf(table).agencies)} cơ quan.`;

/** One indicator's chart: a bar per kind of agency for each column. */
function indicatorChart(table: IndicatorTableTotals, code: string): string {
  const groups = kindGroups(table);
  const indicator = table.indicators.find((i) => i.code === code)!;
  return renderSvg(
    {
      title: {
        text: `${indicator.code}. ${indicator.label} (${indicator.unit})`,
        left: 'center',
        textStyle: { fontFamily: FONT, fontSize: 13, width: 400, overflow: 'truncate' },
      },
      legend: { bottom: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 130, right: 50, top: 36, bottom: 50 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label), axisLabel: { interval: 0 } },
      series: table.columns.map((column) => ({
        name: column.label,
        type: 'bar',
        data: groups.map((g) => g.cells[code]?.[column.key]?.value ?? null),
        label: { show: true, position: 'right' },
      })),
    },
    440,
    Math.max(180, 100 + groups.length * table.columns.length * 18),
  );
}

/** The chart's figures in words: its text alternative. */
function indicatorChartText(table: IndicatorTableTotals, code: string): string {
  const indicator = table.indicators.find((i) => i.code === code)!;
  const groups = kindGroups(table);
  return `${indicator.code}. ${indicator.label} (${indicator.unit}), ${table.aggregateLabel.toLowerCase()} theo loại cơ quan: ${groups
    .map(
      (g) => `${g.label} ${table.columns.map((c) => `${c.label} ${shown(g.cells[code]?.[c.key]?.value)}`).join(', ')}`,
    )
    .join('; ')}.`;
}

const missingNote = (section: DeliverableSection) => {
  const { total, complete, nothing } = section.missing;
  if (total === 0) return `Mọi cơ quan đã nộp đủ (${fmtNumber(complete)} cơ quan).`;
  const beyond = total - section.missing.agencies.length;
  return (
    `${fmtNumber(total)} cơ quan chưa nộp đủ, trong đó ${fmtNumber(nothing)} cơ quan chưa nộp gì; ${fmtNumber(complete)} cơ quan đã nộp đủ.` +
    (beyond > 0
      ? ` Danh sách dưới đây nêu ${fmtNumber(section.missing.agencies.length)} cơ quan đầu; còn ${fmtNumber(beyond)} cơ quan khác.`
      : '')
  );
};

const partsText = (a: MissingAgencyRow) =>
  a.parts.join('; ') + (a.more > 0 ? `; và ${fmtNumber(a.more)} phần khác` : '');

const MISSING_HEADER = ['STT', 'Mã', 'Tên cơ quan', 'Loại cơ quan', 'Phần chưa nộp'];

const missingRows = (section: DeliverableSection) =>
  section.missing.agencies.map((a, i) => [String(i + 1), a.code, a.name, a.kindLabel, partsText(a)]);

export function deliverableSectionHtml(section: DeliverableSection | undefined): string {
  if (!section) return '';
  const cells = (tag: string, row: string[]) => `<tr>${row.map((c) => `<${tag}>${h(c)}</${tag}>`).join('')}</tr>`;
  const tables = section.tables
    .map(
      (table) => `<h3>${h(table.sectionTitle)} — ${h(table.label)}</h3>
<p>${h(tableNote(table))}</p>
<table><thead>${cells('th', headerOf(table))}</thead><tbody>
${rowsOf(table)
  .map((row) => cells('td', row))
  .join('\n')}
</tbody></table>
<div class="charts">
${table.indicators
  .map(
    (i) =>
      `<div class="chart" role="img" aria-label="${h(indicatorChartText(table, i.code))}">${indicatorChart(table, i.code)}</div>`,
  )
  .join('\n')}
</div>`,
    )
    .join('\n');
  const totals =
    section.tables.length === 0
      ? ''
      : `<section>\n<h2>${h(TOTALS_TITLE)}: ${h(section.title)}</h2>\n${tables}\n</section>\n`;
  const missingTable =
    section.missing.agencies.length === 0
      ? ''
      : `<table><thead>${cells('th', MISSING_HEADER)}</thead><tbody>\n${missingRows(section)
          .map((row) => cells('td', row))
          .join('\n')}\n</tbody></table>`;
  return `${totals}<section>\n<h2>${h(MISSING_TITLE)}</h2>\n<p>${h(missingNote(section))}</p>\n${missingTable}\n</section>\n`;
}

/**
 * The indicator totals as spreadsheet rows: per table a title row, the header and one row per
 * indicator (the same header and rows as the HTML and Markdown tables), numbers as numbers and an
 * absent total as an empty cell; none when the deliverable declares no indicator table.
 */
export function deliverableTotalsRows(section: DeliverableSection | undefined): (string | number)[][] {
  if (!section) return [];
  return section.tables.flatMap((table) => [
    [`${TOTALS_TITLE}: ${section.title} — ${table.sectionTitle} — ${table.label}`],
    [tableNote(table)],
    headerOf(table),
    ...table.indicators.map((indicator) => [
      `${indicator.code}. ${indicator.label}`,
      indicator.unit,
      ...table.groups.flatMap((g) => table.columns.map((c) => g.cells[indicator.code]?.[c.key]?.value ?? '')),
    ]),
  ]);
}

export function deliverableSectionMarkdown(section: DeliverableSection | undefined): string {
  if (!section) return '';
  const line = (cells: string[]) => `| ${cells.map(m).join(' | ')} |`;
  const grid = (header: string[], rows: string[][]) =>
    [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
  const parts: string[] = [];
  if (section.tables.length > 0) {
    parts.push(`## ${m(TOTALS_TITLE)}: ${m(section.title)}`);
    for (const table of section.tables)
      parts.push(
        `### ${m(table.sectionTitle)} — ${m(table.label)}`,
        m(tableNote(table)),
        grid(headerOf(table), rowsOf(table)),
      );
  }
  parts.push(`## ${m(MISSING_TITLE)}`, m(missingNote(section)));
  if (section.missing.agencies.length > 0) parts.push(grid(MISSING_HEADER, missingRows(section)));
  return parts.join('\n\n');
}
