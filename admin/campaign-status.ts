import { z } from 'zod';
import { formatDate } from '../domain/time';
import { PHASE_LABELS } from '../workflows/campaign/messages';
import { tellingText } from '../domain/campaign-phases';
import { DEADLINE_LABELS, STAGES, type DeadlineKind, type Stage } from '../domain/stages';
import type { CampaignStatusView } from '../read-side/campaign-status';
import type { Session } from './context';
import { workerNotAnsweringNote } from './errors';
import { stageLabel } from './format';
import { campaignIdArg, parseInput } from './options';

// `campaign status`: where a campaign stands, read through the dondoc server as the signed-in
// person (GET /api/v1/campaigns/:campaignId/status): the counts from the database (there even with
// the worker down) and the campaign workflow's own state.

export async function status(session: Session, rawId: string, options: { agencies?: boolean }): Promise<void> {
  const { campaignId } = parseInput('campaign status', z.object({ campaignId: campaignIdArg }), { campaignId: rawId }, [
    'campaignId',
  ]);
  const view = await session.api()<CampaignStatusView>(
    'GET',
    `/api/v1/campaigns/${encodeURIComponent(campaignId)}/status`,
  );
  const { campaign: row, state } = view;
  let phaseNote = 'không có workflow chiến dịch trên máy chủ Temporal';
  if (view.workerNotAnswering) {
    session.warn(`Lưu ý: ${workerNotAnsweringNote(view.workerNotAnswering)}`);
    phaseNote = 'worker không trả lời; số liệu dưới đây lấy từ cơ sở dữ liệu';
  }

  session.out(`Chiến dịch ${row.id} — ${row.directiveNumber} ngày ${formatDate(row.directiveDate)}: ${row.title}`);
  session.out(
    `Giai đoạn: ${state ? PHASE_LABELS[state.phase as keyof typeof PHASE_LABELS] : `${row.status} (${phaseNote})`}`,
  );
  session.out(
    `Hạn nộp: ${formatDate(row.submissionDeadline)}${row.approvalDeadline ? `; hạn phê duyệt: ${formatDate(row.approvalDeadline)}` : ''}`,
  );
  const roles = view.roles;
  session.out(
    `Người thẩm định: ${roles.reviewer ?? '—'}; người phê duyệt: ${roles.approver ?? '—'}; đơn vị điều hành: ${roles.serviceCenter ?? '—'}`,
  );
  printCounts(session, view);
  printWorkflowState(session, view.state);
  printActions(session, view.actions);
  if (options.agencies) printAgencies(session, view.agencies);
}

/** How many agencies stand at each stage, how many are late, what is still open. */
function printCounts(session: Session, view: CampaignStatusView): void {
  const counts = new Map(view.stages.map((g) => [g.stage, g.count]));
  session.out(`Số cơ quan theo trạng thái (${view.total} cơ quan):`);
  const width = Math.max(...STAGES.map((s) => stageLabel(s).length));
  for (const stage of STAGES) session.out(`  ${stageLabel(stage).padEnd(width)}  ${counts.get(stage) ?? 0}`);
  for (const [stage, count] of counts)
    if (!STAGES.includes(stage as Stage)) session.out(`  ${stage.padEnd(width)}  ${count}`);
  session.out(
    `Quá hạn: ${view.late}; yêu cầu hỗ trợ chưa trả lời: ${view.openSupport}; báo cáo vi phạm chưa xử lý: ${view.openEscalations}`,
  );
  if (view.byStatus.length > 0)
    session.out(`Tình trạng hạn: ${view.byStatus.map((entry) => `${entry.label} ${entry.count}`).join(', ')}`);
  if (view.suspended > 0) session.out(`Đang tạm dừng thời hạn: ${view.suspended} cơ quan`);
  session.out(`Lịch làm việc: ${view.calendar}`);
}

/** What the campaign workflow holds: the consolidation, a send-back, the decision, who was told. */
function printWorkflowState(session: Session, state: CampaignStatusView['state']): void {
  if (state?.consolidation) {
    const c = state.consolidation;
    session.out(
      `Tổng hợp lần ${c.round} (${formatDate(c.at)}, ${c.by}): ${c.procedures} TTHC, ${c.entries} giấy tờ từ ${c.agencies} cơ quan` +
        (c.missing.length > 0 ? `; ${c.missing.length} cơ quan chưa có danh sách được chấp nhận` : '') +
        (c.files.xlsx ? `. Tệp: ${c.files.xlsx}` : '. Tệp danh mục đang được lập.'),
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

  if (state?.telling) session.out(tellingText(state.telling));
}

/** Who did what, by person and kind, and the latest actions. */
function printActions(session: Session, actions: CampaignStatusView['actions']): void {
  if (actions.total === 0) return;
  session.out(`Ai đã làm gì (${actions.total} thao tác, theo người và loại thao tác):`);
  for (const line of actions.people) session.out(`  ${line}`);
  session.out(`Thao tác gần đây (${actions.recent.length}/${actions.total}, người thực hiện, mới nhất trước):`);
  for (const action of actions.recent) session.out(`  ${action}`);
}

/** One line per agency: its stage, version, running deadline and whether it is paused or late. */
function printAgencies(session: Session, agencies: CampaignStatusView['agencies']): void {
  session.out('Các cơ quan:');
  const codeWidth = Math.max(...agencies.map((a) => a.code.length));
  for (const a of agencies) {
    const due = a.deadline ? `; ${DEADLINE_LABELS[a.deadline.kind as DeadlineKind]} ${formatDate(a.deadline.at)}` : '';
    const pause = a.pause;
    const shown = a.status && !pause ? `; ${a.status}` : '';
    const flag = pause
      ? ` — TẠM DỪNG từ ${formatDate(pause.since)} (${pause.reason}; còn ${pause.workingDaysLeft} ngày làm việc)`
      : a.overdue
        ? ' — QUÁ HẠN'
        : '';
    session.out(
      `  ${a.code.padEnd(codeWidth)}  ${a.name}: ${stageLabel(a.stage)}${a.version > 0 ? ` (phiên bản ${a.version})` : ''}${due}${shown}${flag}`,
    );
  }
}
