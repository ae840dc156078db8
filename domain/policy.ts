import { z } from 'zod';

// A campaign's policy: reminder offsets, the working days the agency and the reviewer have, and the
// number of returns that makes a list perfunctory, and the limits on extension requests. The defaults are written here once.

export const DEFAULT_POLICY = Object.freeze({
  /** Reminders this many working days before each deadline. */
  reminderOffsets: Object.freeze([3, 1]) as readonly number[],
  resubmissionWorkingDays: 5,
  reviewWorkingDays: 5,
  /** Returned this many times = perfunctory work (đối phó), escalated. */
  perfunctoryReturnCount: 2,
  /** Extension requests (xin gia hạn) an agency may make in a campaign. */
  extensionRequestLimit: 2,
  /** Working days one extension request may add to the running deadline. */
  extensionMaxWorkingDays: 10,
  /** Working days the Service Center has to answer an extension request. */
  extensionAnswerWorkingDays: 2,
});

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

/** The default policy as a fresh, mutable value (what a schema default hands out). */
export function defaultPolicy(): CampaignPolicy {
  return { ...DEFAULT_POLICY, reminderOffsets: [...DEFAULT_POLICY.reminderOffsets] };
}
