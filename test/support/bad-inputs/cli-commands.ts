import { roleWithCode, type Role } from '../../../domain/access';
import { type ListFileCase } from './list-files';

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

export type Arg = 'campaignId' | 'agencyCode' | 'file';
export interface CommandSpec {
  path: [string, string];
  args: Arg[];
  /** Option → value; `ACTOR` is a person who may not act; `true` is a flag without value. */
  options: [string, string | typeof ACTOR | true][];
  required: string[];
  /** Why it is refused as written, when that is not the actor: the words the error must contain. */
  refusal?: string[];
}
export const ACTOR = Symbol('actor');
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
