import fc from 'fast-check';
import { validDefinition, yamlOf } from './definition-valid';
import { badDefinition } from './definitions';
import { ACTOR_OPTION, type CliCase, type CliWorld } from './cli-commands';
import { clone, preview, type Json } from './values';

// Admin-script commands the table of ./cli-commands does not generate: option values of single
// commands, and command words, each wrong in its own way.

const JUNK_WORDS = [
  'campain',
  'campaigns',
  'CAMPAIGN',
  'Campaign',
  'chien-dich',
  'chiến-dịch',
  'launch',
  'submit',
  'start',
  'xóa',
  'run',
  ' ',
  '\u200bcampaign',
  'campaign\u200b',
  'ϲampaign',
  '🙂',
  'x'.repeat(5_000),
  '\u202ecampaign',
  'review!',
  'agency/submit',
  'null',
  'undefined',
  '%s%s%n',
];

export type Make = (
  mutation: string,
  argv: string[],
  expect: string[],
  what: string,
  files?: CliCase['files'],
  expectAny?: string[],
) => CliCase;

/** Option values of single commands, and command words, each wrong in its own way. */
export function fixedCommands(world: CliWorld, actor: fc.Arbitrary<string>, make: Make): fc.Arbitrary<CliCase>[] {
  const c = world.campaignId;
  const a = world.submitted;
  const by = (b: string) => (ACTOR_OPTION ? [ACTOR_OPTION, b] : []);
  const extend = (b: string, ...rest: string[]) => [
    'campaign',
    'extend',
    c,
    '--deadline',
    '15/03/2099',
    '--reason',
    'Gia hạn',
    ...by(b),
    ...rest,
  ];
  return [
    fc
      .tuple(
        actor,
        fc.constantFrom(
          '31/02/2099',
          '2099-13-01',
          'mai',
          '01/01/2020',
          '99/99/9999',
          '15/03/2099 25:00',
          '15-03-2099',
          '2099-03-15T17:00:00',
          '2020-01-01T00:00:00+07:00',
          '',
        ),
      )
      .map(([b, v]) =>
        make(
          'deadline-invalid',
          ['campaign', 'extend', c, '--agency', a, '--deadline', v, '--reason', 'Gia hạn', ...by(b)],
          ['--deadline'],
          `--deadline ${preview(v)}`,
        ),
      ),
    fc
      .tuple(actor, fc.constantFrom('approval', 'Submission', 'nop', ''))
      .map(([b, v]) => make('kind-invalid', extend(b, '--agency', a, '--kind', v), ['--kind'], `--kind ${preview(v)}`)),
    fc
      .tuple(actor, fc.constantFrom(['--agency', a, '--late'], []))
      .map(([b, extra]) =>
        make('extend-target', extend(b, ...extra), ['--agency', '--late'], 'cần đúng một trong --agency và --late'),
      ),
    fc
      .tuple(actor, fc.constantFrom('30/02/2024', 'hôm qua', '01/01/2099', '2024-13-01', '13-03-2024', ''))
      .map(([b, v]) =>
        make(
          'date-invalid',
          ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', v, '--signer', 'Đặng Văn Minh', ...by(b)],
          ['--date'],
          `--date ${preview(v)}`,
        ),
      ),
    fc
      .tuple(
        actor,
        fc.constantFrom(
          'abc',
          '1.00242=x',
          '1.002421:=x',
          '=x',
          '1.002421=',
          ':x=y',
          '1,002421=Thiếu',
          '１.００２４２１=Thiếu',
          '1.999999=Không có trong danh sách',
        ),
      )
      .map(([b, v]) =>
        make(
          'line-invalid',
          ['review', 'return', c, a, '--reason', 'Thiếu', '--line', v, ...by(b)],
          ['--line'],
          `--line ${preview(v)}`,
        ),
      ),
    fc
      .constantFrom<[string, string, string[]]>(
        ['0', '1', ['--from']],
        ['abc', '2', ['--from']],
        ['1.5', '2', ['--from']],
        ['3', '2', ['--from', '--to']],
        ['2', '2', ['--from', '--to']],
        ['1', '-1', ['--to']],
        ['1', '5', ['--to']],
      )
      .map(([from, to, expect]) =>
        make(
          'versions-invalid',
          ['agency', 'diff', c, a, '--from', from, '--to', to],
          expect,
          `--from ${from} --to ${to}`,
        ),
      ),
    fc
      .tuple(
        actor,
        fc.constantFrom<[string, string, string]>(
          ['ly-do.json', '{ "overall": "Thiếu", ', 'JSON sai cú pháp'],
          ['ly-do.json', '{"lines":[]}', 'thiếu overall'],
          ['ly-do.json', '{"overall":"Thiếu","lines":[{"reason":"x"}]}', 'dòng thiếu procedureCode'],
          ['ly-do.json', '{"overall":"Thiếu","lines":"x"}', 'lines không phải mảng'],
          ['ly-do.yaml', 'overall: [Thiếu\n', 'YAML sai cú pháp'],
          ['ly-do.txt', 'Thiếu căn cứ', 'đuôi .txt'],
          ['ly-do.json', '', 'tệp rỗng'],
        ),
      )
      .map(([b, [name, content, what]]) =>
        make(
          'reasons-file-invalid',
          ['review', 'return', c, a, '--reasons-file', `{dir}/${name}`, ...by(b)],
          ['--reasons-file'],
          what,
          { [name]: content },
        ),
      ),
    actor.map((b) =>
      make(
        'reasons-file-missing',
        ['review', 'return', c, a, '--reasons-file', '{dir}/khong-co.json', ...by(b)],
        ['--reasons-file'],
        '--reasons-file không có',
      ),
    ),
    actor.map((b) =>
      make(
        'reason-and-reasons-file',
        ['review', 'return', c, a, '--reason', 'Thiếu', '--reasons-file', '{dir}/ly-do.json', ...by(b)],
        ['--reason', '--reasons-file'],
        'cả --reason và --reasons-file',
        { 'ly-do.json': '{"overall":"Thiếu"}' },
      ),
    ),
    actor.map((b) =>
      make(
        'return-without-reason',
        ['review', 'return', c, a, ...by(b)],
        ['--reason'],
        'không có --reason hay --reasons-file',
      ),
    ),
    fc
      .constantFrom<[string, string]>(
        ['{dir}/khong-co.xlsx', 'khong-co.xlsx'],
        ['{dir}/danh-sach.pdf', 'danh-sach.pdf'],
        ['{dir}', 'đuôi .xlsx, .csv hoặc .json'],
        ['{dir}/danh-sach.xls', 'danh-sach.xls'],
        ['{dir}/danh-sach', 'đuôi .xlsx, .csv hoặc .json'],
      )
      .map(([file, named]) =>
        make('submit-file-unusable', ['agency', 'submit', c, a, '--file', file], [named], `--file ${file}`),
      ),
    // Deadlines already past when launched for real (a rehearsal would say --drill): nothing may start.
    fc
      .tuple(validDefinition, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }))
      .map(([valid, ago, issued]) => {
        const d = clone(valid);
        const day = (offset: number) =>
          new Date(Date.now() + offset * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
        (d.directive as Json).date = day(-ago - issued);
        (d.deadlines as Json).submission = `${day(-ago)}T23:59:59+07:00`;
        const files = { 'chien-dich.yaml': yamlOf(d) };
        return make(
          'launch-past-deadline',
          ['campaign', 'launch', '{dir}/chien-dich.yaml'],
          ['deadlines.submission', '--drill'],
          `hạn nộp đã qua ${ago} ngày`,
          files,
        );
      }),
    badDefinition.map((d) =>
      make(
        'launch-bad-definition',
        ['campaign', 'launch', `{dir}/${d.main}`],
        [],
        `${d.mutation}: ${d.what}`,
        d.files,
        d.expect,
      ),
    ),
    fc
      .constantFrom<[string, string]>(
        ['{dir}/khong-co.yaml', 'khong-co.yaml'],
        ['{dir}/chien-dich.json', '<file>'],
        ['{dir}/chien-dich.txt', '<file>'],
        ['{dir}', '<file>'],
        ['', '<file>'],
      )
      .map(([file, named]) =>
        make('launch-file-unusable', ['campaign', 'launch', file], [named], `<file> ${preview(file)}`),
      ),
    fc
      .constantFrom('{dir}/mau.pdf', '', '   ', '{dir}/khong-co/mau.xlsx', '{dir}/co-san.xlsx', '{dir}/mau')
      .map((out) =>
        make('template-out-invalid', ['agency', 'template', '--out', out], ['--out'], `--out ${preview(out)}`, {
          'co-san.xlsx': 'đã có',
        }),
      ),
    fc
      .tuple(
        fc.constantFrom(...JUNK_WORDS),
        fc.array(fc.constantFrom('status', c, 'x', a, 'launch', '"', '🙂'), { maxLength: 5 }),
      )
      .map(([word, rest]) =>
        make('unknown-command', [word, ...rest], [`"${word}"`], `lệnh "${preview(word, 30)}" không có`),
      ),
    fc
      .tuple(
        fc.constantFrom('campaign', 'agency', 'review', 'approver'),
        fc.constantFrom(
          'lauch',
          'stat',
          'reject',
          'submitt',
          'approved',
          'xoa',
          'STATUS',
          'Launch',
          'list',
          'delete',
          '\u200bstatus',
        ),
      )
      .map(([group, word]) =>
        make(
          'unknown-subcommand',
          [group, word, c],
          [`"${word}"`],
          `lệnh con "${preview(word, 30)}" của ${group} không có`,
        ),
      ),
  ];
}
