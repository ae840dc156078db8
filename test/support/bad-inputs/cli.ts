import fc from 'fast-check';
import { roleWithCode, type Role } from '../../../domain/access';
import { badDefinition, validDefinition, yamlOf } from './definitions';
import { type ListFileCase } from './list-files';
import { clone, described, preview, wrongActor, type Json } from './values';

// Argument vectors the admin script must refuse: non-zero exit, a Vietnamese error naming the
// option, argument or value at fault. The commands are data: each with its arguments, the options
// it takes (with values that make it fail only for the reason the case names) and its required
// options, so a change of the command line is a change of this table.

/** A launched campaign (its workflows running) and two of its agencies. */
export interface CliWorld {
  campaignId: string;
  /** An agency that has submitted a list (version 1) and has an open support request (#1). */
  submitted: string;
  people: { reviewer: string; approver: string; serviceCenter: string };
  /** A valid list file and bad ones, written into the case's directory when used. */
  goodList: { name: string; content: Buffer };
  badLists: ListFileCase[];
}

export interface CliCase {
  mutation: string;
  /** `{dir}` stands for the case's own directory. */
  argv: string[];
  files?: Record<string, string | Buffer | null>;
  /** Each must appear in the error. */
  expect: string[];
  /** When set, at least one of these must appear too (a file's error names its line or field). */
  expectAny?: string[];
  what: string;
}

/**
 * The option that names who acts: none. The actor is the person signed in (their token): the
 * table's role commands, complete, run as someone who holds no role in the campaign (their bad
 * inputs as an administrator, who is told what the campaign holds), the agency's own
 * commands as that agency's member, a launch as an administrator (see `signedInAs`).
 */
export const ACTOR_OPTION: string | undefined = undefined;

/** Who runs a command of the table: the person the bad-input runner signs in as. */
export function signedInAs(argv: readonly string[], mutation?: string): 'admin' | 'agency' | 'outsider' {
  if (argv[0] === 'campaign' && argv[1] === 'launch') return 'admin';
  if (argv[0] === 'agency') return 'agency';
  // A complete command is refused for the person's role; a bad input is refused for what it says,
  // by someone who may act (the server tells only them whether an agency exists, or what its list holds).
  return mutation === 'refused-as-is' ? 'outsider' : 'admin';
}

type Arg = 'campaignId' | 'agencyCode' | 'file';
interface CommandSpec {
  path: [string, string];
  args: Arg[];
  /** Option → value; `ACTOR` is a person who may not act; `true` is a flag without value. */
  options: [string, string | typeof ACTOR | true][];
  required: string[];
  /** Why it is refused as written, when that is not the actor: the words the error must contain. */
  refusal?: string[];
}
const ACTOR = Symbol('actor');
/** A refusal for want of a role names the role (never a person who holds it). */
const roleRefusal = (roles: Role[]) => [
  `Bạn không có quyền này: cần vai trò ${roles.map((r) => roleWithCode(r)).join(' hoặc ')}`,
];

