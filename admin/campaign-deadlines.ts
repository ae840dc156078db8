import { z } from 'zod';
import { formatDateTime } from '../domain/time';
import type { AgencyState, RemindNowReceipt } from '../workflows/agency/messages';
import type { ReminderSchedule } from '../read-side/reminder-schedule';
import { TERMINAL_STAGES, type DeadlineKind } from '../domain/stages';
import type { Session } from './context';
import { CliError } from './errors';
import { CONCURRENCY, updateEach } from './fan-out';
import { mapLimit } from '../shared/map-limit';
import { formatDeadline } from '../domain/deadline-display';
import { stageLabel } from './format';
import {
  DEADLINE_LABELS,
  actOnAgency,
  agencyLabel,
  openAssignments,
  loadAssignments,
  loadCampaign,
  queryAgency,
  type AgencyAssignment,
} from './lookup';
import {
  agencyCode,
  campaignIdArg,
  deadlineOption,
  requireDeadlineAfter,
  exactlyOne,
  optionalText,
  parseInput,
  requiredText,
} from './options';

// `campaign extend` and `campaign remind`: the Service Center's deadline actions over many agencies.

const DEADLINE_KINDS = ['submission', 'resubmission', 'review'] as const;

// ── extend ───────────────────────────────────────────────────────────────────────────────────

const kindOption = z
  .enum(DEADLINE_KINDS, {
    error: 'phải là submission (hạn nộp), resubmission (hạn nộp lại) hoặc review (hạn thẩm định)',
  })
  .optional();

export async function extend(session: Session, rawId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'campaign extend',
    z
      .object({
        campaignId: campaignIdArg,
        agency: z.array(agencyCode).optional(),
        late: z.boolean().optional(),
        deadline: deadlineOption(),
        reason: requiredText('--reason', 'Cơ quan xin gia hạn vì …'),
        kind: kindOption,
      })
      .refine((o) => exactlyOne(o, ['agency', 'late']), {
        message: 'cần đúng một trong hai: --agency <mã…> (các cơ quan đã nêu) hoặc --late (mọi cơ quan đang quá hạn)',
        when: () => true,
      }),
    { campaignId: rawId, ...options },
    ['campaignId'],
  );
  const campaign = await loadCampaign(session, input.campaignId, 'extendDeadline');
  requireDeadlineAfter('campaign extend', String(options.deadline), input.deadline, campaign.now ?? session.now);

  let targets: AgencyAssignment[];
  if (input.agency) {
    targets = await loadAssignments(session, campaign, input.agency);
  } else {
    const all = await openAssignments(session, campaign);
    targets = all.filter((a) => a.late && (!input.kind || a.activeDeadline?.kind === input.kind));
    if (targets.length === 0) {
      session.out(
        `Không có cơ quan nào đang quá hạn${input.kind ? ` (${DEADLINE_LABELS[input.kind]})` : ''} trong chiến dịch ${campaign.row.id}: không gia hạn gì.`,
      );
      return;
    }
  }

  // Every agency is checked against its workflow's state before the first Update is sent.
  const states = await mapLimit(targets, CONCURRENCY, (a) => queryAgency(session, campaign, a));
  const problems: string[] = [];
  const kinds: DeadlineKind[] = [];
  targets.forEach((a, i) => {
    const state = states[i]!;
    const kind = input.kind ?? state.activeDeadline?.kind;
    kinds.push(kind ?? 'submission');
    if (TERMINAL_STAGES.includes(state.stage))
      problems.push(`${agencyLabel(a)}: hồ sơ đã kết thúc ở trạng thái "${stageLabel(state.stage)}".`);
    else if (!kind)
      problems.push(
        `${agencyLabel(a)}: không có thời hạn nào đang chạy ở trạng thái "${stageLabel(state.stage)}"; hãy nêu --kind.`,
      );
    else if (kind !== 'submission' && state.deadlines[kind] === undefined)
      problems.push(`${agencyLabel(a)}: chưa có ${DEADLINE_LABELS[kind]} để gia hạn.`);
  });
  if (problems.length > 0) {
    throw new CliError(
      `Không gia hạn cho cơ quan nào, vì:\n${problems.map((p) => `  - ${p}`).join('\n')}\nCách sửa: bỏ các cơ quan này khỏi --agency, hoặc nêu đúng --kind.`,
    );
  }

  await updateEach(
    session,
    targets,
    { refused: 'Không gia hạn cho cơ quan nào', done: (count, total) => `Đã gia hạn cho ${count}/${total} cơ quan.` },
    (a, i) =>
      actOnAgency<AgencyState['deadlines']>(
        session,
        { campaign, assignment: a, state: states[i]! },
        'extendDeadline',
        'extend',
        {
          body: { kind: input.kind, deadline: input.deadline, reason: input.reason },
        },
      ),
    (a, i, deadlines) =>
      session.out(
        `✓ ${agencyLabel(a)}: ${DEADLINE_LABELS[kinds[i]!]} mới ${formatDeadline(deadlines[kinds[i]!] ?? input.deadline)}`,
      ),
  );
}

