import fc from 'fast-check';
import YAML from 'yaml';
import { badAgencyCode, badEmail, blank, clone, described, displayPath, preview, type Json, type Path } from './values';

// Campaign files (YAML) and their roster files that must be refused with a CampaignDefinitionError
// naming the field (`deadlines.submission:`), the roster's row and column, or the line.

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

const DAY = 86_400_000;
const vietnamDay = (at: number) => new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
const vietnamInstant = (at: number) => `${vietnamDay(at)}T23:59:59+07:00`;

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
const ROSTER_COLUMNS = ['code', 'name', 'kind', 'email', 'stage', 'reason'];
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

const getAt = (root: Json, path: Path): Json =>
  path.reduce<unknown>((at, part) => (at as Json)[part as string], root) as Json;
function setAt(root: Json, path: Path, value: unknown): void {
  const owner = getAt(root, path.slice(0, -1));
  if (value === undefined) delete owner[path[path.length - 1] as string];
  else owner[path[path.length - 1] as string] = value;
}
const field = (path: Path) => `${displayPath(path)}:`;

const REQUIRED: Path[] = [
  ['id'],
  ['directive'],
  ['directive', 'number'],
  ['directive', 'date'],
  ['directive', 'title'],
  ['deadlines'],
  ['deadlines', 'submission'],
  ['deadlines', 'approval'],
  ['reviewer'],
  ['reviewer', 'name'],
  ['approver'],
  ['approver', 'name'],
  ['serviceCenter'],
  ['serviceCenter', 'name'],
];
const OBJECTS = ['directive', 'deadlines', 'reviewer', 'approver', 'serviceCenter', 'policy'];
const BAD_INSTANTS = fc.constantFrom<unknown>(
  '2099-03-04',
  '2099-03-04T23:59:59',
  '04/03/2099',
  4_076_327_599,
  '2099-02-30T23:59:59+07:00',
  'hết ngày 04/03/2099',
  '2099-03-04T23:59:59+7',
  '',
  '2099-03-04 23:59:59 +07:00',
  null,
  ['2099-03-04T23:59:59+07:00'],
);

/** A change to a valid campaign file: the value, where it goes, what the error must name. */
type FieldMutation = [name: string, change: fc.Arbitrary<[Path, unknown]>, expect?: (path: Path) => string[]];
const at = (paths: Path[], value: fc.Arbitrary<unknown>) => fc.tuple(fc.constantFrom(...paths), value);
const agency = (key?: string) =>
  fc.tuple(fc.nat({ max: 2 }), fc.constant(key)).map(([i, k]): Path => (k ? ['agencies', i, k] : ['agencies', i]));

