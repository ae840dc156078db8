import fc from 'fast-check';
import { DAY, definitionCase, validDefinition, vietnamInstant, yamlOf } from './definition-valid';
import { badAgencyCode, badEmail, blank, clone, displayPath, preview, type Json, type Path } from './values';

// Campaign files with one field wrong, or a cross-field rule broken: the error must name the field
// (`deadlines.submission:`).

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

export const fieldCases = FIELD_MUTATIONS.map(([name, change, expect]) =>
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
export const ruleCases = [
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
