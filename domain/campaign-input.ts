import { z } from 'zod';
import { workCalendarSchema } from './agency-input';
import { campaignPolicySchema } from './policy';
import { visibleText } from './text';

// What starts the campaign workflow: the campaign as a whole, not its agencies (those are separate
// workflows tied to it by the Campaign search attribute, so no single history grows with the roster).

export const campaignWorkflowInputSchema = z.object({
  campaignId: z.string().overwrite(visibleText).min(1),
  directive: z.object({ number: z.string(), date: z.string(), title: z.string() }),
  submissionDeadline: z.iso.datetime({ offset: true }),
  approvalDeadline: z.iso.datetime({ offset: true }),
  reviewer: z.string().overwrite(visibleText).min(1),
  approver: z.string().overwrite(visibleText).min(1),
  serviceCenter: z.string().overwrite(visibleText).min(1),
  contacts: z
    .object({
      reviewerEmail: z.email().optional(),
      approverEmail: z.email().optional(),
      serviceCenterEmail: z.email().optional(),
    })
    .default({}),
  calendar: workCalendarSchema,
  policy: campaignPolicySchema,
  clock: z
    .object({ secondsPerDay: z.number().positive(), simulatedStart: z.string(), realStart: z.string() })
    .optional(),
  /** Consolidate on its own once every agency still in the campaign is accepted. */
  autoConsolidate: z.boolean().default(true),
});
export type CampaignWorkflowInput = z.infer<typeof campaignWorkflowInputSchema>;

export function campaignWorkflowId(campaignId: string): string {
  return `campaign:${campaignId}`;
}
