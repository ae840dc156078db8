import fc from 'fast-check';
import YAML from 'yaml';
import { described, type Json } from './values';

// A valid campaign file (YAML) and roster to start every bad one from, and how a bad one is described.

export interface DefinitionCase {
  mutation: string;
  /** Files to write in the case's own directory; `null` makes a directory. */
  files: Record<string, string | Buffer | null>;
  /** The campaign file to load, relative to the case's directory. */
  main: string;
  /** At least one must appear in the error. */
  expect: string[];
  /** Every problem must say how to fix it ("Cách sửa"). */
  fix?: boolean;
  what: string;
}

const ROSTER_AGENCIES: Json[] = [
  {
    code: 'so-tu-phap',
    name: 'Sở Tư pháp',
    kind: 'department',
    email: 'so-tu-phap@dondoc.example',
    stage: 'returned',
    reason: 'Kết quả rà soát chưa đạt',
  },
  { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'so-y-te@dondoc.example' },
  { code: 'cong-an-tinh', name: 'Công an tỉnh', kind: 'police' },
  { code: '000.00.53.H48', name: 'UBND huyện Bình Sơn', kind: 'district', email: 'binh-son@dondoc.example' },
  { code: 'xa-21112', name: 'UBND xã Bình Châu, huyện Bình Sơn', kind: 'commune', email: 'xa-21112@dondoc.example' },
  { code: 'bqlkkt', name: 'Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi', kind: 'other' },
];

export const DAY = 86_400_000;
const vietnamDay = (at: number) => new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
export const vietnamInstant = (at: number) => `${vietnamDay(at)}T23:59:59+07:00`;

/** A valid campaign: directed recently, deadlines ahead (a launch refuses deadlines already past). */
export const validDefinition: fc.Arbitrary<Json> = fc
  .record({
    id: fc.integer({ min: 1_000, max: 9_999 }).map((n) => `751-UBND-TTHC-${n}`),
    issuedDaysAgo: fc.integer({ min: 0, max: 30 }),
    submissionIn: fc.integer({ min: 10, max: 60 }),
    approvalAfter: fc.integer({ min: 1, max: 20 }),
    calendar: fc.constantFrom('vietnam', 'weekends-only'),
    policy: fc.option(
      fc.constant({
        reminderOffsets: [3, 1],
        resubmissionWorkingDays: 5,
        reviewWorkingDays: 5,
        perfunctoryReturnCount: 2,
      }),
      { nil: undefined },
    ),
    agencies: fc.shuffledSubarray(ROSTER_AGENCIES, { minLength: 3 }),
  })
  .map(({ issuedDaysAgo, submissionIn, approvalAfter, policy, ...d }) => ({
    id: d.id,
    directive: {
      number: '751/UBND-TTHC',
      date: vietnamDay(Date.now() - issuedDaysAgo * DAY),
      title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ, kết quả giải quyết TTHC',
    },
    deadlines: {
      submission: vietnamInstant(Date.now() + submissionIn * DAY),
      approval: vietnamInstant(Date.now() + (submissionIn + approvalAfter) * DAY),
    },
    calendar: d.calendar,
    ...(policy && { policy }),
    reviewer: { name: 'Sở Thông tin và Truyền thông', email: 'so-tttt@dondoc.example' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh', email: 'ttpv@dondoc.example' },
    agencies: d.agencies.map((a) => ({ ...a })),
  }));

export const yamlOf = (definition: Json) => YAML.stringify(definition, { lineWidth: 0 });
export const ROSTER_COLUMNS = ['code', 'name', 'kind', 'email', 'stage', 'reason'];
export const rosterCsv = (agencies: Json[], columns = ROSTER_COLUMNS, delimiter = ',') =>
  `${columns.join(delimiter)}\n${agencies
    .map((a) =>
      columns
        .map((c) => {
          const v = String(a[c] ?? '');
          return /[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
        })
        .join(delimiter),
    )
    .join('\n')}\n`;

export const definitionCase = (c: DefinitionCase): DefinitionCase => described(c, `${c.mutation}: ${c.what}`);
