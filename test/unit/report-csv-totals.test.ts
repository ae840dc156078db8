import { parse } from 'csv-parse/sync';
import { deliverableSectionOf } from '../../reporting/deliverable-section';
import { renderAgenciesCsv } from '../../reporting/render-csv';
import { agencyNumber, monthlyReportCampaign, monthlyReports } from '../support/declared-campaigns';
import { sampleReport } from '../support/report-model';

// The agencies' .csv of a campaign whose declared form has indicator tables ends with their totals,
// the same figures as the HTML and Markdown reports and the workbook: by kind of agency and in all.

const read = (csv: string) =>
  parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];

describe('the agencies’ .csv of a declared form', () => {
  test('ends with a totals row per indicator, after the agencies and an empty row', async () => {
    const { declaration } = await monthlyReportCampaign();
    const accepted = monthlyReports(5);
    const latest = [...accepted, { agency: agencyNumber(900), delivery: undefined }];
    const deliverable = deliverableSectionOf(declaration, accepted, latest);
    const report = { ...sampleReport(), deliverable };
    const rows = read(renderAgenciesCsv(report));
    const agencies = report.agencies.length;
    expect(rows[agencies + 1]).toEqual(['']);
    const table = deliverable.tables[0]!;
    const title = rows[agencies + 2]![0]!;
    expect(title).toBe(`Tổng hợp chỉ tiêu: ${deliverable.title} — ${table.sectionTitle} — ${table.label}`);
    const header = rows[agencies + 4]!;
    expect(header.slice(0, 2)).toEqual(['Chỉ tiêu', 'Đơn vị tính']);
    const allColumn = header.indexOf(`${table.columns.find((c) => c.key === 'luy-ke')!.label} — Tất cả cơ quan`);
    expect(allColumn).toBeGreaterThan(1);
    const hs01 = rows.find((row) => row[0]!.startsWith('HS01. '))!;
    const sum = accepted.reduce(
      (n, a) => n + (a.delivery.fields!['ho-so'] as Record<string, Record<string, number>>).HS01!['luy-ke']!,
      0,
    );
    expect(Number(hs01[allColumn])).toBe(sum);
    // One row per indicator of every table, nothing else after the agencies.
    const indicators = deliverable.tables.reduce((n, t) => n + t.indicators.length, 0);
    expect(rows.length).toBe(1 + agencies + 1 + deliverable.tables.length * 3 + indicators);
  });

  test('no accepted delivery: the totals are empty cells, not zeros', async () => {
    const { declaration } = await monthlyReportCampaign();
    const deliverable = deliverableSectionOf(declaration, [], [{ agency: agencyNumber(0), delivery: { fields: {} } }]);
    const rows = read(renderAgenciesCsv({ ...sampleReport(), deliverable }));
    const hs01 = rows.find((row) => row[0]!.startsWith('HS01. '))!;
    expect(hs01.slice(2).every((cell) => cell === '')).toBe(true);
  });

  test('a campaign of Article 4 lists keeps the agencies’ file as it was: one header, one row per agency', () => {
    const report = sampleReport();
    const rows = parse(renderAgenciesCsv(report), { bom: true }) as string[][];
    expect(rows).toHaveLength(1 + report.agencies.length);
  });
});
