import { z } from 'zod';
import { DEFAULT_POLICY } from './default-policy';

// A campaign's policy: reminder offsets, the working days the agency and the reviewer have, and the
// number of returns that makes a list perfunctory, and the limits on extension requests. The defaults are written here once.

export { DEFAULT_POLICY, defaultPolicy } from './default-policy';

export const campaignPolicySchema = z.object({
  reminderOffsets: z.array(z.number().int().min(1).max(30)).default(() => [...DEFAULT_POLICY.reminderOffsets]),
  resubmissionWorkingDays: z.number().int().min(1).max(60).default(DEFAULT_POLICY.resubmissionWorkingDays),
  reviewWorkingDays: z.number().int().min(1).max(60).default(DEFAULT_POLICY.reviewWorkingDays),
  perfunctoryReturnCount: z.number().int().min(1).max(20).default(DEFAULT_POLICY.perfunctoryReturnCount),
  extensionRequestLimit: z.number().int().min(0).max(20).default(DEFAULT_POLICY.extensionRequestLimit),
  extensionMaxWorkingDays: z.number().int().min(1).max(60).default(DEFAULT_POLICY.extensionMaxWorkingDays),
  extensionAnswerWorkingDays: z.number().int().min(1).max(20).default(DEFAULT_POLICY.extensionAnswerWorkingDays),
});
export type CampaignPolicy = z.infer<typeof campaignPolicySchema>;