// ── remind ───────────────────────────────────────────────────────────────────────────────────

const NOTIFICATION_STATUS: Record<string, string> = {
  sent: 'đã gửi',
  pending: 'đang chờ gửi',
  skipped: 'không gửi',
  failed: 'gửi lỗi',
};

const remindInput = z
  .object({
    campaignId: campaignIdArg,
    agency: z.array(agencyCode).optional(),
    late: z.boolean().optional(),
    pending: z.boolean().optional(),
    schedule: z.boolean().optional(),
    note: optionalText,
  })
  .refine((o) => o.schedule || exactlyOne(o, ['agency', 'late', 'pending']), {
    message:
      'cần đúng một trong ba: --agency <mã…> (các cơ quan đã nêu), --late (mọi cơ quan đang quá hạn) hoặc --pending (mọi cơ quan còn hạn đang chạy); hoặc --schedule để chỉ xem lịch nhắc',
    when: () => true,
  })
  .refine((o) => !o.schedule || (!o.late && !o.pending && !o.note), {
    message: '--schedule chỉ xem lịch nhắc (có thể kèm --agency); không dùng cùng --late, --pending hay --note',
    when: () => true,
  });

export async function remind(session: Session, rawId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput('campaign remind', remindInput, { campaignId: rawId, ...options }, ['campaignId']);
  if (input.schedule) return remindSchedule(session, input.campaignId, input.agency);
  const campaign = await loadCampaign(session, input.campaignId, 'remind');

  const reviewerEmail = campaign.reviewer.email;
  const noEmail = (a: AgencyAssignment, kind: DeadlineKind) => (kind === 'review' ? !reviewerEmail : !a.agency.email);

  let targets: AgencyAssignment[];
  if (input.agency) {
    targets = await loadAssignments(session, campaign, input.agency);
  } else {
    const open = await openAssignments(session, campaign);
    targets = open.filter((a) => a.activeDeadline !== undefined && (!input.late || a.late));
    if (targets.length === 0) {
      session.out(
        `Không có cơ quan nào ${input.late ? 'đang quá hạn' : 'còn hạn đang chạy'} trong chiến dịch ${campaign.row.id}: không gửi nhắc việc nào.`,
      );
      return;
    }
  }

  // Every agency is checked against its workflow's state before the first reminder goes out.
  const states = await mapLimit(targets, CONCURRENCY, (a) => queryAgency(session, campaign, a));
  /** Why an agency cannot be reminded now, or undefined when it can. */
  const whyNot = (a: AgencyAssignment, state: AgencyState): string | undefined => {
    const kind = state.activeDeadline?.kind;
    if (!kind)
      return `${agencyLabel(a)}: trạng thái "${stageLabel(state.stage)}" không có hạn nào đang chạy, không có gì để nhắc.`;
    if (noEmail(a, kind))
      return `${agencyLabel(a)}: ${kind === 'review' ? 'chiến dịch không có email của cơ quan thẩm định' : 'cơ quan không có email'}, nên không gửi được nhắc việc.`;
    return undefined;
  };
  const checked = targets.map((a, i) => ({ a, state: states[i]!, problem: whyNot(a, states[i]!) }));
  const problems = checked.flatMap((c) => (c.problem ? [c.problem] : []));
  if (problems.length > 0 && input.agency) {
    throw new CliError(
      `Không gửi nhắc việc cho cơ quan nào, vì:\n${problems.map((p) => `  - ${p}`).join('\n')}\nCách sửa: bỏ các cơ quan này khỏi --agency (liên hệ trực tiếp nếu cơ quan không có email).`,
    );
  }
  // A whole group (--late, --pending): send to those that can be reminded, and say who was left out.
  problems.forEach((p) => session.warn(`– bỏ qua ${p}`));
  const sendable = checked.filter((c) => !c.problem);
  if (sendable.length === 0)
    throw new CliError(
      'Không gửi nhắc việc cho cơ quan nào: không cơ quan nào trong nhóm đã chọn nhắc được (xem các dòng trên).',
    );

  await updateEach(
    session,
    sendable.map((c) => c.a),
    {
      refused: 'Không gửi nhắc việc cho cơ quan nào',
      done: (count, total) => `Đã gửi nhắc việc cho ${count}/${total} cơ quan.`,
    },
    (a, i) =>
      actOnAgency<RemindNowReceipt>(
        session,
        { campaign, assignment: a, state: sendable[i]!.state },
        'remind',
        'remind',
        {
          body: { note: input.note },
        },
      ),
    (a, _i, receipt) => {
      const when =
        receipt.workingDaysLate === undefined
          ? `còn ${receipt.workingDaysLeft} ngày làm việc`
          : receipt.workingDaysLate === 0
            ? 'đã quá hạn'
            : `quá hạn ${receipt.workingDaysLate} ngày làm việc`;
      const to =
        receipt.audience === 'reviewer' ? `cơ quan thẩm định (${campaign.reviewer.name ?? 'reviewer'})` : 'cơ quan';
      session.out(
        `✓ ${agencyLabel(a)}: đã nhắc ${to} — ${DEADLINE_LABELS[receipt.kind]} ${formatDeadline(receipt.deadline)}, ${when}.`,
      );
    },
  );
}

