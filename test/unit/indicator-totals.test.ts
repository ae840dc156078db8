import fc from 'fast-check';
import { compileDeliverable } from '../../domain/deliverables';
import type { AgencyDelivery } from '../../domain/deliverables/delivering-agency';
import type { FormDelivery } from '../../domain/deliverables/form-check';
import {
  indicatorTotals,
  type Aggregation,
  type IndicatorTableTotals,
} from '../../domain/deliverables/indicator-totals';
import {
  agencyNumber,
  monthlyReportCampaign,
  monthlyReports,
  selfAssessment,
  selfAssessmentCampaign,
} from '../support/declared-campaigns';

// The indicator tables of the declared forms added up over the agencies' accepted deliveries, by kind
// of agency and in all, as the declaration says (sum for the monthly report, average for the scores).

const groupOf = (table: IndicatorTableTotals, kind: string) => table.groups.find((g) => g.kind === kind)!;

describe('the monthly report (aggregate: sum)', () => {
  test('every indicator and column is summed by kind of agency and in all, with the agencies counted', async () => {
    const { declaration } = await monthlyReportCampaign();
    const deliveries = monthlyReports(6);
    const check = compileDeliverable(declaration);
    for (const { delivery } of deliveries) expect(check(delivery).errors).toEqual([]);
    const [table, ...others] = indicatorTotals(declaration, deliveries);
    expect(others).toEqual([]);
    expect(table!.field).toBe('ho-so');
    expect(table!.aggregateLabel).toBe('Tổng');
    // Agencies 0 and 4 are departments (factors 1 and 5), 1 and 5 districts (2, 6), 2 commune (3), 3 police (4).
    expect(table!.groups.map((g) => [g.label, g.agencies])).toEqual([
      ['Sở, ban, ngành', 2],
      ['Công an tỉnh', 1],
      ['UBND cấp huyện', 2],
      ['UBND cấp xã', 1],
      ['Tất cả cơ quan', 6],
    ]);
    expect(groupOf(table!, 'department').cells.HS01!['ky-nay']).toEqual({ value: 780, agencies: 2, exactSum: '780' });
    expect(groupOf(table!, 'district').cells.HS07!['luy-ke']).toEqual({ value: 120, agencies: 2, exactSum: '120' });
    expect(groupOf(table!, 'all').cells.HS01!['ky-nay']).toEqual({ value: 130 * 21, agencies: 6, exactSum: '2730' });
  });

  test('the order deliveries are read in changes nothing', async () => {
    const { declaration } = await monthlyReportCampaign();
    const deliveries = monthlyReports(9);
    expect(indicatorTotals(declaration, [...deliveries].reverse())).toEqual(indicatorTotals(declaration, deliveries));
  });

  test('sums of integers past 2^53 stay exact in exactSum', async () => {
    const { declaration } = await monthlyReportCampaign();
    const big = 2 ** 53 - 1;
    const deliveries = [0, 1, 2].map((i) => {
      const delivery = structuredClone(monthlyReports(1)[0]!.delivery);
      (delivery.fields['ho-so'] as Record<string, Record<string, number>>).HS02!['ky-nay'] = big;
      return { agency: agencyNumber(i * 4), delivery };
    });
    const all = groupOf(indicatorTotals(declaration, deliveries)[0]!, 'all');
    expect(all.cells.HS02!['ky-nay']!.exactSum).toBe((3n * BigInt(big)).toString());
    expect(all.cells.HS02!['ky-nay']!.value).toBe(Number(3n * BigInt(big)));
  });

  test('no deliveries: the table is listed with nothing counted', async () => {
    const { declaration } = await monthlyReportCampaign();
    const [table] = indicatorTotals(declaration, []);
    expect(table!.groups.map((g) => [g.kind, g.label, g.agencies])).toEqual([['all', 'Tất cả cơ quan', 0]]);
    expect(table!.groups[0]!.cells.HS01!['ky-nay']).toEqual({ agencies: 0, exactSum: '0' });
  });
});

describe('the self-assessment (aggregate: average)', () => {
  test('scores with decimals average without drift: 0.1-steps give the exact decimal', async () => {
    const { declaration } = await selfAssessmentCampaign();
    const deliveries = [
      { agency: agencyNumber(0), delivery: selfAssessment([9, 8.5, 14.1, 10, 12, 7.25, 14]) },
      { agency: agencyNumber(4), delivery: selfAssessment([8, 8.5, 14.2, 9, 12, 7.5, 13]) },
      { agency: agencyNumber(8), delivery: selfAssessment([7, 8.5, 14.3, 9.5, 11, 7.75, 12]) },
    ];
    const check = compileDeliverable(declaration);
    for (const { delivery } of deliveries) expect(check(delivery).errors).toEqual([]);
    const [table] = indicatorTotals(declaration, deliveries);
    expect(table!.aggregateLabel).toBe('Trung bình');
    const cells = groupOf(table!, 'department').cells;
    expect(cells.TC1!['tu-cham']).toEqual({ value: 8, agencies: 3, exactSum: '24' });
    expect(cells.TC3!['tu-cham']).toEqual({ value: 14.2, agencies: 3, exactSum: '42.6' });
    expect(cells.TC6!['tu-cham']).toEqual({ value: 7.5, agencies: 3, exactSum: '22.5' });
    expect(cells.TC2!['tu-cham']!.value).toBe(8.5);
  });
});

