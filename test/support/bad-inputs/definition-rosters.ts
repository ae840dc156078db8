import fc from 'fast-check';
import {
  definitionCase,
  ROSTER_COLUMNS,
  rosterCsv,
  validDefinition,
  yamlOf,
  type DefinitionCase,
} from './definition-valid';
import { badAgencyCode, badEmail, clone, preview, type Json } from './values';

// Campaign files whose roster file is wrong: the error must name the roster's row and column.

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
export const rosterCases = [
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