/**
 * The automatic reminders: when each agency will be reminded next, as its workflow plans them (the
 * reminderPlan query answers with the workflow's own timer plan), and the last one sent.
 */
async function remindSchedule(session: Session, campaignId: string, codes: string[] | undefined): Promise<void> {
  // Read through the dondoc server as the signed-in person.
  const query = codes ? `?agencies=${encodeURIComponent(codes.join(','))}` : '';
  const schedule = await session.api()<ReminderSchedule>(
    'GET',
    `/api/v1/campaigns/${encodeURIComponent(campaignId)}/reminder-schedule${query}`,
  );
  const { policy: launched } = schedule;
  const policy = launched
    ? `08:00 các ngày trước mỗi hạn ${[...launched.reminderOffsets].sort((a, b) => b - a).join(' và ')} ngày làm việc (policy.reminderOffsets, lịch "${launched.calendar}")`
    : '08:00 các ngày làm việc trước mỗi hạn, theo chính sách lúc khởi chạy';
  session.out(
    `Lịch nhắc tự động: ${policy}, ` +
      'gửi tới email của cơ quan (hạn nộp, hạn nộp lại) hoặc của cơ quan thẩm định (hạn thẩm định). Nhắc ngay: "campaign remind --agency <mã…>"; thêm thời gian: "campaign extend".',
  );
  // Campaign time (a rehearsal's compressed clock), as the server reads it; the machine's from an older server.
  const now = schedule.now ? Date.parse(schedule.now) : session.now.getTime();
  for (const a of schedule.agencies) {
    const label = `${a.name} (${a.code})`;
    const { plan, lastReminder: last } = a;
    const lastText = last
      ? ` Lần nhắc gần nhất: ${formatDateTime(last.at)} (${NOTIFICATION_STATUS[last.status] ?? last.status}${last.lastError && last.status !== 'sent' ? `: ${last.lastError}` : ''}).`
      : '';
    if (!plan?.deadline) {
      session.out(`- ${label}: ${stageLabel(a.stage)} — không có hạn đang chạy, không có nhắc việc.${lastText}`);
      continue;
    }
    const { deadline } = plan;
    const recipient = plan.audience === 'reviewer' ? schedule.reviewer.email : a.email;
    let text: string;
    if (Date.parse(deadline.at) <= now) {
      text = 'đã quá hạn: không còn nhắc tự động (quá hạn được báo cáo vi phạm; vẫn có thể nhắc ngay)';
    } else {
      const when = plan.reminders.map(({ at }) => {
        const instant = new Date(at);
        return instant.getTime() <= now ? `${formatDateTime(instant)} (đã đến giờ, đang gửi)` : formatDateTime(instant);
      });
      text = when.length > 0 ? `sẽ nhắc lúc ${when.join(', ')}` : 'không còn lần nhắc tự động nào trước hạn';
      if (!recipient) text += ' — chưa có email người nhận nên nhắc việc sẽ không được gửi';
    }
    session.out(
      `- ${label}: ${DEADLINE_LABELS[deadline.kind as DeadlineKind]} ${formatDeadline(new Date(deadline.at))}; ${text}.${lastText}`,
    );
  }
}
