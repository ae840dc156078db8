import type { CampaignPolicy } from './policy';

// The policy a campaign gets when its definition says nothing: written once, and kept free of the
// schema so the workflows read it without building any.

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

/** The default policy as a fresh, mutable value (what a schema default hands out). */
export function defaultPolicy(): CampaignPolicy {
  return { ...DEFAULT_POLICY, reminderOffsets: [...DEFAULT_POLICY.reminderOffsets] };
}
