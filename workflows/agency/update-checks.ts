import type { z } from 'zod';
import { checkList, type ListCheck } from '../../domain/list-quality';
import { suspendDeadline, type SuspensionDecision } from '../../domain/suspension';
import { checkWithinCalendar, localDay } from '../../domain/working-days';
import { nextStage, STAGE_LABELS } from '../../domain/stages';
import type { DeliverableChecker, Delivery } from '../../domain/deliverables/checker';
import { deliverableChecker } from '../common/shared-deliverable-checkers';
import { deadlineAudience, isPast } from '../../domain/deadlines';
import type { ActingInstant } from '../common/update-declarations';
import type { DeliveryCheck } from '../../domain/deliverables/issues';
import type {
  extendDeadlineInputSchema,
  submitDeliveryInputSchema,
  submitListInputSchema,
  supportAnswerInputSchema,
} from './messages';
import type { AgencyWorkflowState } from './state';

/**
 * The agency's Update validators: each asks the state whether the request may happen now and
 * refuses it, in words the person reads, before anything reaches the history. They change nothing.
 */
export class AgencyUpdateChecks {
  /** The declared deliverable's checker, found (or compiled) on the run's first delivery. */
  private deliveryChecker?: DeliverableChecker;

  constructor(private readonly state: AgencyWorkflowState) {}

  /** The list's quality, checked once per submission: its errors refuse it, its findings go with it. */
  submit(request: z.output<typeof submitListInputSchema>): ListCheck {
    nextStage(this.state.facts.stage, 'submit');
    const checked = checkList(request.list, { catalogue: this.state.input.catalogue });
    if (checked.errors.length > 0)
      throw new Error(
        `Danh sách chưa đạt yêu cầu:\n${checked.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`,
      );
    return checked;
  }

  /** A delivery of the declared deliverable, checked as the server checked it: its errors refuse it. */
  deliver(request: z.output<typeof submitDeliveryInputSchema>): DeliveryCheck<Delivery> {
    nextStage(this.state.facts.stage, 'submit', 'deliver');
    const declaration = this.state.input.deliverable;
    if (!declaration)
      throw new Error(
        'Chiến dịch này nhận danh sách giấy tờ cần số hóa (nộp danh sách), không nhận sản phẩm khai báo.',
      );
    this.deliveryChecker ??= deliverableChecker(declaration);
    const checked = this.deliveryChecker(request.delivery);
    if (!checked.ok) throw new Error(`Sản phẩm chưa đạt yêu cầu:\n${checked.errors.map((e) => e.message).join('\n')}`);
    return checked;
  }

  returnList(): void {
    nextStage(this.state.facts.stage, 'return');
  }

  accept(): void {
    nextStage(this.state.facts.stage, 'accept');
  }

  withdraw(): void {
    nextStage(this.state.facts.stage, 'withdraw');
  }

  extend(request: z.output<typeof extendDeadlineInputSchema>): void {
    const kind = request.kind ?? this.state.activeDeadline()?.kind;
    if (!kind)
      throw new Error(`Không có thời hạn nào đang chạy ở trạng thái hiện tại; hãy nêu rõ loại thời hạn (kind).`);
    if (kind !== 'submission' && this.state.facts.deadlines[kind] === undefined)
      throw new Error(`Chưa có thời hạn "${kind}" để gia hạn.`);
    if (Date.parse(request.deadline) <= this.state.clock.now())
      throw new Error('Thời hạn mới phải ở sau thời điểm hiện tại.');
    checkWithinCalendar(new Date(request.deadline), this.state.calendar, 'Thời hạn mới');
  }

  remind(canReach: (audience: 'agency' | 'reviewer') => boolean): void {
    const active = this.state.activeDeadline();
    if (!active)
      throw new Error(
        `Không có hạn nào đang chạy ở trạng thái "${STAGE_LABELS[this.state.facts.stage]}", nên không có gì để nhắc.`,
      );
    if (this.state.isSuspended())
      throw new Error(
        `Thời hạn của ${this.state.input.agency.name} đang tạm dừng (${this.state.facts.suspension!.reason}); hãy tiếp tục (resume) trước khi nhắc.`,
      );
    const to = deadlineAudience(active.kind);
    if (!canReach(to)) {
      throw new Error(
        to === 'agency'
          ? `${this.state.input.agency.name} không có email trong danh sách cơ quan lúc khởi chạy, nên dondoc không gửi được nhắc việc; hãy liên hệ trực tiếp cơ quan.`
          : `Chiến dịch không có email của cơ quan thẩm định (reviewer.email) lúc khởi chạy, nên dondoc không gửi được nhắc thẩm định; hãy liên hệ trực tiếp ${this.state.input.reviewer}.`,
      );
    }
  }

  /**
   * The suspension the request would make, counted from the instant the person acted (their proof's):
   * a deadline that passed after that instant, before the worker reached the Update, was suspended
   * before it passed. `atWorkerTime` is the count of runs started before that (gate
   * suspension-at-proof): from when the worker reached it, absent when the deadline had passed by then.
   * Its handler names the actor.
   */
  suspend(request: { reason: string }, { actedAt }: ActingInstant): SuspensionDecision {
    if (this.state.isSuspended())
      throw new Error(
        `Thời hạn đang chạy đã được tạm dừng từ ${localDay(new Date(this.state.facts.suspension!.since)).split('-').reverse().join('/')}; hãy tiếp tục (resume) trước khi tạm dừng lại.`,
      );
    const active = this.state.activeDeadline();
    if (!active)
      throw new Error(
        `Không có hạn nào đang chạy ở trạng thái "${STAGE_LABELS[this.state.facts.stage]}", nên không có gì để tạm dừng.`,
      );
    const { clock, calendar } = this.state;
    const workerTime = clock.nowDate();
    return {
      atProof: suspendDeadline(active, new Date(clock.at(actedAt)), calendar, request.reason),
      ...(!isPast(active, workerTime.getTime()) && {
        atWorkerTime: suspendDeadline(active, workerTime, calendar, request.reason),
      }),
    };
  }

  resume(): void {
    if (!this.state.facts.suspension)
      throw new Error('Thời hạn của cơ quan không bị tạm dừng, nên không có gì để tiếp tục.');
  }

  calendarChange(request: { version: number; daysOff: string[]; workingDays: string[] }): void {
    if (request.version <= this.state.facts.calendarVersion)
      throw new Error(
        `Cơ quan đã dùng lịch làm việc phiên bản ${this.state.facts.calendarVersion}; phiên bản ${request.version} không mới hơn.`,
      );
    if (request.daysOff.length + request.workingDays.length === 0)
      throw new Error('Thông báo không có ngày nghỉ (daysOff) hay ngày làm bù (workingDays) nào.');
    // Weekends may be named too: a correction can send a make-up Saturday back to rest, a weekday back to work.
    for (const day of request.daysOff)
      if (request.workingDays.includes(day)) throw new Error(`Ngày ${day} vừa là ngày nghỉ vừa là ngày làm việc.`);
  }

  answerSupport(request: z.output<typeof supportAnswerInputSchema>): void {
    const entry = this.state.facts.supportRequests.find((r) => r.id === request.requestId);
    if (!entry) throw new Error(`Không có yêu cầu hỗ trợ ${request.requestId}.`);
    if (entry.answered) throw new Error(`Yêu cầu hỗ trợ ${request.requestId} đã được trả lời.`);
  }
}