export function commands(world: CliWorld): CommandSpec[] {
  const a = world.submitted;
  const operator: Role[] = ['operator'];
  const reviewer: Role[] = ['reviewer'];
  const approver: Role[] = ['approver'];
  const withActor = (spec: CommandSpec, roles: Role[]): CommandSpec => ({
    ...spec,
    options: ACTOR_OPTION ? [...spec.options, [ACTOR_OPTION, ACTOR]] : spec.options,
    refusal: spec.refusal ?? roleRefusal(roles),
  });
  return [
    withActor(
      {
        path: ['campaign', 'extend'],
        args: ['campaignId'],
        options: [
          ['--agency', a],
          ['--deadline', '15/03/2099'],
          ['--reason', 'Cơ quan xin gia hạn'],
        ],
        required: ['--deadline', '--reason'],
      },
      operator,
    ),
    withActor(
      {
        path: ['campaign', 'remind'],
        args: ['campaignId'],
        options: [
          ['--agency', a],
          ['--note', 'Đề nghị gửi trong ngày'],
        ],
        required: [],
      },
      operator,
    ),
    withActor(
      {
        path: ['campaign', 'escalate'],
        args: ['campaignId'],
        options: [
          ['--agency', a],
          ['--reason', 'Không phối hợp'],
        ],
        required: ['--agency', '--reason'],
      },
      operator,
    ),
    withActor(
      {
        path: ['campaign', 'withdraw'],
        args: ['campaignId'],
        options: [
          ['--agency', a],
          ['--reason', 'Đã sáp nhập'],
        ],
        required: ['--agency', '--reason'],
      },
      operator,
    ),
    withActor(
      {
        path: ['campaign', 'cancel'],
        args: ['campaignId'],
        options: [['--reason', 'Chỉ đạo mới']],
        required: ['--reason'],
      },
      operator,
    ),
    withActor(
      {
        path: ['review', 'accept'],
        args: ['campaignId', 'agencyCode'],
        options: [['--note', 'Đạt']],
        required: [],
      },
      reviewer,
    ),
    withActor(
      {
        path: ['review', 'return'],
        args: ['campaignId', 'agencyCode'],
        options: [['--reason', 'Thiếu căn cứ']],
        required: [],
      },
      reviewer,
    ),
    withActor({ path: ['review', 'consolidate'], args: ['campaignId'], options: [], required: [] }, reviewer),
    withActor(
      {
        path: ['review', 'answer'],
        args: ['campaignId', 'agencyCode'],
        options: [
          ['--request', '1'],
          ['--answer', 'Có'],
        ],
        required: ['--request', '--answer'],
      },
      ['reviewer', 'operator'],
    ),
    withActor(
      {
        path: ['approver', 'approve'],
        args: ['campaignId'],
        options: [
          ['--decision', '125/QĐ-UBND'],
          ['--date', '13/03/2024'],
          ['--signer', 'Đặng Văn Minh'],
        ],
        required: ['--decision', '--date', '--signer'],
      },
      approver,
    ),
    withActor(
      {
        path: ['approver', 'send-back'],
        args: ['campaignId'],
        options: [['--reason', 'Thiếu UBND cấp xã']],
        required: ['--reason'],
      },
      approver,
    ),
    // The agency has submitted already: a submission that got through would be refused for the stage.
    {
      path: ['agency', 'submit'],
      args: ['campaignId', 'agencyCode'],
      options: [['--file', `{dir}/${world.goodList.name}`]],
      required: ['--file'],
      refusal: ['Không thể nộp'],
    },
    {
      path: ['agency', 'support'],
      args: ['campaignId', 'agencyCode'],
      options: [['--question', 'abc']],
      required: ['--question'],
      refusal: ['question:'],
    },
    {
      path: ['agency', 'diff'],
      args: ['campaignId', 'agencyCode'],
      options: [
        ['--from', '1'],
        ['--to', '2'],
      ],
      required: [],
      refusal: ['--to'],
    },
  ];
}

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
const TEXT_OPTIONS = [
  '--reason',
  '--question',
  '--answer',
  '--decision',
  '--signer',
  '--file',
  '--note',
  '--request',
  ...(ACTOR_OPTION ? [ACTOR_OPTION] : []),
];

/** A command of the table as argv, with one change; `by` is the actor who may not act. */
function argvOf(
  world: CliWorld,
  spec: CommandSpec,
  by: string,
  change: { args?: string[]; options?: [string, string | true][]; extra?: string[] } = {},
): string[] {
  const values: Record<Arg, string> = { campaignId: world.campaignId, agencyCode: world.submitted, file: '' };
  const args = change.args ?? spec.args.map((arg) => values[arg]);
  const options =
    change.options ?? spec.options.map(([flag, v]): [string, string | true] => [flag, v === ACTOR ? by : v]);
  return [
    ...spec.path,
    ...args,
    ...(change.extra ?? []),
    ...options.flatMap(([flag, v]) => (v === true ? [flag] : [flag, v])),
  ];
}
const realOptions = (spec: CommandSpec, by: string) =>
  spec.options.map(([flag, v]): [string, string | true] => [flag, v === ACTOR ? by : v]);

