import { z } from 'zod';
import type { DeadlineSuspension } from '../../domain/suspension';
import { boundedText } from '../../temporal/message-fields';

// Suspending and resuming an agency's running deadline (dừng tính thời gian), declared once.

export const suspendDeadlineInputSchema = z.object({
  reason: boundedText('Lý do tạm dừng (reason)', 'longText', 'Cần nêu lý do tạm dừng (reason).').min(
    1,
    'Cần nêu lý do tạm dừng (reason), ví dụ cơ quan đang chờ hướng dẫn.',
  ),
});
export type SuspendDeadlineInput = z.input<typeof suspendDeadlineInputSchema>;

export const resumeDeadlineInputSchema = z.object({
  note: boundedText('Ghi chú (note)').optional(),
});
export type ResumeDeadlineInput = z.input<typeof resumeDeadlineInputSchema>;

export interface ResumeReceipt {
  kind: DeadlineSuspension['kind'];
  /** The deadline before the suspension, and the one counted from the resume date. */
  previousDeadline: string;
  deadline: string;
  workingDaysLeft: number;
}

export { resumeDeadlineUpdate, suspendDeadlineUpdate } from './definitions';
