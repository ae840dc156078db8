import { describeAction, readActions } from '../../reporting/actions';
import fs from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { applyMigrations } from '../../prisma/migrate';
import { formatDate, formatDateTime } from '../../domain/time';
import type { ClockSpec } from '../../domain/clock';
import { PHASE_LABELS, cancelCampaignUpdate } from '../../workflows/campaign/messages';
import { escalateUpdate, withdrawUpdate } from '../../workflows/agency/messages';
import { STAGES, type Stage } from '../../domain/stages';
import { loadCampaignDefinition, type CampaignDefinition } from '../campaign-definition';
import { launchCampaign } from '../../server/launch-campaign';
import { openSuspensions } from '../../reporting/suspensions';
import { loadDeadlineStatusRule } from '../../reporting/deadline-status-rule';
import { DEADLINE_STATUSES, DEADLINE_STATUS_LABELS, describeDeadlineStatus } from '../../domain/deadline-status';
import { campaignCalendarVersion, describeCalendarVersion } from '../../reporting/calendar-version';
import { ensureSearchAttributes } from '../search-attributes';
import type { Session } from './context';
import { CliError, WorkerNotAnsweringError } from './errors';
import { formatDeadline } from '../../domain/deadline-display';
import { stageLabel } from './format';
import { extend, remind } from './campaign-deadlines';
import {
  DEADLINE_LABELS,
  actorFor,
  activeDeadline,
  agencyLabel,
  loadAssignment,
  loadCampaign,
  queryAgency,
  queryCampaign,
  updateAgency,
  updateCampaign,
  type CampaignInfo,
} from './lookup';
import { agencyCode, campaignIdArg, optionalText, parseInput, requiredText } from './options';

// `campaign …`: what the Service Center does with a whole campaign.

/** Above this many agencies, launching shows a progress bar. */
const PROGRESS_THRESHOLD = 20;

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

  campaign
    .command('extend')
    .description('Gia hạn cho các cơ quan đã nêu, hoặc cho mọi cơ quan đang quá hạn')
    .argument('<campaignId>', 'mã chiến dịch')
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
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter) của chiến dịch')
    .action((campaignId: string, options: Record<string, unknown>) => extend(session, campaignId, options));

  campaign
    .command('remind')
    .description('Nhắc việc ngay (ngoài lịch nhắc tự động), hoặc xem lịch nhắc tự động với --schedule')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--agency <code...>', 'nhắc các cơ quan này')
    .option('--late', 'nhắc mọi cơ quan đang quá hạn')
    .option(
      '--pending',
      'nhắc mọi cơ quan còn hạn đang chạy (chưa nộp, chờ nộp lại; chờ thẩm định thì nhắc cơ quan thẩm định)',
    )
    .option('--note <lời nhắn>', 'lời nhắn thêm vào thư nhắc, ví dụ phần còn thiếu')
    .option('--schedule', 'chỉ xem lịch nhắc tự động và lần nhắc gần nhất, không gửi gì')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter) của chiến dịch')
    .action((campaignId: string, options: Record<string, unknown>) => remind(session, campaignId, options));

  campaign
    .command('escalate')
    .description('Báo cáo vi phạm của một cơ quan lên Văn phòng UBND tỉnh')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--agency <code>', 'mã cơ quan')
    .option('--reason <lý do>', 'lý do báo cáo')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter)')
    .action((campaignId: string, options: Record<string, unknown>) =>
      agencyAction(session, 'escalate', campaignId, options),
    );

  campaign
    .command('withdraw')
    .description('Rút một cơ quan khỏi chiến dịch')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--agency <code>', 'mã cơ quan')
    .option('--reason <lý do>', 'lý do rút')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter)')
    .action((campaignId: string, options: Record<string, unknown>) =>
      agencyAction(session, 'withdraw', campaignId, options),
    );

  campaign
    .command('cancel')
    .description('Hủy chiến dịch: mọi cơ quan chưa kết thúc được rút khỏi chiến dịch')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--reason <lý do>', 'lý do hủy')
    .option('--by <tên>', 'người thực hiện; mặc định: đơn vị điều hành (serviceCenter)')
    .action((campaignId: string, options: Record<string, unknown>) => cancel(session, campaignId, options));
}

