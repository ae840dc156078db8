import type { Command } from 'commander';
import { z } from 'zod';
import { PHASE_LABELS, type CampaignState } from '../workflows/campaign/messages';
import type { Session } from './context';
import { stageLabel } from './format';
import { extend, remind } from './campaign-deadlines';
import { launch } from './campaign-launch';
import { status } from './campaign-status';
import { CAMPAIGN_ARGUMENTS, campaignArgument } from './arguments';
import { actOnCampaign, agencyLabel, loadCampaign, queryCampaign } from './lookup';
import { openAndAct } from './agency-command';
import type { Stage } from '../domain/stages';
import { agencyCode, campaignIdArg, parseInput, requiredText } from './options';

// `campaign …`: what the Service Center does with a whole campaign, signed in as an operator.

export function registerCampaignCommands(program: Command, session: Session): void {
  const campaign = program
    .command('campaign')
    .description('Chiến dịch: khởi chạy, theo dõi, gia hạn, báo cáo, rút cơ quan, hủy');

  campaign
    .command('launch')
    .description('Khởi chạy chiến dịch từ tệp YAML (chạy lại an toàn: chỉ khởi chạy những gì chưa chạy)')
    .argument('<file>', 'tệp định nghĩa chiến dịch (YAML, xem campaigns/README.md)')
    .option(
      '--drill',
      'diễn tập trên đồng hồ rút gọn (DONDOC_DEMO_SECONDS_PER_DAY giây một ngày, bắt đầu từ ngày văn bản): cho phép hạn đã qua',
    )
    .action((file: string, options: { drill?: boolean }) => launch(session, file, options));

  campaign
    .command('status')
    .description('Tình hình chiến dịch: giai đoạn, số cơ quan theo trạng thái, các hạn')
    .argument('<campaignId>', 'mã chiến dịch (trường id của tệp chiến dịch)')
    .option('--agencies', 'liệt kê từng cơ quan với trạng thái và hạn đang chạy')
    .action((campaignId: string, options: { agencies?: boolean }) => status(session, campaignId, options));

  campaignArgument(
    campaign.command('extend').description('Gia hạn cho các cơ quan đã nêu, hoặc cho mọi cơ quan đang quá hạn'),
  )
    .option('--agency <code...>', 'mã các cơ quan được gia hạn')
    .option('--late', 'gia hạn cho mọi cơ quan đang quá hạn')
    .option(
      '--deadline <hạn>',
      'hạn mới: dd/mm/yyyy (hết ngày đó, giờ Việt Nam), "dd/mm/yyyy HH:mm" hoặc ISO 8601 có múi giờ',
    )
    .option('--reason <lý do>', 'lý do gia hạn (ghi vào nhật ký và thông báo)')
    .option(
      '--kind <loại>',
      'loại hạn: submission (hạn nộp), resubmission (hạn nộp lại), review (hạn thẩm định); mặc định: hạn đang chạy',
    )
    .action((campaignId: string, options: Record<string, unknown>) => extend(session, campaignId, options));

  campaignArgument(
    campaign
      .command('remind')
      .description('Nhắc việc ngay (ngoài lịch nhắc tự động), hoặc xem lịch nhắc tự động với --schedule'),
  )
    .option('--agency <code...>', 'nhắc các cơ quan này')
    .option('--late', 'nhắc mọi cơ quan đang quá hạn')
    .option(
      '--pending',
      'nhắc mọi cơ quan còn hạn đang chạy (chưa nộp, chờ nộp lại; chờ thẩm định thì nhắc cơ quan thẩm định)',
    )
    .option('--note <lời nhắn>', 'lời nhắn thêm vào thư nhắc, ví dụ phần còn thiếu')
    .option('--schedule', 'chỉ xem lịch nhắc tự động và lần nhắc gần nhất, không gửi gì')
    .action((campaignId: string, options: Record<string, unknown>) => remind(session, campaignId, options));

  campaignArgument(campaign.command('escalate').description('Báo cáo vi phạm của một cơ quan lên Văn phòng UBND tỉnh'))
    .option('--agency <code>', 'mã cơ quan')
    .option('--reason <lý do>', 'lý do báo cáo')
    .action((campaignId: string, options: Record<string, unknown>) =>
      agencyAction(session, 'escalate', campaignId, options),
    );

  campaignArgument(campaign.command('withdraw').description('Rút một cơ quan khỏi chiến dịch'))
    .option('--agency <code>', 'mã cơ quan')
    .option('--reason <lý do>', 'lý do rút')
    .action((campaignId: string, options: Record<string, unknown>) =>
      agencyAction(session, 'withdraw', campaignId, options),
    );

  campaignArgument(
    campaign.command('cancel').description('Hủy chiến dịch: mọi cơ quan chưa kết thúc được rút khỏi chiến dịch'),
  )
    .option('--reason <lý do>', 'lý do hủy')
    .action((campaignId: string, options: Record<string, unknown>) => cancel(session, campaignId, options));
}

// ── escalate, withdraw, cancel ───────────────────────────────────────────────────────────────

async function agencyAction(
  session: Session,
  action: 'escalate' | 'withdraw',
  rawId: string,
  options: Record<string, unknown>,
): Promise<void> {
  const input = parseInput(
    `campaign ${action}`,
    z.object({
      campaignId: campaignIdArg,
      agency: agencyCode,
      reason: requiredText(
        '--reason',
        action === 'escalate'
          ? 'Quá hạn nhưng chưa nộp, không phản hồi đôn đốc'
          : 'Cơ quan không có TTHC thuộc phạm vi',
      ),
    }),
    { campaignId: rawId, ...options },
    CAMPAIGN_ARGUMENTS,
  );
  const named = { campaignId: input.campaignId, agencyCode: input.agency };
  const body = { body: { reason: input.reason } };
  if (action === 'escalate') {
    const { receipt, target } = await openAndAct<{ escalationKey: string }>(session, named, action, action, body);
    session.out(
      `Đã ghi nhận báo cáo vi phạm của ${agencyLabel(target.assignment)} (mã ${receipt.escalationKey}); trạng thái hiện tại: ${stageLabel(target.state.stage)}.`,
    );
  } else {
    const { receipt, target } = await openAndAct<{ stage: Stage }>(session, named, action, action, body);
    session.out(
      `Đã rút ${agencyLabel(target.assignment)} khỏi chiến dịch ${target.campaign.row.id} (trạng thái: ${stageLabel(receipt.stage)}).`,
    );
  }
}

async function cancel(session: Session, rawId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'campaign cancel',
    z.object({ campaignId: campaignIdArg, reason: requiredText('--reason', 'Chỉ đạo mới thay thế văn bản này') }),
    { campaignId: rawId, ...options },
    CAMPAIGN_ARGUMENTS,
  );
  const campaign = await loadCampaign(session, input.campaignId, 'cancel');
  const state = await queryCampaign(session, campaign);
  const result = await actOnCampaign<CampaignState>(session, input.campaignId, 'cancel', state, 'cancel', {
    reason: input.reason,
  });
  session.out(
    `Đã hủy chiến dịch ${input.campaignId} (giai đoạn: ${PHASE_LABELS[result.phase]}); các cơ quan chưa kết thúc được rút khỏi chiến dịch.`,
  );
}
