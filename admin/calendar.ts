import type { Command } from 'commander';
import { z } from 'zod';
import { formatDeadline } from '../domain/deadline-display';
import { localDay } from '../domain/working-days';
import { DEADLINE_LABELS, type DeadlineKind } from '../domain/stages';
import type { AgencyDeadlines } from '../domain/deadlines';
import type { CampaignPropagation } from '../server/campaign/calendar-announcements';
import type { Session } from './context';
import { describeError } from './errors';
import { campaignIdArg, dayOption, optionalText, parseInput, positiveInt, requiredText } from './options';

// `calendar …`: the working-day calendar as versioned data. The law's holidays are computed;
// official announcements (days off, make-up working days, each with its legal basis) are stored as
// the next versions and reach every running agency of the campaigns that use the calendar, which
// counts its working-day deadlines again and moves its reminders.

const KINDS: DeadlineKind[] = ['submission', 'resubmission', 'review'];
const vnDay = (day: string) => day.split('-').reverse().join('/');

export function registerCalendarCommands(program: Command, session: Session): void {
  const calendar = program
    .command('calendar')
    .description('Lịch làm việc: ngày nghỉ theo luật, thông báo nghỉ và làm bù (có phiên bản)');

  calendar
    .command('list')
    .description(
      'Các phiên bản lịch (thông báo đã ghi) và các ngày nghỉ, ngày làm bù của một năm, theo luật hay theo thông báo',
    )
    .option('--year <năm>', 'năm cần xem; mặc định: năm nay')
    .action((options: Record<string, unknown>) => list(session, options));

  const announcementOptions = (command: Command) =>
    command
      .option('--day-off <ngày...>', 'ngày thường trở thành ngày nghỉ (dd/mm/yyyy)')
      .option('--working-day <ngày...>', 'thứ Bảy, Chủ nhật trở thành ngày làm việc (làm bù)')
      .option('--basis <văn bản>', 'căn cứ pháp lý: số, ngày văn bản thông báo')
      .option('--note <ghi chú>', 'ghi chú');

  announcementOptions(
    calendar
      .command('add')
      .description(
        'Ghi một thông báo chính thức (phiên bản lịch mới) và áp dụng cho mọi cơ quan đang thực hiện của các chiến dịch dùng lịch này',
      ),
  ).action((options: Record<string, unknown>) => add(session, options));

  announcementOptions(
    calendar
      .command('correct')
      .description('Đính chính một thông báo đã ghi: thay toàn bộ ngày của nó bằng các ngày nêu ở đây (phiên bản mới)')
      .argument('<version>', 'phiên bản cần đính chính'),
  ).action((version: string, options: Record<string, unknown>) => add(session, { ...options, corrects: version }));

  calendar
    .command('apply')
    .description(
      'Áp dụng phiên bản lịch mới nhất cho các chiến dịch còn ở phiên bản cũ (chạy lại khi lần trước chưa xong)',
    )
    .argument('[campaignId]', 'chỉ chiến dịch này')
    .action((campaignId: string | undefined) => apply(session, campaignId));
}

async function list(session: Session, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'calendar list',
    z.object({
      year: z
        .string()
        .regex(/^\d{4}$/, 'phải là năm bốn chữ số, ví dụ --year 2026')
        .transform(Number)
        .default(Number(localDay(session.now).slice(0, 4))),
    }),
    options,
  );
  // Read through the server as the signed-in person, as the portal reads it.
  const {
    version: latest,
    announcements: all,
    days,
  } = await session.api()<CalendarAnswer>('GET', `/api/v1/calendar?year=${input.year}`);
  session.out(
    `Lịch làm việc phiên bản ${latest}. Phiên bản 1: ngày lễ theo luật (tính sẵn) và lịch nghỉ hằng năm có sẵn.`,
  );
  for (const a of all)
    session.out(
      `  Phiên bản ${a.version}${a.corrects ? ` (đính chính phiên bản ${a.corrects})` : ''}: ${a.basis}` +
        `${a.daysOff.length > 0 ? `; nghỉ ${a.daysOff.map(vnDay).join(', ')}` : ''}` +
        `${a.workingDays.length > 0 ? `; làm bù ${a.workingDays.map(vnDay).join(', ')}` : ''}` +
        `${a.note ? ` — ${a.note}` : ''}`,
    );
  session.out(`Năm ${input.year}:`);
  for (const d of days) {
    if (!d.day.startsWith(`${input.year}-`)) continue;
    session.out(
      `  ${vnDay(d.day)} ${d.working ? 'làm bù' : 'nghỉ'} — ` +
        (d.source === 'announcement' ? `theo thông báo (phiên bản ${d.version}: ${d.basis})` : 'tính theo luật'),
    );
  }
}

/** What `GET /api/v1/calendar` answers. */
interface CalendarAnswer {
  version: number;
  announcements: {
    version: number;
    corrects?: number | null;
    basis: string;
    daysOff: string[];
    workingDays: string[];
    note?: string | null;
  }[];
  days: { day: string; working: boolean; source: string; version?: number; basis?: string }[];
}