const FIELD_MUTATIONS: FieldMutation[] = [
  ['required-dropped', at(REQUIRED, fc.constant(undefined))],
  [
    'agency-field-dropped',
    fc
      .tuple(fc.nat({ max: 2 }), fc.constantFrom('code', 'name', 'kind'))
      .map(([i, k]): [Path, unknown] => [['agencies', i, k], undefined]),
  ],
  [
    'object-wrong-type',
    at(
      OBJECTS.filter((k) => k !== 'policy').map((k) => [k]),
      fc.constantFrom<unknown>('Sở TTTT', 42, [], true, null),
    ),
  ],
  [
    'text-wrong-type',
    at(
      [
        ['id'],
        ['directive', 'number'],
        ['directive', 'date'],
        ['directive', 'title'],
        ['directive', 'issuer'],
        ['reviewer', 'name'],
        ['reviewer', 'email'],
        ['calendar'],
        ['agencies', 0, 'code'],
        ['agencies', 0, 'name'],
        ['agencies', 0, 'email'],
        ['agencies', 0, 'stage'],
      ],
      fc.constantFrom<unknown>(42, true, null, [], { ten: 'x' }),
    ),
  ],
  ['agencies-wrong-type', at([['agencies'], ['agencies', 0]], fc.constantFrom<unknown>('so-tu-phap', 7, null, true))],
  [
    'blank-text',
    at(
      [
        ['id'],
        ['directive', 'number'],
        ['directive', 'title'],
        ['reviewer', 'name'],
        ['approver', 'name'],
        ['serviceCenter', 'name'],
        ['agencies', 0, 'code'],
        ['agencies', 0, 'name'],
      ],
      blank,
    ),
  ],
  [
    'id-invalid',
    at(
      [['id']],
      fc.oneof(
        fc.constantFrom(
          '751/UBND-TTHC',
          'chiến-dịch-751',
          'a b',
          '-751',
          '.751',
          '751🙂',
          '７５１',
          `751 ${'x'.repeat(100_000)}`,
        ),
        fc.string({ minLength: 1, maxLength: 8 }).map((s) => `751 ${s}.`),
      ),
    ),
  ],
  [
    'directive-date-invalid',
    at(
      [['directive', 'date']],
      fc.constantFrom<unknown>(
        '07/02/2024',
        '2024-02-30',
        '2024-2-7',
        '20240207',
        20_240_207,
        '2024-02-07T00:00:00+07:00',
        'ngày 07 tháng 02 năm 2024',
        '2024-13-07',
      ),
    ),
  ],
  [
    'deadline-invalid',
    at(
      [
        ['deadlines', 'submission'],
        ['deadlines', 'approval'],
      ],
      BAD_INSTANTS,
    ),
  ],
  ['calendar-invalid', at([['calendar']], fc.constantFrom('Vietnam', 'vn', 'lunar', '', 'weekends only', 'âm lịch'))],
  [
    'policy-offsets-invalid',
    at([['policy', 'reminderOffsets']], fc.constantFrom<unknown>([0], [-1], [1.5], ['3'], [31], 3, 'ba', [3, null])),
    (p) => [displayPath(p)],
  ],
  [
    'policy-days-invalid',
    fc
      .tuple(
        fc.constantFrom('resubmissionWorkingDays', 'reviewWorkingDays', 'perfunctoryReturnCount'),
        fc.constantFrom<unknown>(0, -5, 2.5, '5', 61, null, 'năm', 1e9),
      )
      .map(([k, v]): [Path, unknown] => [['policy', k], v]),
    (p) => [displayPath(p)],
  ],
  [
    'email-invalid',
    fc.tuple(
      fc.oneof(
        fc.constantFrom<Path>(['reviewer', 'email'], ['approver', 'email'], ['serviceCenter', 'email']),
        agency('email'),
      ),
      badEmail,
    ),
  ],
  ['agency-code-invalid', fc.tuple(agency('code'), badAgencyCode)],
  [
    'agency-kind-invalid',
    fc.tuple(agency('kind'), fc.constantFrom('Department', 'sở', 'ubnd', 'commune ', '', 'xa', 'huyện')),
  ],
  [
    'agency-stage-invalid',
    fc.tuple(agency('stage'), fc.constantFrom('submitted', 'Returned', 'approved', 'trả lại', 'withdrawn')),
  ],
  ['agency-not-object', fc.tuple(agency(), fc.constantFrom<unknown>(null, 'so-tu-phap', [], 5))],
  ['agencies-empty', fc.constant<[Path, unknown]>([['agencies'], []]), () => ['danh sách cơ quan']],
  ['agencies-and-roster', fc.constant<[Path, unknown]>([['roster'], './danh-sach-co-quan.csv']), () => ['agencies:']],
];

const definitionCase = (c: DefinitionCase): DefinitionCase => described(c, `${c.mutation}: ${c.what}`);