// An indicator table with each aggregate, and agencies of random kinds giving random values.
const formOf = (aggregate: Aggregation, type: 'integer' | 'number') => ({
  kind: 'form' as const,
  title: 'Báo cáo thử',
  sections: [
    {
      key: 'so-lieu',
      title: 'Số liệu',
      fields: [
        {
          key: 'chi-tieu',
          label: 'Chỉ tiêu',
          type: 'indicators' as const,
          required: false,
          columns: [
            { key: 'a', label: 'Cột A', type, required: false },
            { key: 'b', label: 'Cột B', type, required: false },
          ],
          indicators: [
            { code: 'X1', label: 'Chỉ tiêu 1', unit: 'hồ sơ' },
            { code: 'X2', label: 'Chỉ tiêu 2', unit: 'hồ sơ' },
          ],
          checks: [],
          aggregate,
        },
      ],
    },
  ],
});
const value = (type: 'integer' | 'number') =>
  type === 'integer'
    ? fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger())
    : fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k / 100);
const deliveriesOf = (type: 'integer' | 'number') =>
  fc.array(
    fc.record({
      kind: fc.constantFrom('department', 'police', 'district', 'commune', 'other', 'unknown'),
      cells: fc.array(fc.option(value(type), { nil: undefined }), { minLength: 4, maxLength: 4 }),
    }),
    { maxLength: 30 },
  );
const asDeliveries = (raw: { kind: string; cells: (number | undefined)[] }[]): AgencyDelivery<FormDelivery>[] =>
  raw.map(({ kind, cells }, i) => {
    const cell = (n: number) => (cells[n] === undefined ? {} : { [n % 2 === 0 ? 'a' : 'b']: cells[n]! });
    return {
      agency: { code: `c${i}`, name: `Cơ quan ${i}`, kind },
      delivery: { fields: { 'chi-tieu': { X1: { ...cell(0), ...cell(1) }, X2: { ...cell(2), ...cell(3) } } } },
    };
  });

describe('properties', () => {
  test.each(['integer', 'number'] as const)(
    'sum totals (%s) equal the exact sum of the parts, by kind and in all; the kinds add up to all',
    (type) => {
      fc.assert(
        fc.property(deliveriesOf(type), (raw) => {
          const deliveries = asDeliveries(raw);
          const [table] = indicatorTotals(formOf('sum', type), deliveries);
          const cents = (text: string) => {
            const [whole, fraction = ''] = text.split('.');
            const negative = whole!.startsWith('-');
            const magnitude = BigInt(whole!.replace('-', '')) * 100n + BigInt((fraction + '00').slice(0, 2));
            return negative ? -magnitude : magnitude;
          };
          const scale = type === 'integer' ? 1n : 100n;
          const kindOf = (k: string) => (k === 'unknown' ? 'other' : k);
          for (const group of table!.groups)
            ['X1', 'X2'].forEach((code, r) =>
              ['a', 'b'].forEach((column, c) => {
                const parts = raw
                  .filter((d) => group.kind === 'all' || kindOf(d.kind) === group.kind)
                  .map((d) => d.cells[r * 2 + c])
                  .filter((v): v is number => v !== undefined);
                const exact = parts.reduce((sum, v) => sum + BigInt(Math.round(v * Number(scale))), 0n);
                const total = group.cells[code]![column]!;
                expect(total.agencies).toBe(parts.length);
                expect(cents(total.exactSum)).toBe((exact * 100n) / scale);
                if (parts.length > 0) expect(total.value).toBe(Number(total.exactSum));
              }),
            );
          const all = table!.groups.at(-1)!;
          const kinds = table!.groups.slice(0, -1);
          expect(all.agencies).toBe(deliveries.length);
          expect(kinds.reduce((n, g) => n + g.agencies, 0)).toBe(deliveries.length);
          for (const code of ['X1', 'X2'])
            for (const column of ['a', 'b'])
              expect(kinds.reduce((sum, g) => sum + cents(g.cells[code]![column]!.exactSum), 0n)).toBe(
                cents(all.cells[code]![column]!.exactSum),
              );
        }),
        { numRuns: 200 },
      );
    },
  );

  test.each(['integer', 'number'] as const)('min ≤ average ≤ max in every cell of every group (%s)', (type) => {
    fc.assert(
      fc.property(deliveriesOf(type), (raw) => {
        const deliveries = asDeliveries(raw);
        const [min, average, max] = (['min', 'average', 'max'] as const).map(
          (aggregate) => indicatorTotals(formOf(aggregate, type), deliveries)[0]!,
        );
        average!.groups.forEach((group, g) => {
          for (const code of ['X1', 'X2'])
            for (const column of ['a', 'b']) {
              const [lo, mid, hi] = [min!, average!, max!].map((t) => t.groups[g]!.cells[code]![column]!.value);
              if (group.cells[code]![column]!.agencies === 0) {
                expect([lo, mid, hi]).toEqual([undefined, undefined, undefined]);
                continue;
              }
              expect(lo).toBeLessThanOrEqual(mid!);
              expect(mid).toBeLessThanOrEqual(hi!);
            }
        });
      }),
      { numRuns: 200 },
    );
  });

  test('an average of equal values is that value', () => {
    fc.assert(
      fc.property(value('number'), fc.integer({ min: 1, max: 50 }), (v, n) => {
        const raw = Array.from({ length: n }, () => ({ kind: 'department', cells: [v, v, v, v] }));
        const [table] = indicatorTotals(formOf('average', 'number'), asDeliveries(raw));
        expect(table!.groups.at(-1)!.cells.X1!.a!.value).toBe(v);
      }),
    );
  });
});