async function add(session: Session, options: Record<string, unknown>): Promise<void> {
  const correcting = options.corrects !== undefined;
  const input = parseInput(
    correcting ? 'calendar correct' : 'calendar add',
    z
      .object({
        corrects: positiveInt('calendar correct'),
        dayOff: z.array(dayOption('--day-off')).default([]),
        workingDay: z.array(dayOption('--working-day')).default([]),
        basis: requiredText('--basis', 'Công văn 1234/BNV-TL ngày 20/08/2026'),
        note: optionalText,
      })
      .refine((o) => correcting || o.dayOff.length + o.workingDay.length > 0, {
        message: 'cần ít nhất một --day-off <ngày> hoặc --working-day <ngày>',
        path: ['dayOff'],
      }),
    options,
    correcting ? ['corrects'] : [],
  );
  // Recorded and sent to the running agencies by the dondoc server, as the signed-in operator.
  const { announcement: recorded, campaigns } = await session.api()<AnnouncementAnswer>(
    'POST',
    '/api/v1/calendar/announcements',
    {
      body: {
        daysOff: input.dayOff,
        workingDays: input.workingDay,
        basis: input.basis,
        corrects: input.corrects,
        note: input.note,
      },
    },
  );
  session.out(
    `Đã ghi lịch làm việc phiên bản ${recorded.version} (${recorded.basis})` +
      `${recorded.corrects ? `, đính chính phiên bản ${recorded.corrects}` : ''}: ` +
      ([
        recorded.daysOff.length > 0 ? `nghỉ ${recorded.daysOff.map(vnDay).join(', ')}` : '',
        recorded.workingDays.length > 0 ? `làm bù ${recorded.workingDays.map(vnDay).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ') || 'không còn ngày nào'),
  );
  printPropagations(session, campaigns);
}

/** One campaign brought to the latest version, as the server answers it. */
type PropagationAnswer = Omit<CampaignPropagation, 'agencies'> & {
  agencies: {
    agencyCode: string;
    agencyName: string;
    before?: AgencyDeadlines;
    after?: AgencyDeadlines;
    error?: string;
  }[];
};

function printPropagations(session: Session, campaigns: PropagationAnswer[]): void {
  if (campaigns.length === 0) session.out('Không có chiến dịch nào đang ở phiên bản lịch cũ: không gửi gì.');
  for (const result of campaigns)
    printPropagation(session, {
      ...result,
      agencies: result.agencies.map((a) => ({
        agencyCode: a.agencyCode,
        agencyName: a.agencyName,
        receipt: a.before && a.after ? { before: a.before, after: a.after } : undefined,
        error: a.error ? new Error(a.error) : undefined,
      })),
    } as CampaignPropagation);
}

interface AnnouncementAnswer {
  announcement: { version: number; basis: string; corrects?: number; daysOff: string[]; workingDays: string[] };
  campaigns: PropagationAnswer[];
}

async function apply(session: Session, rawId: string | undefined): Promise<void> {
  const campaignId =
    rawId === undefined
      ? undefined
      : parseInput('calendar apply', z.object({ campaignId: campaignIdArg }), { campaignId: rawId }, ['campaignId'])
          .campaignId;
  // Sent to the running agencies by the dondoc server, as the signed-in operator.
  const { campaigns } = await session.api()<{ campaigns: PropagationAnswer[] }>('POST', '/api/v1/calendar/apply', {
    body: campaignId === undefined ? {} : { campaignId },
  });
  printPropagations(session, campaigns);
}

function printPropagation(session: Session, result: CampaignPropagation): void {
  const { change } = result;
  const days = [
    change.daysOff.length > 0 ? `nghỉ ${change.daysOff.map(vnDay).join(', ')}` : '',
    change.workingDays.length > 0 ? `làm việc ${change.workingDays.map(vnDay).join(', ')}` : '',
  ].filter(Boolean);
  session.out(
    `Chiến dịch ${result.campaignId}: phiên bản ${result.from} → ${result.to}` +
      (days.length > 0 ? ` (${days.join('; ')})` : ' (không ngày nào trong lịch của chiến dịch thay đổi)'),
  );
  let failed = 0;
  for (const a of result.agencies) {
    const label = `${a.agencyName} (${a.agencyCode})`;
    if (a.error) {
      failed++;
      session.warn(`  ✗ ${label}: ${describeError(a.error)}`);
      continue;
    }
    const { before, after } = a.receipt!;
    const moved = KINDS.filter((k) => before[k] !== after[k]).map(
      (k) => `${DEADLINE_LABELS[k]} ${formatDeadline(before[k]!)} → ${formatDeadline(after[k]!)}`,
    );
    session.out(`  ${label}: ${moved.length > 0 ? moved.join('; ') : 'thời hạn không đổi'}`);
  }
  if (result.agencies.length > 0)
    session.out(
      `  Đã áp dụng cho ${result.agencies.length - failed}/${result.agencies.length} cơ quan đang thực hiện.`,
    );
  if (!result.complete) {
    session.warn(
      `  Chiến dịch ${result.campaignId} vẫn ở phiên bản ${result.from}; chạy lại "dondoc calendar apply ${result.campaignId}".`,
    );
    session.exitCode = 1;
  }
}
