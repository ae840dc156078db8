import type { Command } from 'commander';
import { z } from 'zod';
import { deadlineDay } from '../domain/deadline-display';
import { EXTENSION_STATUS_LABELS, type ExtensionRequest } from '../domain/extension-requests';
import { DEADLINE_LABELS } from '../domain/stages';
import type { Session } from './context';
import { CliError } from './errors';
import { actOnAgency, agencyLabel, openAgency } from './lookup';
import { AGENCY_ARGUMENTS, agencyArguments } from './arguments';
import { agencyCode, campaignIdArg, dayOption, optionalText, parseInput, requiredText } from './options';

// `extension …`: extension requests (xin gia hạn) for the Service Center — record a request an
// agency made on paper, and answer one (grant, possibly with another day, or refuse with a reason).
// Both act through the server as the signed-in operator; the campaign's limits are checked there.

const ARGUMENTS = AGENCY_ARGUMENTS;

export function registerExtensionCommands(program: Command, session: Session): void {
  const extension = program
    .command('extension')
    .description('Đề nghị gia hạn của cơ quan: ghi đề nghị bằng văn bản giấy, trả lời đề nghị');

  agencyArguments(
    extension.command('request').description('Ghi đề nghị gia hạn mà cơ quan gửi bằng văn bản giấy (thay mặt cơ quan)'),
  )
    .option('--deadline <ngày>', 'ngày cơ quan xin gia hạn đến (dd/mm/yyyy hoặc yyyy-mm-dd; hết ngày đó)')
    .option('--reason <lý do>', 'lý do cơ quan nêu, kèm số văn bản nếu có')
    .action((campaignId: string, code: string, options: Record<string, unknown>) =>
      request(session, campaignId, code, options),
    );

  agencyArguments(
    extension
      .command('answer')
      .description('Trả lời đề nghị gia hạn đang chờ: --grant (có thể kèm --deadline khác) hoặc --refuse --reason'),
  )
    .option('--grant', 'chấp thuận')
    .option('--refuse', 'không chấp thuận (cần --reason)')
    .option('--deadline <ngày>', 'chấp thuận với ngày khác ngày cơ quan xin (dd/mm/yyyy)')
    .option('--reason <lý do>', 'lý do không chấp thuận, hoặc ý kiến kèm chấp thuận')
    .action((campaignId: string, code: string, options: Record<string, unknown>) =>
      answer(session, campaignId, code, options),
    );
}

function describe(request: ExtensionRequest): string {
  return (
    `${DEADLINE_LABELS[request.kind]} ${deadlineDay(request.currentDeadline)} → ${deadlineDay(request.requestedDeadline)} ` +
    `(thêm ${request.workingDays} ngày làm việc), ${EXTENSION_STATUS_LABELS[request.status]}`
  );
}

async function request(session: Session, rawId: string, code: string, options: Record<string, unknown>) {
  const input = parseInput(
    'extension request',
    z.object({
      campaignId: campaignIdArg,
      agencyCode,
      deadline: dayOption('--deadline'),
      reason: requiredText('--reason', 'Công văn 12/STP ngày 05/03/2024: chờ ý kiến của Bộ Tư pháp'),
    }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const { campaign, assignment, state } = await openAgency(
    session,
    input.campaignId,
    input.agencyCode,
    'requestExtension',
  );
  const made = await actOnAgency<ExtensionRequest>(
    session,
    { campaign, assignment, state },
    'requestExtension',
    'extension-requests',
    { body: { deadline: input.deadline, reason: input.reason } },
  );
  session.out(
    `Đã ghi đề nghị gia hạn ${made.id} của ${agencyLabel(assignment)}: ${describe(made)}; ` +
      `hạn trả lời ${deadlineDay(made.answerDeadline)}.`,
  );
}

async function answer(session: Session, rawId: string, code: string, options: Record<string, unknown>) {
  const input = parseInput(
    'extension answer',
    z
      .object({
        campaignId: campaignIdArg,
        agencyCode,
        grant: z.boolean().optional(),
        refuse: z.boolean().optional(),
        deadline: dayOption('--deadline').optional(),
        reason: optionalText,
      })
      .refine((o) => Boolean(o.grant) !== Boolean(o.refuse), {
        path: ['grant'],
        message: 'chọn đúng một trong --grant hoặc --refuse',
      }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const { campaign, assignment, state } = await openAgency(
    session,
    input.campaignId,
    input.agencyCode,
    'answerExtension',
  );
  const pending = (state.extensionRequests ?? []).find((r) => r.status === 'pending');
  if (!pending) throw new CliError(`${agencyLabel(assignment)} không có đề nghị gia hạn nào đang chờ trả lời.`);
  const answered = await actOnAgency<ExtensionRequest>(
    session,
    { campaign, assignment, state },
    'answerExtension',
    'extension-requests/answer',
    {
      body: {
        requestId: pending.id,
        decision: input.grant ? 'grant' : 'refuse',
        deadline: input.deadline,
        reason: input.reason,
      },
    },
  );
  session.out(
    answered.status === 'granted'
      ? `Đã chấp thuận đề nghị gia hạn ${answered.id} của ${agencyLabel(assignment)}: thời hạn mới ${deadlineDay(answered.grantedDeadline!)}.`
      : `Đã không chấp thuận đề nghị gia hạn ${answered.id} của ${agencyLabel(assignment)}; thời hạn giữ nguyên ${deadlineDay(answered.currentDeadline)}.`,
  );
}
