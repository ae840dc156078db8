import { defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { DeadlineSuspension } from '../../domain/suspension';
import { visibleText } from '../../domain/text';

// Suspending and resuming an agency's running deadline (dừng tính thời gian), declared once.

const actor = z
  .string({ error: 'Thiếu người thực hiện (by).' })
  .overwrite(visibleText)
  .min(1, 'Người thực hiện (by) không được để trống.');

export const suspendDeadlineInputSchema = z.object({
  by: actor,
  reason: z
    .string({ error: 'Cần nêu lý do tạm dừng (reason).' })
    .overwrite(visibleText)
    .min(1, 'Cần nêu lý do tạm dừng (reason), ví dụ cơ quan đang chờ hướng dẫn.'),
});
export type SuspendDeadlineInput = z.input<typeof suspendDeadlineInputSchema>;

export const resumeDeadlineInputSchema = z.object({
  by: actor,
  note: z.string().overwrite(visibleText).optional(),
});
export type ResumeDeadlineInput = z.input<typeof resumeDeadlineInputSchema>;

export interface ResumeReceipt {
  kind: DeadlineSuspension['kind'];
  /** The deadline before the suspension, and the one counted from the resume date. */
  previousDeadline: string;
  deadline: string;
  workingDaysLeft: number;
}

export const suspendDeadlineUpdate = defineUpdate<DeadlineSuspension, [SuspendDeadlineInput]>('suspendDeadline');
export const resumeDeadlineUpdate = defineUpdate<ResumeReceipt, [ResumeDeadlineInput]>('resumeDeadline');