// ── launch ───────────────────────────────────────────────────────────────────────────────────

/** JSON with sorted keys: PostgreSQL's jsonb does not keep the order keys were written in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Fields the running workflows were started with: a relaunch must not change them. */
function changedFields(stored: unknown, next: CampaignDefinition): string[] {
  const before = (stored ?? {}) as Partial<CampaignDefinition>;
  const pairs: [string, unknown, unknown][] = [
    ['reviewer.name', before.reviewer?.name, next.reviewer.name],
    ['approver.name', before.approver?.name, next.approver.name],
    ['serviceCenter.name', before.serviceCenter?.name, next.serviceCenter.name],
    [
      'deadlines.submission',
      before.deadlines?.submission && Date.parse(before.deadlines.submission),
      Date.parse(next.deadlines.submission),
    ],
    [
      'deadlines.approval',
      before.deadlines?.approval && Date.parse(before.deadlines.approval),
      Date.parse(next.deadlines.approval),
    ],
    ['calendar', before.calendar, next.calendar],
    ['policy', stableJson(before.policy), stableJson(next.policy)],
  ];
  const show = (field: string, value: unknown) =>
    field.startsWith('deadlines.') && typeof value === 'number' ? formatDateTime(new Date(value)) : String(value);
  return pairs
    .filter(([, a, b]) => a !== b)
    .map(([field, a, b]) => `${field}: "${show(field, a)}" → "${show(field, b)}"`);
}

/** A rehearsal's clock: campaign time starts at 08:00 on the directive's day, compressed. */
function drillClock(definition: CampaignDefinition, secondsPerDay: number, now: Date): Required<ClockSpec> {
  return {
    secondsPerDay,
    simulatedStart: new Date(`${definition.directive.date}T08:00:00+07:00`).toISOString(),
    realStart: now.toISOString(),
  };
}

