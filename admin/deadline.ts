import type { Command } from 'commander';
import { DEADLINE_LABELS } from '../domain/stages';
import type { DeadlineSuspension } from '../domain/suspension';
import type { ResumeReceipt } from '../workflows/agency/suspension-messages';
import type { Session } from './context';
import { formatDeadline } from '../domain/deadline-display';
import { agencyLabel } from './lookup';
import { agencyArguments } from './arguments';
import { agencyAction, agencyInput, openAndAct, parseAgencyCall, type AgencyCall } from './agency-command';
import { optionalText, requiredText } from './options';

// `deadline …`: what the Service Center does with one agency's running deadline — suspend and
// resume it (dừng tính thời gian).

export function registerDeadlineCommands(program: Command, session: Session): void {
  const deadline = program
    .command('deadline')
    .description('Thời hạn của một cơ quan: tạm dừng, tiếp tục tính thời hạn');

  agencyArguments(
    deadline
      .command('suspend')
      .description(
        'Tạm dừng thời hạn đang chạy của một cơ quan (không nhắc, không báo cáo quá hạn) khi cơ quan bị vướng',
      ),
  )
    .option('--reason <lý do>', 'lý do tạm dừng (ghi vào nhật ký)')
    .action(agencyAction(session, suspend));

  agencyArguments(
    deadline
      .command('resume')
      .description('Tiếp tục tính thời hạn: cơ quan có lại số ngày làm việc còn lại lúc tạm dừng, tính từ hôm nay'),
  )
    .option('--note <ghi chú>', 'ghi chú thêm vào thông báo')
    .action(agencyAction(session, resume));
}

async function suspend(session: Session, call: AgencyCall) {
  const input = parseAgencyCall(
    'deadline suspend',
    agencyInput({ reason: requiredText('--reason', 'Cơ quan đang chờ hướng dẫn của Bộ') }),
    call,
  );
  const { receipt: suspension, target } = await openAndAct<DeadlineSuspension>(
    session,
    input,
    'suspendDeadline',
    'suspend',
    { body: { reason: input.reason } },
  );
  session.out(
    `Đã tạm dừng ${DEADLINE_LABELS[suspension.kind]} của ${agencyLabel(target.assignment)} (${formatDeadline(suspension.deadline)}): ` +
      `còn ${suspension.workingDaysLeft} ngày làm việc, sẽ được tính lại từ ngày tiếp tục. Lý do: ${suspension.reason}.`,
  );
}

async function resume(session: Session, call: AgencyCall) {
  const input = parseAgencyCall('deadline resume', agencyInput({ note: optionalText }), call);
  const { receipt, target } = await openAndAct<ResumeReceipt>(session, input, 'resumeDeadline', 'resume', {
    body: { note: input.note },
  });
  session.out(
    `Đã tiếp tục tính ${DEADLINE_LABELS[receipt.kind]} của ${agencyLabel(target.assignment)}: ${receipt.workingDaysLeft} ngày làm việc còn lại, ` +
      `hạn mới ${formatDeadline(receipt.deadline)} (trước khi tạm dừng: ${formatDeadline(receipt.previousDeadline)}).`,
  );
}
