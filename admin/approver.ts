import type { Command } from 'commander';
import { z } from 'zod';
import { formatDate } from '../domain/time';
import { PHASE_LABELS, type CampaignState } from '../workflows/campaign/messages';
import { localDay } from '../domain/working-days';
import type { Session } from './context';
import { actOnCampaign, loadCampaign, queryCampaign } from './lookup';
import { CAMPAIGN_ARGUMENTS, campaignArgument } from './arguments';
import { campaignIdArg, dayOption, parseInput, requiredText } from './options';

// `approver …`: the Chairman's decision on the consolidated catalogue, signed in as the approver.

export function registerApproverCommands(program: Command, session: Session): void {
  const approver = program
    .command('approver')
    .description('Phê duyệt (Chủ tịch UBND tỉnh): phê duyệt hoặc trả lại danh mục tổng hợp');

  campaignArgument(approver.command('approve').description('Phê duyệt danh mục tổng hợp theo một quyết định'))
    .option('--decision <số>', 'số quyết định, ví dụ 125/QĐ-UBND')
    .option('--date <ngày>', 'ngày quyết định: yyyy-mm-dd hoặc dd/mm/yyyy')
    .option('--signer <tên>', 'người ký quyết định')
    .action((campaignId: string, options: Record<string, unknown>) => approve(session, campaignId, options));

  campaignArgument(
    approver.command('send-back').description('Trả lại danh mục tổng hợp cho cơ quan thẩm định, kèm lý do'),
  )
    .option('--reason <lý do>', 'lý do trả lại')
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
    }),
    { campaignId, ...options },
    CAMPAIGN_ARGUMENTS,
  );
  const campaign = await loadCampaign(session, input.campaignId, 'approve');
  const state = await queryCampaign(session, campaign);
  const result = await actOnCampaign<{ approved: number }>(session, input.campaignId, 'approve', state, 'approve', {
    decisionNumber: input.decision,
    decisionDate: input.date,
    signer: input.signer,
  });
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
    }),
    { campaignId, ...options },
    CAMPAIGN_ARGUMENTS,
  );
  const campaign = await loadCampaign(session, input.campaignId, 'sendBack');
  const state = await queryCampaign(session, campaign);
  const result = await actOnCampaign<CampaignState>(session, input.campaignId, 'sendBack', state, 'send-back', {
    reasons: input.reason,
  });
  session.out(
    `Đã trả lại danh mục tổng hợp cho ${campaign.roles.reviewer ?? 'cơ quan thẩm định'}; chiến dịch trở lại giai đoạn "${PHASE_LABELS[result.phase]}".`,
  );
}