async function launch(session: Session, file: string, options: { drill?: boolean } = {}): Promise<void> {
  if (!/\.ya?ml$/i.test(file)) {
    throw new CliError(
      `<file>: tệp chiến dịch phải là tệp YAML (.yaml hoặc .yml), không phải "${file}". Xem mẫu trong thư mục campaigns/ và campaigns/README.md.`,
    );
  }
  if (!fs.existsSync(file))
    throw new CliError(
      `Không tìm thấy tệp chiến dịch ${file}. Cách sửa: kiểm tra đường dẫn tới tệp .yaml (các tệp mẫu ở thư mục campaigns/).`,
    );
  // Everything is validated before anything is written or started.
  const definition = await loadCampaignDefinition(file);
  const config = session.config();

  const migrated = await applyMigrations(config.databaseUrl);
  if (migrated.applied.length > 0) session.out(`Đã cập nhật cơ sở dữ liệu: ${migrated.applied.join(', ')}.`);
  const db = await session.db();
  const existing = await db.campaign.findUnique({ where: { id: definition.id } });
  if (existing?.definition) {
    const changes = changedFields(existing.definition, definition);
    if (changes.length > 0) {
      throw new CliError(
        `Tệp ${file} khác với chiến dịch ${definition.id} đã khởi chạy:\n${changes.map((c) => `  - ${c}`).join('\n')}\n` +
          'Các workflow đang chạy vẫn dùng giá trị cũ, nên không khởi chạy lại. Cách sửa: giữ nguyên các trường này ' +
          '(dời hạn bằng "campaign extend"), hoặc đặt id mới cho một chiến dịch mới.',
      );
    }
  }
  const storedClock = (existing?.definition as { clock?: Required<ClockSpec> } | null)?.clock;
  if (options.drill && existing && !storedClock)
    throw new CliError(
      `--drill: chiến dịch ${definition.id} đã khởi chạy trên đồng hồ thật, không thể chuyển thành diễn tập. Cách sửa: bỏ --drill, hoặc đặt id mới cho cuộc diễn tập.`,
    );
  const clock =
    storedClock ?? (options.drill ? drillClock(definition, config.demoSecondsPerDay, new Date()) : undefined);
  const connection = await session.connection();
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const client = await session.client();

  const total = definition.agencies.length;
  let bar: SingleBar | undefined;
  if (total > PROGRESS_THRESHOLD) {
    bar = new SingleBar(
      {
        stream: session.deps.stderr,
        format: 'Giao nhiệm vụ {bar} {value}/{total} cơ quan',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5_000,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
  }
  let result;
  try {
    result = await launchCampaign({
      client,
      db,
      taskQueue: config.taskQueue,
      definition,
      clock,
      onProgress: (done) => bar?.update(done),
    });
  } finally {
    bar?.stop();
  }

  session.out(`Chiến dịch ${definition.id} — ${definition.directive.number}: ${definition.directive.title}`);
  if (clock)
    session.out(
      `Diễn tập trên đồng hồ rút gọn: 1 ngày = ${clock.secondsPerDay} giây, bắt đầu ${formatDateTime(clock.simulatedStart)}.`,
    );
  if (!result.campaignStarted && result.agenciesStarted === 0) {
    session.out(`Không có gì mới được khởi chạy: chiến dịch và cả ${total} cơ quan đều đã chạy từ trước.`);
  } else {
    session.out(`Workflow chiến dịch: ${result.campaignStarted ? 'đã khởi chạy' : 'đã chạy từ trước'}.`);
    session.out(
      `Đã giao nhiệm vụ cho ${result.agenciesStarted} cơ quan mới; ${result.agenciesAlreadyRunning} cơ quan đã chạy từ trước (tổng ${total}).`,
    );
  }
  session.out(
    `Hạn nộp: ${formatDeadline(definition.deadlines.submission)}; hạn phê duyệt: ${formatDeadline(definition.deadlines.approval)}.`,
  );
  session.out(
    `Người thẩm định: ${definition.reviewer.name}; người phê duyệt: ${definition.approver.name}; đơn vị điều hành: ${definition.serviceCenter.name}.`,
  );
}

// ── status ───────────────────────────────────────────────────────────────────────────────────

async function status(session: Session, rawId: string, options: { agencies?: boolean }): Promise<void> {
  const { campaignId } = parseInput('campaign status', z.object({ campaignId: campaignIdArg }), { campaignId: rawId }, [
    'campaignId',
  ]);
  const campaign = await loadCampaign(session, campaignId);
  const db = await session.db();
  // The database alone still gives the counts when the worker is down.
  let state;
  let phaseNote = 'không có workflow chiến dịch trên máy chủ Temporal';
  try {
    state = await queryCampaign(session, campaignId, { required: false });
  } catch (error) {
    if (!(error instanceof WorkerNotAnsweringError)) throw error;
    session.warn(`Lưu ý: ${error.message.replace(' Chưa có thay đổi nào được gửi.', '')}`);
    phaseNote = 'worker không trả lời; số liệu dưới đây lấy từ cơ sở dữ liệu';
  }
  const { row } = campaign;
  const now = session.now;

  const groups = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
  const counts = new Map(groups.map((g) => [g.stage, g._count._all]));
  const total = groups.reduce((sum, g) => sum + g._count._all, 0);
  const assignments = await db.assignment.findMany({
    where: { campaignId },
    include: { agency: true },
    orderBy: { agencyCode: 'asc' },
  });
  const suspended = await openSuspensions(db, campaignId);
  // The colour status (domain/deadline-status.ts): its "Quá hạn" is the one lateness rule, as the report's.
  const statusOf = await loadDeadlineStatusRule(db, campaign.row, now);
  const statuses = new Map(assignments.map((a) => [a.id, statusOf(a)]));
  const late = assignments.filter((a) => statuses.get(a.id)?.status === 'overdue');
  const byStatus = DEADLINE_STATUSES.map((status) => ({
    label: DEADLINE_STATUS_LABELS[status],
    count: [...statuses.values()].filter((s) => s?.status === status).length,
  })).filter((entry) => entry.count > 0);
  const openSupport = await db.supportRequest.count({ where: { campaignId, answeredAt: null } });
  const openEscalations = await db.escalation.count({ where: { campaignId, resolvedAt: null } });

  session.out(`Chiến dịch ${row.id} — ${row.directiveNumber} ngày ${formatDate(row.directiveDate)}: ${row.title}`);
  session.out(`Giai đoạn: ${state ? PHASE_LABELS[state.phase] : `${row.status} (${phaseNote})`}`);
  session.out(
    `Hạn nộp: ${formatDate(row.submissionDeadline)}${row.approvalDeadline ? `; hạn phê duyệt: ${formatDate(row.approvalDeadline)}` : ''}`,
  );
  const roles = campaign.roles;
  session.out(
    `Người thẩm định: ${roles.reviewer ?? '—'}; người phê duyệt: ${roles.approver ?? '—'}; đơn vị điều hành: ${roles.serviceCenter ?? '—'}`,
  );
  session.out(`Số cơ quan theo trạng thái (${total} cơ quan):`);
  const width = Math.max(...STAGES.map((s) => stageLabel(s).length));
  for (const stage of STAGES) session.out(`  ${stageLabel(stage).padEnd(width)}  ${counts.get(stage) ?? 0}`);
  for (const [stage, count] of counts)
    if (!STAGES.includes(stage as Stage)) session.out(`  ${stage.padEnd(width)}  ${count}`);
  session.out(
    `Quá hạn: ${late.length}; yêu cầu hỗ trợ chưa trả lời: ${openSupport}; báo cáo vi phạm chưa xử lý: ${openEscalations}`,
  );
  if (byStatus.length > 0)
    session.out(`Tình trạng hạn: ${byStatus.map((entry) => `${entry.label} ${entry.count}`).join(', ')}`);
  if (suspended.size > 0) session.out(`Đang tạm dừng thời hạn: ${suspended.size} cơ quan`);
  session.out(`Lịch làm việc: ${describeCalendarVersion(await campaignCalendarVersion(db, campaignId))}`);
  if (state?.consolidation) {
    const c = state.consolidation;
    session.out(
      `Tổng hợp lần ${c.round} (${formatDate(c.at)}, ${c.by}): ${c.procedures} TTHC, ${c.entries} giấy tờ từ ${c.agencies} cơ quan` +
        (c.missing.length > 0 ? `; ${c.missing.length} cơ quan chưa có danh sách được chấp nhận` : '') +
        `. Tệp: ${c.files.xlsx}`,
    );
  }
  if (state?.sentBack)
    session.out(
      `Bị trả lại danh mục tổng hợp (${formatDate(state.sentBack.at)}, ${state.sentBack.by}): ${state.sentBack.reasons}`,
    );
  if (state?.decision)
    session.out(
      `Quyết định phê duyệt số ${state.decision.decisionNumber} ngày ${formatDate(`${state.decision.decisionDate}T00:00:00+07:00`)}, người ký: ${state.decision.signer}`,
    );

  const actions = await readActions(db, campaignId, new Date(now));
  if (actions.length > 0) {
    session.out(
      `Thao tác gần đây (${Math.min(actions.length, 10)}/${actions.length}, người thực hiện, mới nhất trước):`,
    );
    for (const action of actions.slice(-10).reverse()) session.out(`  ${describeAction(action)}`);
  }

  if (options.agencies) {
    session.out('Các cơ quan:');
    const codeWidth = Math.max(...assignments.map((a) => a.agencyCode.length));
    for (const a of assignments) {
      const deadline = activeDeadline(a);
      const due = deadline ? `; ${DEADLINE_LABELS[deadline.kind]} ${formatDate(deadline.at)}` : '';
      const pause = suspended.get(a.id);
      const status = statuses.get(a.id);
      const shown = status && !pause ? `; ${describeDeadlineStatus(status)}` : '';
      const flag = pause
        ? ` — TẠM DỪNG từ ${formatDate(pause.since)} (${pause.reason}; còn ${pause.workingDaysLeft} ngày làm việc)`
        : status?.status === 'overdue'
          ? ' — QUÁ HẠN'
          : '';
      session.out(
        `  ${a.agencyCode.padEnd(codeWidth)}  ${a.agency.name}: ${stageLabel(a.stage)}${a.currentVersion > 0 ? ` (phiên bản ${a.currentVersion})` : ''}${due}${shown}${flag}`,
      );
    }
  }
}

// ── escalate, withdraw, cancel ───────────────────────────────────────────────────────────────

async function agencyAction(
  session: Session,
  action: 'escalate' | 'withdraw',
  rawId: string,
  options: Record<string, unknown>,
): Promise<void> {
  const command = `campaign ${action}`;
  const input = parseInput(
    command,
    z.object({
      campaignId: campaignIdArg,
      agency: agencyCode,
      reason: requiredText(
        '--reason',
        action === 'escalate'
          ? 'Quá hạn nhưng chưa nộp, không phản hồi đôn đốc'
          : 'Cơ quan không có TTHC thuộc phạm vi',
      ),
      by: optionalText,
    }),
    { campaignId: rawId, ...options },
    ['campaignId'],
  );
  const campaign = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'serviceCenter', input.by);
  const assignment = await loadAssignment(session, campaign, input.agency);
  const state = await queryAgency(session, campaign, assignment);
  if (action === 'escalate') {
    const result = await updateAgency(
      session,
      campaign,
      assignment,
      'báo cáo vi phạm',
      state.stage,
      (handle, updateId) => handle.executeUpdate(escalateUpdate, { updateId, args: [{ by, reason: input.reason }] }),
    );
    session.out(
      `Đã ghi nhận báo cáo vi phạm của ${agencyLabel(assignment)} (mã ${result.escalationKey}); trạng thái hiện tại: ${stageLabel(state.stage)}.`,
    );
  } else {
    const receipt = await updateAgency(
      session,
      campaign,
      assignment,
      'rút cơ quan khỏi chiến dịch',
      state.stage,
      (handle, updateId) => handle.executeUpdate(withdrawUpdate, { updateId, args: [{ by, reason: input.reason }] }),
    );
    session.out(
      `Đã rút ${agencyLabel(assignment)} khỏi chiến dịch ${campaign.row.id} (trạng thái: ${stageLabel(receipt.stage)}).`,
    );
  }
}

async function cancel(session: Session, rawId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'campaign cancel',
    z.object({
      campaignId: campaignIdArg,
      reason: requiredText('--reason', 'Chỉ đạo mới thay thế văn bản này'),
      by: optionalText,
    }),
    { campaignId: rawId, ...options },
    ['campaignId'],
  );
  const campaign: CampaignInfo = await loadCampaign(session, input.campaignId);
  const by = actorFor(campaign, 'serviceCenter', input.by);
  const state = (await queryCampaign(session, input.campaignId, { required: true }))!;
  const result = await updateCampaign(session, input.campaignId, 'hủy chiến dịch', state, (handle, updateId) =>
    handle.executeUpdate(cancelCampaignUpdate, { updateId, args: [{ by, reason: input.reason }] }),
  );
  session.out(
    `Đã hủy chiến dịch ${input.campaignId} (giai đoạn: ${PHASE_LABELS[result.phase]}); các cơ quan chưa kết thúc được rút khỏi chiến dịch.`,
  );
}
