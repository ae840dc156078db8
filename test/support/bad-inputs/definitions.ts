import fc from 'fast-check';
import { fieldCases, ruleCases } from './definition-fields';
import { rosterCases } from './definition-rosters';
import { definitionCase, validDefinition, yamlOf, type DefinitionCase } from './definition-valid';

// Campaign files (YAML) and their roster files that must be refused with a CampaignDefinitionError
// naming the field (`deadlines.submission:`), the roster's row and column, or the line: fields and
// rules (./definition-fields), rosters (./definition-rosters), and here the syntax and the file as a whole.

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
