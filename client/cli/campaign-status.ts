import { describeAction, readActions } from '../../reporting/actions';
import { z } from 'zod';
import { formatDate } from '../../domain/time';
import { PHASE_LABELS } from '../../workflows/campaign/messages';
import { STAGES, type Stage } from '../../domain/stages';
import { openSuspensions } from '../../reporting/suspensions';
import { campaignCalendarVersion, describeCalendarVersion } from '../../reporting/calendar-version';
import { loadDeadlineStatusRule } from '../../reporting/deadline-status-rule';
import { DEADLINE_STATUSES, DEADLINE_STATUS_LABELS, describeDeadlineStatus } from '../../domain/deadline-status';
import type { Session } from './context';
import { WorkerNotAnsweringError } from './errors';
import { stageLabel } from './format';
import { DEADLINE_LABELS, activeDeadline, loadCampaign, queryCampaign } from './lookup';
import { campaignIdArg, parseInput } from './options';

// `campaign status`: where a campaign stands, from the database (counts even with the worker
// down) and the campaign workflow's own state.

export async function status(session: Session, rawId: string, options: { agencies?: boolean }): Promise<void> {
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
