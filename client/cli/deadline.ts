import type { Command } from 'commander';
import { z } from 'zod';
import { DEADLINE_LABELS } from '../../domain/stages';
import { resumeDeadlineUpdate, suspendDeadlineUpdate } from '../../workflows/agency/suspension-messages';
import type { Session } from './context';
import { formatDeadline } from '../../domain/deadline-display';
import { actorFor, agencyLabel, loadAssignment, loadCampaign, queryAgency, updateAgency } from './lookup';
import { agencyCode, campaignIdArg, optionalText, parseInput, requiredText } from './options';

// `deadline …`: what the Service Center does with one agency's running deadline — suspend and
// resume it (dừng tính thời gian).

const ARGUMENTS = ['campaignId', 'agencyCode'];

export function registerDeadlineCommands(program: Command, session: Session): void {
  const deadline = program
    .command('deadline')
    .description('Thời hạn của một cơ quan: tạm dừng, tiếp tục tính thời hạn');

  deadline
    .command('suspend')
    .description('Tạm dừng thời hạn đang chạy của một cơ quan (không nhắc, không báo cáo quá hạn) khi cơ quan bị vướng')
    .argument('<campaignId>', 'mã chiến dịch')
    .argument('<agencyCode>', 'mã cơ quan')
    .option('--reason <lý do>', 'lý do tạm dừng (ghi vào nhật ký)')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter) của chiến dịch')
    .action((campaignId: string, code: string, options: Record<string, unknown>) =>
      suspend(session, campaignId, code, options),
    );

  deadline
    .command('resume')
    .description('Tiếp tục tính thời hạn: cơ quan có lại số ngày làm việc còn lại lúc tạm dừng, tính từ hôm nay')
    .argument('<campaignId>', 'mã chiến dịch')
    .argument('<agencyCode>', 'mã cơ quan')
    .option('--note <ghi chú>', 'ghi chú thêm vào thông báo')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter) của chiến dịch')
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
      by: optionalText,
    }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'serviceCenter', input.by);
  const assignment = await loadAssignment(session, campaign, input.agencyCode);
  const state = await queryAgency(session, campaign, assignment);
  const suspension = await updateAgency(session, campaign, assignment, 'tạm dừng thời hạn', state.stage, (handle, id) =>
    handle.executeUpdate(suspendDeadlineUpdate, { updateId: id, args: [{ by, reason: input.reason }] }),
  );
  session.out(
    `Đã tạm dừng ${DEADLINE_LABELS[suspension.kind]} của ${agencyLabel(assignment)} (${formatDeadline(suspension.deadline)}): ` +
      `còn ${suspension.workingDaysLeft} ngày làm việc, sẽ được tính lại từ ngày tiếp tục. Lý do: ${suspension.reason}.`,
  );
}

async function resume(session: Session, rawId: string, code: string, options: Record<string, unknown>) {
  const input = parseInput(
    'deadline resume',
    z.object({ campaignId: campaignIdArg, agencyCode, note: optionalText, by: optionalText }),
    { campaignId: rawId, agencyCode: code, ...options },
    ARGUMENTS,
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'serviceCenter', input.by);
  const assignment = await loadAssignment(session, campaign, input.agencyCode);
  const state = await queryAgency(session, campaign, assignment);
  const receipt = await updateAgency(
    session,
    campaign,
    assignment,
    'tiếp tục tính thời hạn',
    state.stage,
    (handle, id) => handle.executeUpdate(resumeDeadlineUpdate, { updateId: id, args: [{ by, note: input.note }] }),
  );
  session.out(
    `Đã tiếp tục tính ${DEADLINE_LABELS[receipt.kind]} của ${agencyLabel(assignment)}: ${receipt.workingDaysLeft} ngày làm việc còn lại, ` +
      `hạn mới ${formatDeadline(receipt.deadline)} (trước khi tạm dừng: ${formatDeadline(receipt.previousDeadline)}).`,
  );
}
