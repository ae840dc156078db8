import type { Command } from 'commander';
import { z } from 'zod';
import { DEADLINE_LABELS, TERMINAL_STAGES, type DeadlineKind } from '../../domain/stages';
import { changeCalendarUpdate } from '../../workflows/agency/calendar-messages';
import type { Session } from './context';
import { CONCURRENCY, updateEach } from './fan-out';
import { formatDeadline } from '../../domain/deadline-display';
import { mapLimit } from '../../shared/map-limit';
import { actorFor, agencyHandle, agencyLabel, loadCampaign, queryAgency } from './lookup';
import { campaignIdArg, dayOption, optionalText, parseInput, requiredText } from './options';

// `calendar …`: an official announcement of days off or make-up working days, after launch, sent to
// every running agency of a campaign, which counts its working-day deadlines again.

const KINDS: DeadlineKind[] = ['submission', 'resubmission', 'review'];

export function registerCalendarCommands(program: Command, session: Session): void {
  const calendar = program
    .command('calendar')
    .description('Lịch làm việc: áp dụng thông báo nghỉ, làm bù cho các cơ quan đang thực hiện');

  calendar
    .command('change')
    .description(
      'Áp dụng một thông báo chính thức (ngày nghỉ, ngày làm bù) cho mọi cơ quan đang thực hiện của chiến dịch; ' +
        'các thời hạn tính theo ngày làm việc và lịch nhắc được tính lại',
    )
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--day-off <ngày...>', 'ngày thường trở thành ngày nghỉ (dd/mm/yyyy)')
    .option('--working-day <ngày...>', 'thứ Bảy, Chủ nhật trở thành ngày làm việc (làm bù)')
    .option('--basis <văn bản>', 'căn cứ pháp lý: số, ngày văn bản thông báo')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter) của chiến dịch')
    .action((campaignId: string, options: Record<string, unknown>) => change(session, campaignId, options));
}

async function change(session: Session, rawId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'calendar change',
    z
      .object({
        campaignId: campaignIdArg,
        dayOff: z.array(dayOption('--day-off')).default([]),
        workingDay: z.array(dayOption('--working-day')).default([]),
        basis: requiredText('--basis', 'Thông báo 123/TB-BNV ngày 20/02/2024'),
        by: optionalText,
      })
      .refine((o) => o.dayOff.length + o.workingDay.length > 0, {
        message: 'cần ít nhất một --day-off <ngày> hoặc --working-day <ngày>',
        path: ['dayOff'],
      }),
    { campaignId: rawId, ...options },
    ['campaignId'],
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'serviceCenter', input.by);
  const db = await session.db();
  const targets = await db.assignment.findMany({
    where: { campaignId: campaign.row.id, stage: { notIn: [...TERMINAL_STAGES] } },
    include: { agency: true },
    orderBy: { agencyCode: 'asc' },
  });
  if (targets.length === 0) {
    session.out(`Chiến dịch ${campaign.row.id} không còn cơ quan nào đang thực hiện: không gửi gì.`);
    return;
  }
  const states = await mapLimit(targets, CONCURRENCY, (a) => queryAgency(session, campaign, a));
  const version = Math.max(...states.map((s) => s.calendarVersion ?? 1)) + 1;
  session.out(
    `Lịch làm việc phiên bản ${version} (${input.basis}): ` +
      [
        input.dayOff.length > 0 ? `nghỉ ${input.dayOff.map(vnDay).join(', ')}` : '',
        input.workingDay.length > 0 ? `làm bù ${input.workingDay.map(vnDay).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
  );
  await updateEach(
    session,
    targets,
    {
      refused: 'Không áp dụng được lịch mới',
      done: (count, total) => `Đã áp dụng lịch phiên bản ${version} cho ${count}/${total} cơ quan.`,
    },
    async (a) =>
      (await agencyHandle(session, campaign.row.id, a.agencyCode)).executeUpdate(changeCalendarUpdate, {
        updateId: `calendar:${campaign.row.id}:${a.agencyCode}:v${version}`,
        args: [{ by, version, daysOff: input.dayOff, workingDays: input.workingDay, basis: input.basis }],
      }),
    (a, _i, receipt) => {
      const moved = KINDS.filter((k) => receipt.before[k] !== receipt.after[k]).map(
        (k) => `${DEADLINE_LABELS[k]} ${formatDeadline(receipt.before[k]!)} → ${formatDeadline(receipt.after[k]!)}`,
      );
      session.out(`  ${agencyLabel(a)}: ${moved.length > 0 ? moved.join('; ') : 'thời hạn không đổi'}`);
    },
  );
}

const vnDay = (day: string) => day.split('-').reverse().join('/');