const fieldCases = FIELD_MUTATIONS.map(([name, change, expect]) =>
  fc.tuple(validDefinition, change).map(([valid, [path, value]]) => {
    const definition = clone(valid);
    if (path[0] === 'policy' && definition.policy === undefined) definition.policy = { reminderOffsets: [3, 1] };
    setAt(definition, path, value);
    return definitionCase({
      mutation: name,
      files: { 'chien-dich.yaml': yamlOf(definition) },
      main: 'chien-dich.yaml',
      expect: expect?.(path) ?? [field(path)],
      what: value === undefined ? `bỏ ${displayPath(path)}` : `${displayPath(path)} = ${preview(value, 80)}`,
    });
  }),
);

/** Cross-field rules and keys that do not belong. */
const ruleCases = [
  fc.tuple(validDefinition, fc.integer({ min: 0, max: 30 })).map(([valid, daysBefore]) => {
    const d = clone(valid);
    const deadlines = d.deadlines as Json;
    deadlines.approval = vietnamInstant(Date.parse(String(deadlines.submission)) - daysBefore * DAY);
    return definitionCase({
      mutation: 'approval-not-after-submission',
      files: { 'chien-dich.yaml': yamlOf(d) },
      main: 'chien-dich.yaml',
      expect: ['deadlines.approval:'],
      what: `deadlines.approval = ${String(deadlines.approval)} (không sau hạn nộp)`,
    });
  }),
  fc
    .tuple(
      validDefinition,
      fc.constantFrom(
        ['agencies', 'agency'],
        ['deadlines', 'deadline'],
        ['serviceCenter', 'service_center'],
        ['reviewer', 'reviewers'],
        ['directive', 'Directive'],
      ),
    )
    .map(([valid, [from, to]]) => {
      const d = clone(valid);
      d[to] = d[from];
      delete d[from];
      return definitionCase({
        mutation: 'misspelt-key',
        files: { 'chien-dich.yaml': yamlOf(d) },
        main: 'chien-dich.yaml',
        expect: [`${from}:`],
        what: `khóa "${to}" thay cho "${from}"`,
      });
    }),
  fc.tuple(validDefinition, fc.nat(), fc.boolean()).map(([valid, i, spaced]) => {
    const d = clone(valid);
    const agencies = d.agencies as Json[];
    const b = 1 + (i % (agencies.length - 1));
    const code = String(agencies[i % b]!.code);
    agencies[b]!.code = spaced ? ` ${code} ` : code;
    return definitionCase({
      mutation: 'agency-code-duplicate',
      files: { 'chien-dich.yaml': yamlOf(d) },
      main: 'chien-dich.yaml',
      expect: ['trùng'],
      what: `agencies[${b + 1}].code trùng ${code}`,
    });
  }),
];

const SYNTAX: [string, (yaml: string) => string, string[]][] = [
  ['tab-indent', (y) => y.replace(/\n {2}(\w)/, '\n\t$1'), ['dòng', 'line']],
  ['unclosed-quote', (y) => `${y}extra: "không đóng ngoặc\n`, ['dòng', 'line']],
  ['unclosed-bracket', (y) => `${y}calendar2: [vietnam, weekends-only\n`, ['dòng', 'line']],
  ['duplicate-key', (y) => `${y}id: chien-dich-khac\n`, ['dòng', 'line']],
  ['bad-indent', (y) => y.replace(/\ndeadlines:/, '\n   deadlines:'), ['dòng', 'line']],
  ['mapping-in-scalar', (y) => y.replace(/\ncalendar: (\S+)/, '\ncalendar: $1: lich'), ['dòng', 'line']],
  ['flow-garbage', (y) => `${y}policy2: { a: 1, , }\n`, ['dòng', 'line']],
  ['multi-document', (y) => `---\n${y}---\n${y}`, ['dòng', 'line']],
  // Alias errors are about the document as a whole: the parser gives them no line.
  ['unknown-alias', (y) => `${y}approver2: *khong-co\n`, ['tệp YAML sai cú pháp']],
  [
    'alias-bomb',
    (y) =>
      `${y}${Array.from({ length: 9 }, (_v, i) => {
        const me = String.fromCharCode(97 + i);
        return i === 0
          ? 'a: &a ["x","x","x","x","x","x","x","x","x"]'
          : `${me}: &${me} [${Array(9)
              .fill(`*${String.fromCharCode(96 + i)}`)
              .join(',')}]`;
      }).join('\n')}\n`,
    ['tệp YAML sai cú pháp'],
  ],
];
const syntaxCase = fc.tuple(validDefinition, fc.constantFrom(...SYNTAX)).map(([d, [name, make, expect]]) =>
  definitionCase({
    mutation: `syntax-${name}`,
    files: { 'chien-dich.yaml': make(yamlOf(d)) },
    main: 'chien-dich.yaml',
    expect,
    what: `YAML sai cú pháp (${name})`,
  }),
);

