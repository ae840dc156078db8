import fc from 'fast-check';
import { ACTOR, ACTOR_OPTION, commands, type Arg, type CliCase, type CliWorld, type CommandSpec } from './cli-commands';
import { fixedCommands } from './cli-fixed';
import { described, preview, wrongActor } from './values';

// Argument vectors the admin script must refuse, generated from the table of commands
// (./cli-commands) with one thing wrong each, plus the fixed ones of ./cli-fixed.

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