/** Every way of getting a command of the table wrong, each with what its error must name. */
export function badCommand(world: CliWorld): fc.Arbitrary<CliCase> {
  const specs = commands(world);
  const allowed = Object.values(world.people);
  const goodFile = { [world.goodList.name]: world.goodList.content };
  const spec = fc.constantFrom(...specs);
  const actor = wrongActor(allowed);
  const on = (filter: (s: CommandSpec) => boolean) => fc.constantFrom(...specs.filter(filter));
  const make = (
    mutation: string,
    argv: string[],
    expect: string[],
    what: string,
    files: CliCase['files'] = goodFile,
    expectAny?: string[],
  ): CliCase =>
    described(
      { mutation, argv, files, expect, expectAny, what },
      `${mutation}: ${preview(argv, 300)} → ${preview(expect)}`,
    );

  const cases: fc.Arbitrary<CliCase>[] = [
    fc
      .tuple(spec, actor)
      .map(([s, by]) =>
        make('refused-as-is', argvOf(world, s, by), s.refusal!, 'lệnh đủ tham số, bị từ chối vì người hoặc trạng thái'),
      ),
    fc
      .tuple(
        on((s) => s.path[1] === 'submit'),
        fc.constantFrom(...world.badLists),
      )
      .map(([s, file]) => {
        const name = `danh-sach.${file.format}`;
        const expected = file.expected;
        // The file's own error locates the problem: its row (capitalised when it leads the line) or its JSON path.
        const expectAny =
          expected.kind === 'cell' && expected.row
            ? [`dòng ${expected.row}`, `Dòng ${expected.row}`]
            : expected.kind === 'path'
              ? expected.paths.flatMap((p) => [`mục ${p}`, `Mục ${p}`])
              : undefined;
        return make(
          'submit-bad-file',
          argvOf(world, s, '', { options: [['--file', `{dir}/${name}`]] }),
          [name],
          `--file: ${file.mutation} (${file.what})`,
          { [name]: file.content },
          expectAny,
        );
      }),
    fc
      .tuple(
        spec,
        actor,
        fc.constantFrom(
          '--foo',
          '-x',
          '--reasons',
          '--agencies',
          '--dry-run',
          '--force',
          '--Reason',
          '-r',
          '--file2',
          '--\u200breason',
        ),
      )
      .map(([s, by, flag]) =>
        make('unknown-option', [...argvOf(world, s, by), flag], [flag], `tùy chọn ${flag} không có`),
      ),
    fc.tuple(spec, actor, fc.nat()).map(([s, by, n]) => {
      const keep = n % s.args.length;
      const options = realOptions(s, by).filter(([flag]) => flag !== '--agency');
      return make(
        'missing-argument',
        argvOf(world, s, by, { args: argvOf(world, s, by).slice(2, 2 + keep), options }),
        [`<${s.args[keep]}>`],
        `thiếu đối số <${s.args[keep]}>`,
      );
    }),
    fc
      .tuple(
        on((s) => s.options.some(([, v]) => v !== true)),
        actor,
        fc.nat(),
      )
      .map(([s, by, n]) => {
        const valued = realOptions(s, by).filter(([, v]) => v !== true);
        const [flag] = valued[n % valued.length]!;
        return make(
          'option-without-value',
          [...argvOf(world, s, by, { options: realOptions(s, by).filter(([f]) => f !== flag) }), flag],
          [flag],
          `${flag} không có giá trị`,
        );
      }),
    fc
      .tuple(spec, actor, fc.constantFrom('thêm', 'Thiếu căn cứ', '1.002421', 'so-y-te'))
      .map(([s, by, extra]) =>
        make('excess-argument', argvOf(world, s, by, { extra: [extra] }), ['Thừa đối số'], `thừa đối số "${extra}"`),
      ),
    fc
      .tuple(
        on((s) => s.required.length > 0),
        actor,
        fc.nat(),
      )
      .map(([s, by, n]) => {
        const drop = s.required[n % s.required.length]!;
        return make(
          'required-option-dropped',
          argvOf(world, s, by, { options: realOptions(s, by).filter(([f]) => f !== drop) }),
          [drop],
          `bỏ ${drop}`,
        );
      }),
    fc
      .tuple(
        on((s) => s.options.some(([f]) => TEXT_OPTIONS.includes(f))),
        actor,
        fc.nat(),
        fc.constantFrom('', ' ', '   ', '\t'),
      )
      .map(([s, by, n, blank]) => {
        const textual = s.options.filter(([f]) => TEXT_OPTIONS.includes(f));
        const [flag] = textual[n % textual.length]!;
        return make(
          'blank-option',
          argvOf(world, s, by, { options: realOptions(s, by).map(([f, v]) => [f, f === flag ? blank : v]) }),
          [flag],
          `${flag} ${preview(blank)}`,
        );
      }),
    fc
      .tuple(
        spec,
        actor,
        fc.oneof(
          fc.constantFrom(
            'chiến-dịch-751',
            'a b',
            '751/UBND',
            '',
            ' ',
            '.x',
            'x\u200b',
            '751🙂',
            `${'x'.repeat(3_000)} y`,
          ),
          fc.string({ minLength: 1, maxLength: 10 }).map((s) => `z ${s}.`),
        ),
      )
      .map(([s, by, id]) =>
        make(
          'campaign-id-invalid',
          argvOf(world, s, by, { args: [id, ...argvOf(world, s, by).slice(3, 2 + s.args.length)] }),
          ['<campaignId>'],
          `<campaignId> = ${preview(id)}`,
        ),
      ),
    fc.tuple(spec, actor, fc.integer({ min: 100_000, max: 999_999 })).map(([s, by, n]) => {
      const id = `khong-co-${n}`;
      return make(
        'campaign-unknown',
        argvOf(world, s, by, { args: [id, ...argvOf(world, s, by).slice(3, 2 + s.args.length)] }),
        [id],
        `chiến dịch ${id} không có`,
      );
    }),
    fc
      .tuple(
        on((s) => s.args.includes('agencyCode') || s.options.some(([f]) => f === '--agency')),
        actor,
        fc.oneof(
          fc
            .constantFrom('so tu phap', 'a/b', '', 'x#1', '😀', 'sở'.normalize('NFD'))
            .map((code) => [code, false] as const),
          fc.integer({ min: 1_000, max: 9_999 }).map((n) => [`khong-co-${n}`, true] as const),
        ),
      )
      .map(([s, by, [code, wellFormed]]) => {
        const asArg = s.args.includes('agencyCode');
        const argv = argvOf(world, s, by, {
          args: argvOf(world, s, by)
            .slice(2, 2 + s.args.length)
            .map((v, i) => (s.args[i] === 'agencyCode' ? code : v)),
          options: realOptions(s, by).map(([f, v]) => [f, f === '--agency' ? code : v]),
        });
        return make(
          'agency-code-bad',
          argv,
          [wellFormed ? code : asArg ? '<agencyCode>' : '--agency'],
          `mã cơ quan = ${preview(code)}`,
        );
      }),
    ...fixedCommands(world, actor, make),
  ];
  return fc.oneof(...cases);
}

type Make = (
  mutation: string,
  argv: string[],
  expect: string[],
  what: string,
  files?: CliCase['files'],
  expectAny?: string[],
) => CliCase;

/** Option values of single commands, and command words, each wrong in its own way. */
function fixedCommands(world: CliWorld, actor: fc.Arbitrary<string>, make: Make): fc.Arbitrary<CliCase>[] {
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
