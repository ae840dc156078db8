import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { agencyListSchema } from './agency-list';
import type { Stage } from './stages';

// Every message of the agency workflow, declared once and imported by the workflow, the admin
// script, the reporting job and the tests.

const actor = z.string({ error: 'Thiếu người thực hiện (by).' }).trim().min(1, 'Người thực hiện (by) không được để trống.');

export const submitListInputSchema = z.object({
  by: actor,
  list: agencyListSchema,
  source: z.enum(['json', 'xlsx', 'csv']).default('json'),
});
export type SubmitListInput = z.input<typeof submitListInputSchema>;

export const acceptListInputSchema = z.object({
  by: actor,
  note: z.string().trim().optional(),
});
export type AcceptListInput = z.input<typeof acceptListInputSchema>;

export interface TransitionReceipt {
  stage: Stage;
  version: number;
  at: string;
}

export interface AgencyState {
  campaignId: string;
  agencyCode: string;
  stage: Stage;
  stageReason?: string;
  version: number;
  returnCount: number;
  submissionDeadline: string;
  lastAction?: { action: string; by: string; at: string };
}

export const submitListUpdate = defineUpdate<TransitionReceipt, [SubmitListInput]>('submitList');
export const acceptListUpdate = defineUpdate<TransitionReceipt, [AcceptListInput]>('acceptList');
export const agencyStateQuery = defineQuery<AgencyState>('agencyState');
