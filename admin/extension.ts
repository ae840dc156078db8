import type { Command } from 'commander';
import { z } from 'zod';
import { deadlineDay } from '../domain/deadline-display';
import { EXTENSION_STATUS_LABELS, type ExtensionRequest } from '../domain/extension-requests';
import { DEADLINE_LABELS } from '../domain/stages';
import type { Session } from './context';
import { CliError } from './errors';
import { agencyLabel } from './lookup';
import { agencyArguments } from './arguments';
import { agencyAction, agencyInput, openAndAct, parseAgencyCall, type AgencyCall } from './agency-command';
import { dayOption, optionalText, requiredText } from './options';

// `extension …`: extension requests (xin gia hạn) for the Service Center — record a request an
// agency made on paper, and answer one (grant, possibly with another day, or refuse with a reason).
// Both act through the server as the signed-in operator; the campaign's limits are checked there.

export function registerExtensionCommands(program: Command, session: Session): void {
  const extension = program
    .command('extension')
    .description('Đề nghị gia hạn của cơ quan: ghi đề nghị bằng văn bản giấy, trả lời đề nghị');

  agencyArguments(
    extension.command('request').description('Ghi đề nghị gia hạn mà cơ quan gửi bằng văn bản giấy (thay mặt cơ quan)'),
  )
    .option('--deadline <ngày>', 'ngày cơ quan xin gia hạn đến (dd/mm/yyyy hoặc yyyy-mm-dd; hết ngày đó)')
    .option('--reason <lý do>', 'lý do cơ quan nêu, kèm số văn bản nếu có')
    .action(agencyAction(session, request));

  agencyArguments(
    extension
      .command('answer')
      .description('Trả lời đề nghị gia hạn đang chờ: --grant (có thể kèm --deadline khác) hoặc --refuse --reason'),
  )
    .option('--grant', 'chấp thuận')
    .option('--refuse', 'không chấp thuận (cần --reason)')
    .option('--deadline <ngày>', 'chấp thuận với ngày khác ngày cơ quan xin (dd/mm/yyyy)')
    .option('--reason <lý do>', 'lý do không chấp thuận, hoặc ý kiến kèm chấp thuận')
    .action(agencyAction(session, answer));
}

function describe(request: ExtensionRequest): string {
  return (
    `${DEADLINE_LABELS[request.kind]} ${deadlineDay(request.currentDeadline)} → ${deadlineDay(request.requestedDeadline)} ` +
    `(thêm ${request.workingDays} ngày làm việc), ${EXTENSION_STATUS_LABELS[request.status]}`
  );
}

async function request(session: Session, call: AgencyCall) {
  const input = parseAgencyCall(
    'extension request',
    agencyInput({
      deadline: dayOption('--deadline'),
      reason: requiredText('--reason', 'Công văn 12/STP ngày 05/03/2024: chờ ý kiến của Bộ Tư pháp'),
    }),
    call,
  );
  const { receipt: made, target } = await openAndAct<ExtensionRequest>(
    session,
    input,
    'requestExtension',
    'extension-requests',
    { body: { deadline: input.deadline, reason: input.reason } },
  );
  session.out(
    `Đã ghi đề nghị gia hạn ${made.id} của ${agencyLabel(target.assignment)}: ${describe(made)}; ` +
      `hạn trả lời ${deadlineDay(made.answerDeadline)}.`,
  );
}

async function answer(session: Session, call: AgencyCall) {
  const input = parseAgencyCall(
    'extension answer',
    agencyInput({
      grant: z.boolean().optional(),
      refuse: z.boolean().optional(),
      deadline: dayOption('--deadline').optional(),
      reason: optionalText,
    }).refine((o) => Boolean(o.grant) !== Boolean(o.refuse), {
      path: ['grant'],
      message: 'chọn đúng một trong --grant hoặc --refuse',
    }),
    call,
  );
  const { receipt: answered, target } = await openAndAct<ExtensionRequest>(
    session,
    input,
    'answerExtension',
    'extension-requests/answer',
    ({ assignment, state }) => {
      const pending = (state.extensionRequests ?? []).find((r) => r.status === 'pending');
      if (!pending) throw new CliError(`${agencyLabel(assignment)} không có đề nghị gia hạn nào đang chờ trả lời.`);
      const decision = input.grant ? 'grant' : 'refuse';
      return { body: { requestId: pending.id, decision, deadline: input.deadline, reason: input.reason } };
    },
  );
  const { assignment } = target;
  session.out(
    answered.status === 'granted'
      ? `Đã chấp thuận đề nghị gia hạn ${answered.id} của ${agencyLabel(assignment)}: thời hạn mới ${deadlineDay(answered.grantedDeadline!)}.`
      : `Đã không chấp thuận đề nghị gia hạn ${answered.id} của ${agencyLabel(assignment)}; thời hạn giữ nguyên ${deadlineDay(answered.currentDeadline)}.`,
  );
}
