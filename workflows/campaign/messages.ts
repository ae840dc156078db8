import { z } from 'zod';
import { actorField, boundedText } from '../../temporal/message-fields';
import { PAYLOAD_LIMITS } from '../../domain/payload-limits';

// Messages of the campaign workflow, and the signal it sends to every agency workflow: their schemas
// and types here, their definitions in ./definitions (re-exported).

const actor = actorField;

/** Nothing to say: the reviewer asks for the consolidation (an empty body, or none). */
export const consolidateInputSchema = z.object({}).default({});
export type ConsolidateInput = z.input<typeof consolidateInputSchema>;

export const approveInputSchema = z.object({
  decisionNumber: boundedText('Số quyết định (decisionNumber)', 'shortText').min(
    1,
    'Thiếu số quyết định phê duyệt (decisionNumber).',
  ),
  // A plain pattern: zod's ISO date check misbehaves inside the workflow sandbox.
  decisionDate: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Ngày quyết định (decisionDate) phải có dạng YYYY-MM-DD.'),
  signer: boundedText('Người ký (signer)', 'shortText').min(1, 'Thiếu người ký quyết định (signer).'),
});
export type ApproveInput = z.input<typeof approveInputSchema>;

export const sendBackInputSchema = z.object({
  reasons: boundedText('Lý do trả lại (reasons)').min(1, 'Cần nêu lý do trả lại danh mục tổng hợp.'),
});
export type SendBackInput = z.input<typeof sendBackInputSchema>;

export const cancelCampaignInputSchema = z.object({
  reason: boundedText('Lý do hủy (reason)').min(1, 'Cần nêu lý do hủy chiến dịch.'),
});
export type CancelCampaignInput = z.input<typeof cancelCampaignInputSchema>;

export { PHASE_LABELS, type CampaignPhase } from '../../domain/campaign-phases';
import type { AgencyTellingView, CampaignPhase } from '../../domain/campaign-phases';

export interface ConsolidationSummary {
  /** Counts every consolidation, a send-back's again included: it keys the consolidation's records. */
  round: number;
  /** The catalogue's round: 1, then 2, 3 … for supplements (domain/rounds.ts); absent means 1. */
  catalogueRound?: number;
  at: string;
  by: string;
  procedures: number;
  entries: number;
  agencies: number;
  missing: string[];
  /** Agencies still within their own deadline: not missing, offered the next round. */
  pending?: string[];
  files: { xlsx: string; csv: string };
}

/** The decision approving a supplementary round, a supplement to the first decision. */
export interface SupplementDecision {
  round: number;
  decisionNumber: string;
  decisionDate: string;
  signer: string;
  at: string;
}

export interface CampaignState {
  campaignId: string;
  phase: CampaignPhase;
  counts?: { total: number; byStage: Record<string, number> };
  consolidation?: ConsolidationSummary;
  sentBack?: { by: string; reasons: string; at: string };
  decision?: { decisionNumber: string; decisionDate: string; signer: string; at: string };
  /** Decisions of the supplementary rounds, in order. */
  supplements?: SupplementDecision[];
  /** After an approval: the catalogue round now collecting, for agencies within their own deadline. */
  openRound?: number;
  /** The agencies being told of a consolidation or an approval after its Update answered. */
  telling?: AgencyTellingView;
  escalations: string[];
}

/** A campaign event on its way to the agencies, page by page: how many were told so far. */
export type { AgencyTellingView as AgencyTelling } from '../../domain/campaign-phases';

/** From the campaign to each agency: its list was consolidated, approved, or the campaign ended. */
export const campaignEventSchema = z.object({
  type: z.enum(['consolidated', 'approved', 'cancelled']),
  by: actor,
  at: z.string().min(1).max(PAYLOAD_LIMITS.shortText),
  reason: boundedText('Lý do (reason)').optional(),
});
export type CampaignEvent = z.infer<typeof campaignEventSchema>;

export * from './definitions';
