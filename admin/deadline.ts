import type { Command } from 'commander';
import { z } from 'zod';
import { DEADLINE_LABELS } from '../domain/stages';
import type { DeadlineSuspension } from '../domain/suspension';
import type { ResumeReceipt } from '../workflows/agency/suspension-messages';
import type { Session } from './context';
import { formatDeadline } from '../domain/deadline-display';
import { actOnAgency, agencyLabel, openAgency } from './lookup';
import { AGENCY_ARGUMENTS, agencyArguments } from './arguments';
import { agencyCode, campaignIdArg, optionalText, parseInput, requiredText } from './options';

// `deadline …`: what the Service Center does with one agency's running deadline — suspend and
// resume it (dừng tính thời gian).

const ARGUMENTS = AGENCY_ARGUMENTS;

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
    .action((campaignId: string, code: string, options: Record<string, unknown>) =>
      suspend(session, campaignId, code, options),
    );

  agencyArguments(
    deadline
      .command('resume')
      .description('Tiếp tục tính thời hạn: cơ quan có lại số ngày làm việc còn lại lúc tạm dừng, tính từ hôm nay'),
  )
    .option('--note <ghi chú>', 'ghi chú thêm vào thông báo')
    .action((campaignId: string, code: string, options: Record<string, unknown>) =>
      resume(session, campaignId, code, options),
    );
}

async function suspend(session: Session, rawId: string, code: string, options: Record<string, unknown>) {
  const input = parseInput(
    'deadline suspend',
    z.object({
      campaignId: campaignIdArg,
      agencyCode,
      reason: requiredText('--reason', 'Cơ quan đang chờ hướng dẫn của Bộ'),
    }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const { campaign, assignment, state } = await openAgency(
    session,
    input.campaignId,
    input.agencyCode,
    'suspendDeadline',
  );
  const suspension = await actOnAgency<DeadlineSuspension>(
    session,
    { campaign, assignment, state },
    'suspendDeadline',
    'suspend',
    { body: { reason: input.reason } },
  );
  session.out(
    `Đã tạm dừng ${DEADLINE_LABELS[suspension.kind]} của ${agencyLabel(assignment)} (${formatDeadline(suspension.deadline)}): ` +
      `còn ${suspension.workingDaysLeft} ngày làm việc, sẽ được tính lại từ ngày tiếp tục. Lý do: ${suspension.reason}.`,
  );
}

async function resume(session: Session, rawId: string, code: string, options: Record<string, unknown>) {
  const input = parseInput(
    'deadline resume',
    z.object({ campaignId: campaignIdArg, agencyCode, note: optionalText }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const { campaign, assignment, state } = await openAgency(
    session,
    input.campaignId,
    input.agencyCode,
    'resumeDeadline',
  );
  const receipt = await actOnAgency<ResumeReceipt>(
    session,
    { campaign, assignment, state },
    'resumeDeadline',
    'resume',
    { body: { note: input.note } },
  );
  session.out(
    `Đã tiếp tục tính ${DEADLINE_LABELS[receipt.kind]} của ${agencyLabel(assignment)}: ${receipt.workingDaysLeft} ngày làm việc còn lại, ` +
      `hạn mới ${formatDeadline(receipt.deadline)} (trước khi tạm dừng: ${formatDeadline(receipt.previousDeadline)}).`,
  );
}
