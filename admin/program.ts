import { Command, CommanderError, Help } from 'commander';
import { useVietnameseZodMessages } from '../domain/zod-locale';
import { redactCredentials } from '../shared/redact';
import { registerAccountCommands } from './account';
import { registerAgencyCommands } from './agency';
import { registerApproverCommands } from './approver';
import { registerCampaignCommands } from './campaign';
import { Session, type CliDeps } from './context';
import { registerCalendarCommands } from './calendar';
import { registerDeadlineCommands } from './deadline';
import { registerExtensionCommands } from './extension';
import { describeError } from './errors';
import { registerReportCommands } from './report';
import { registerReviewCommands } from './review';

// The admin script as a commander program that never touches process.*: it writes to the given
// streams, reads the given environment and returns an exit code, so tests run it in-process.

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Arguments:': 'Đối số:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Global Options:': 'Tùy chọn chung:',
};

export function buildProgram(deps: CliDeps, session: Session = new Session(deps)): Command {
  const program = new Command('dondoc')
    .description(
      'Công cụ quản trị của Trung tâm Phục vụ - Kiểm soát TTHC tỉnh: khởi chạy và điều hành chiến dịch, ' +
        'nộp và thẩm định danh sách giấy tờ cần số hóa, phê duyệt danh mục.\n' +
        'Mọi thao tác thay đổi đi qua máy chủ dondoc với tư cách người đã đăng nhập ("login"; DONDOC_SERVER_URL, DONDOC_API_TOKEN); ' +
        'các lệnh xem đọc thêm DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DONDOC_TASK_QUEUE (xem README.md).',
    )
    .usage('<lệnh> [tùy chọn]')
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      outputError: () => undefined, // errors are translated and printed by runCli
    })
    .configureHelp({
      styleTitle: (title: string) => HELP_TITLES[title] ?? title,
      commandUsage: (cmd: Command) =>
        new Help().commandUsage(cmd).replace('[options]', '[tùy chọn]').replace('[command]', '<lệnh>'),
    })
    .helpOption('-h, --help', 'hiện hướng dẫn của lệnh')
    .helpCommand('help [lệnh]', 'hiện hướng dẫn của một lệnh')
    .exitOverride();
  registerAccountCommands(program, session);
  registerCampaignCommands(program, session);
  registerAgencyCommands(program, session);
  registerReviewCommands(program, session);
  registerApproverCommands(program, session);
  registerReportCommands(program, session);
  registerDeadlineCommands(program, session);
  registerExtensionCommands(program, session);
  registerCalendarCommands(program, session);
  program.addHelpText(
    'after',
    '\nVí dụ:\n' +
      '  npm run dondoc -- campaign launch campaigns/<tệp-chiến-dịch>.yaml\n' +
      '  npm run dondoc -- campaign status <mã-chiến-dịch>\n' +
      '  npm run dondoc -- agency submit <mã-chiến-dịch> so-tu-phap --file so-tu-phap.xlsx\n' +
      '  npm run dondoc -- review return <mã-chiến-dịch> so-tu-phap --reason "Thiếu căn cứ pháp lý"\n' +
      'Mỗi lệnh có hướng dẫn riêng: npm run dondoc -- <nhóm> <lệnh> --help',
  );
  return program;
}

/** The command named by argv's leading words, e.g. "campaign extend", for the help hint. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names: string[] = [];
  let current = program;
  for (const word of argv) {
    const next = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) break;
    names.push(next.name());
    current = next;
  }
  return names.join(' ');
}

function usageMessage(error: CommanderError): string {
  const message = error.message.replace(/^error: /, '');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(message)?.[1];
  const hint = suggestion ? ` Có phải ý bạn là ${suggestion}?` : '';
  let m: RegExpExecArray | null;
  switch (error.code) {
    case 'commander.missingArgument':
      m = /'(.+)'/.exec(message);
      return `Thiếu đối số bắt buộc <${m?.[1] ?? '?'}>.`;
    case 'commander.optionMissingArgument':
      m = /option '(.+)' argument missing/.exec(message);
      return `Tùy chọn ${m?.[1] ?? ''} cần một giá trị.`;
    case 'commander.missingMandatoryOptionValue':
      m = /option '(.+)' not specified/.exec(message);
      return `Thiếu tùy chọn bắt buộc ${m?.[1] ?? ''}.`;
    case 'commander.unknownOption':
      m = /unknown option '([^']+)'/.exec(message);
      return `Không có tùy chọn ${m?.[1] ?? ''}.${hint}`;
    case 'commander.unknownCommand':
      m = /unknown command '([^']+)'/.exec(message);
      return `Không có lệnh "${m?.[1] ?? ''}".${hint}`;
    case 'commander.excessArguments':
      m = /Expected (\d+) arguments? but got (\d+)/.exec(message);
      return `Thừa đối số: lệnh nhận ${m?.[1] ?? '?'} đối số nhưng có ${m?.[2] ?? '?'}. Giá trị có khoảng trắng phải đặt trong ngoặc kép, ví dụ --reason "Thiếu căn cứ".`;
    default:
      return message;
  }
}

/** Runs the admin script on `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  useVietnameseZodMessages();
  const session = new Session(deps);
  const program = buildProgram(deps, session);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return session.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too: nothing to add.
      if (
        ['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync'].includes(
          error.code,
        )
      )
        return error.exitCode;
      const path = commandPath(program, argv);
      deps.stderr.write(
        `Lỗi: ${usageMessage(error)}\nXem hướng dẫn: npm run dondoc -- ${path ? `${path} ` : ''}--help\n`,
      );
      return error.exitCode || 1;
    }
    let config;
    try {
      config = session.config();
    } catch {
      config = undefined;
    }
    deps.stderr.write(`Lỗi: ${describeError(error)}\n`);
    if (config?.logLevel === 'debug' || config?.logLevel === 'trace')
      deps.stderr.write(`${redactCredentials((error as Error)?.stack ?? '')}\n`);
    return 1;
  }
}
