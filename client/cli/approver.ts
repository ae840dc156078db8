import type { Command } from 'commander';
import { z } from 'zod';
import { formatDate } from '../../domain/time';
import { PHASE_LABELS, approveUpdate, sendBackUpdate } from '../../workflows/campaign/messages';
import { localDay } from '../../domain/working-days';
import type { Session } from './context';
import { actorFor, loadCampaign, queryCampaign, updateCampaign } from './lookup';
import { campaignIdArg, dayOption, optionalText, parseInput, requiredText } from './options';

// `approver …`: the Chairman's decision on the consolidated catalogue.

export function registerApproverCommands(program: Command, session: Session): void {
  const approver = program
    .command('approver')
    .description('Phê duyệt (Chủ tịch UBND tỉnh): phê duyệt hoặc trả lại danh mục tổng hợp');

  approver
    .command('approve')
    .description('Phê duyệt danh mục tổng hợp theo một quyết định')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--decision <số>', 'số quyết định, ví dụ 125/QĐ-UBND')
    .option('--date <ngày>', 'ngày quyết định: yyyy-mm-dd hoặc dd/mm/yyyy')
    .option('--signer <tên>', 'người ký quyết định')
    .option('--by <tên>', 'người thực hiện; mặc định: người phê duyệt (approver) của chiến dịch')
    .action((campaignId: string, options: Record<string, unknown>) => approve(session, campaignId, options));

  approver
    .command('send-back')
    .description('Trả lại danh mục tổng hợp cho cơ quan thẩm định, kèm lý do')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--reason <lý do>', 'lý do trả lại')
    .option('--by <tên>', 'người thực hiện; mặc định: người phê duyệt (approver)')
    .action((campaignId: string, options: Record<string, unknown>) => sendBack(session, campaignId, options));
}

async function approve(session: Session, campaignId: string, options: Record<string, unknown>): Promise<void> {
  const today = localDay(session.now);
  const input = parseInput(
    'approver approve',
    z.object({
      campaignId: campaignIdArg,
      decision: requiredText('--decision', '125/QĐ-UBND'),
      date: dayOption('--date').refine(
        (day) => day <= today,
        `ngày quyết định không được sau hôm nay (${formatDate(`${today}T12:00:00+07:00`)})`,
      ),
      signer: requiredText('--signer', 'Đặng Văn Minh'),
      by: optionalText,
    }),
    { campaignId, ...options },
    ['campaignId'],
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'approver', input.by);
  const state = (await queryCampaign(session, input.campaignId, { required: true }))!;
  const result = await updateCampaign(session, input.campaignId, 'phê duyệt danh mục', state, (handle, updateId) =>
    handle.executeUpdate(approveUpdate, {
      updateId,
      args: [{ by, decisionNumber: input.decision, decisionDate: input.date, signer: input.signer }],
    }),
  );
  session.out(
    `Đã phê duyệt danh mục tổng hợp của chiến dịch ${input.campaignId} theo Quyết định số ${input.decision} ngày ${formatDate(`${input.date}T12:00:00+07:00`)} ` +
      `(người ký: ${input.signer}); ${result.approved} cơ quan chuyển sang "Đã phê duyệt".`,
  );
}

async function sendBack(session: Session, campaignId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'approver send-back',
    z.object({
      campaignId: campaignIdArg,
      reason: requiredText('--reason', 'Cần bổ sung danh sách của các UBND cấp xã còn thiếu'),
      by: optionalText,
    }),
    { campaignId, ...options },
    ['campaignId'],
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'approver', input.by);
  const state = (await queryCampaign(session, input.campaignId, { required: true }))!;
  const result = await updateCampaign(
    session,
    input.campaignId,
    'trả lại danh mục tổng hợp',
    state,
    (handle, updateId) => handle.executeUpdate(sendBackUpdate, { updateId, args: [{ by, reasons: input.reason }] }),
  );
  session.out(
    `Đã trả lại danh mục tổng hợp cho ${campaign.roles.reviewer ?? 'cơ quan thẩm định'}; chiến dịch trở lại giai đoạn "${PHASE_LABELS[result.phase]}".`,
  );
}