/** Rosters (`roster: ./co-quan.csv`), read once the campaign file itself is valid. */
const withRoster = (d: Json, file: string, roster: string | Buffer | null): DefinitionCase['files'] => {
  const rest = { ...d };
  delete rest.agencies;
  return {
    'chien-dich.yaml': yamlOf({ ...rest, roster: `./${file}` }),
    ...(roster === undefined ? {} : { [file]: roster }),
  };
};
const rosterCase = (mutation: string, files: DefinitionCase['files'], expect: string[], what: string, fix = false) =>
  definitionCase({ mutation, files, main: 'chien-dich.yaml', expect, what, fix });
const rosterCases = [
  fc.tuple(validDefinition, fc.constantFrom('code', 'name', 'kind')).map(([d, drop]) =>
    rosterCase(
      'roster-missing-column',
      withRoster(
        d,
        'co-quan.csv',
        rosterCsv(
          d.agencies as Json[],
          ['code', 'name', 'kind', 'email'].filter((c) => c !== drop),
        ),
      ),
      [`cột ${drop}`],
      `co-quan.csv thiếu cột ${drop}`,
    ),
  ),
  fc
    .tuple(
      validDefinition,
      fc.nat(),
      fc.oneof(
        badAgencyCode.filter((c) => !/[,;"\n]/.test(c)).map((v) => ['code', v] as const),
        fc.constantFrom('Department', 'sở', 'ubnd', 'xa').map((v) => ['kind', v] as const),
        fc.constantFrom('submitted', 'Returned', 'approved').map((v) => ['stage', v] as const),
        badEmail.map((v) => ['email', v] as const),
        fc.constantFrom('code', 'name', 'kind').map((c) => [c, ''] as const),
      ),
    )
    .map(([valid, i, [column, value]]) => {
      const d = clone(valid);
      const agencies = d.agencies as Json[];
      const a = i % agencies.length;
      agencies[a]![column] = value;
      return rosterCase(
        value === '' ? 'roster-cell-empty' : 'roster-cell-invalid',
        withRoster(d, 'co-quan.csv', rosterCsv(agencies)),
        [`dòng ${a + 2}, cột ${column}`],
        `co-quan.csv dòng ${a + 2}: ${column} = ${preview(value)}`,
        true,
      );
    }),
  validDefinition.map((d) =>
    rosterCase(
      'roster-duplicate-code',
      withRoster(
        d,
        'co-quan.csv',
        rosterCsv([...(d.agencies as Json[]), { ...(d.agencies as Json[])[0], name: 'Cơ quan trùng mã' }]),
      ),
      ['trùng'],
      'mã cơ quan hai lần',
    ),
  ),
  fc
    .tuple(validDefinition, fc.constantFrom('code,name,kind,email,stage,reason\n', ''))
    .map(([d, text]) =>
      rosterCase(
        'roster-no-rows',
        withRoster(d, 'co-quan.csv', text),
        ['danh sách cơ quan'],
        `co-quan.csv = ${preview(text)}`,
      ),
    ),
  validDefinition.map((d) =>
    rosterCase(
      'roster-unclosed-quote',
      withRoster(d, 'co-quan.csv', `${rosterCsv(d.agencies as Json[])}xa-99999,"UBND xã Bình Chánh,commune\n`),
      ['dòng', 'co-quan.csv'],
      'dấu ngoặc kép không đóng',
    ),
  ),
  validDefinition.map((d) =>
    rosterCase(
      'roster-missing-file',
      { 'chien-dich.yaml': withRoster(d, 'khong-co.csv', null)['chien-dich.yaml']! },
      ['khong-co.csv'],
      'tệp roster không có',
    ),
  ),
  fc
    .tuple(validDefinition, fc.constantFrom('txt', 'xls', 'json', 'ods'))
    .map(([d, ext]) =>
      rosterCase(
        'roster-wrong-extension',
        withRoster(d, `co-quan.${ext}`, rosterCsv(d.agencies as Json[])),
        ['roster'],
        `roster là tệp .${ext}`,
      ),
    ),
  validDefinition.map((d) =>
    rosterCase('roster-directory', withRoster(d, 'co-quan.csv', null), ['co-quan.csv'], 'roster là thư mục'),
  ),
  fc
    .tuple(validDefinition, fc.uint8Array({ minLength: 1, maxLength: 600 }))
    .map(([d, bytes]) =>
      rosterCase(
        'roster-xlsx-corrupt',
        withRoster(d, 'co-quan.xlsx', Buffer.from(bytes)),
        ['co-quan.xlsx'],
        `co-quan.xlsx là ${bytes.length} byte ngẫu nhiên`,
      ),
    ),
  validDefinition.map((d) =>
    rosterCase(
      'roster-semicolon-no-code',
      withRoster(d, 'co-quan.csv', rosterCsv(d.agencies as Json[], ROSTER_COLUMNS, ';').replace(/^code;/, 'ma;')),
      ['cột code'],
      'phân cách bằng dấu chấm phẩy, thiếu cột code',
    ),
  ),
  validDefinition.map((valid) => {
    const d = clone(valid);
    const agencies = d.agencies as Json[];
    agencies[0]!.code = 'sở-tư-pháp';
    return rosterCase(
      'roster-not-utf8',
      withRoster(d, 'co-quan.csv', Buffer.from(rosterCsv(agencies), 'latin1')),
      ['dòng 2, cột code'],
      'co-quan.csv lưu bằng mã Latin-1',
    );
  }),
];

/** Whole-file problems: the field cannot be named; the file, the line or "(toàn bộ)" can. */
export function definitionExamples(): DefinitionCase[] {
  const one = (mutation: string, content: string | Buffer | null | undefined, expect: string[], what: string) =>
    definitionCase({
      mutation,
      files: content === undefined ? {} : { 'chien-dich.yaml': content },
      main: 'chien-dich.yaml',
      expect,
      what,
    });
  return [
    one('missing-file', undefined, ['chien-dich.yaml'], 'tệp chiến dịch không có'),
    one('directory', null, ['chien-dich.yaml'], 'đường dẫn là thư mục'),
    one('empty', '', ['(toàn bộ)'], 'tệp rỗng'),
    one('comments-only', '# Chiến dịch 751\n# chưa điền\n', ['(toàn bộ)'], 'chỉ có chú thích'),
    one('top-level-list', '- agencies: []\n', ['(toàn bộ)'], 'nội dung là danh sách'),
    one('top-level-scalar', 'Chiến dịch 751/UBND-TTHC\n', ['(toàn bộ)'], 'nội dung là một chuỗi'),
    one(
      'utf16',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: x\ndirective: {}\n', 'utf16le')]),
      ['(toàn bộ)', 'dòng', 'line'],
      'mã UTF-16',
    ),
  ];
}

export const badDefinition: fc.Arbitrary<DefinitionCase> = fc.oneof(
  { weight: 12, arbitrary: fc.oneof(...fieldCases, ...ruleCases) },
  { weight: 2, arbitrary: syntaxCase },
  { weight: 4, arbitrary: fc.oneof(...rosterCases) },
);
