import { z } from 'zod';
import {
  CAMPAIGN_PEOPLE_FIELDS,
  acceptedParams,
  assignedParams,
  catalogueParams,
  deadlineExtendedParams,
  escalationParams,
  extensionAnswerParams,
  extensionRequestParams,
  reminderParams,
  returnedParams,
  reviewReminderParams,
  submissionReceivedParams,
  supportAnswerParams,
  supportRequestParams,
  type CampaignPeople,
} from './notification-params';

// The notification contract: every kind and the params it needs, checked wherever a message is
// requested (workflows at compile time, the outbox at run time). The texts are rendered in
// activities/notifications/templates.ts. Params cross a Temporal boundary (JSON), so instants
// arrive as ISO strings; a missing or malformed param fails with a message naming the field.

export { CAMPAIGN_PEOPLE_FIELDS, type CampaignPeople } from './notification-params';

const variant = <K extends string, P extends z.ZodType>(kind: K, params: P) =>
  z.object({ kind: z.literal(kind), params });

/** Every notification as `{ kind, params }`: one params schema per kind. */
export const notificationSchema = z.discriminatedUnion('kind', [
  variant('assigned', assignedParams),
  variant('reminder', reminderParams),
  variant('returned', returnedParams),
  variant('accepted', acceptedParams),
  variant('submission_received', submissionReceivedParams),
  variant('review_reminder', reviewReminderParams),
  variant('deadline_extended', deadlineExtendedParams),
  variant('escalation', escalationParams),
  variant('extension_requested', extensionRequestParams),
  variant('extension_answer_reminder', extensionRequestParams),
  variant('extension_granted', extensionAnswerParams),
  variant('extension_refused', extensionAnswerParams),
  variant('support_request', supportRequestParams),
  variant('support_answer', supportAnswerParams),
  variant('catalogue', catalogueParams),
]);

export type ValidNotification = z.output<typeof notificationSchema>;
export type NotificationKind = ValidNotification['kind'];
/** A kind with its params, typed together (instants as ISO strings or Dates; defaults may be left out). */
export type NotificationMessage = z.input<typeof notificationSchema>;
/** The params a template needs, in full (what the outbox validates). */
export type NotificationTemplateInput<K extends NotificationKind> = Extract<NotificationMessage, { kind: K }>['params'];
type PeopleField = (typeof CAMPAIGN_PEOPLE_FIELDS)[number];
/**
 * A request for one notification: a kind with its params, typed together. The campaign's people may
 * be left out: the outbox takes them from the campaign's record.
 */
export type NotificationRequest = {
  [K in NotificationKind]: {
    kind: K;
    params: Omit<NotificationTemplateInput<K>, PeopleField> & Partial<CampaignPeople>;
  };
}[NotificationKind];
/** What a caller sends for a kind. */
export type NotificationParamsInput<K extends NotificationKind> = Extract<NotificationRequest, { kind: K }>['params'];
/** What a template receives, validated and with defaults applied. */
export type NotificationParams<K extends NotificationKind> = Extract<ValidNotification, { kind: K }>['params'];

export const NOTIFICATION_KINDS: readonly NotificationKind[] = notificationSchema.options.map(
  (option) => option.shape.kind.value,
);

/** Who each kind is written to; the caller chooses the addresses. */
export const NOTIFICATION_AUDIENCE: Record<NotificationKind, string> = {
  assigned: 'agency',
  reminder: 'agency',
  returned: 'agency',
  accepted: 'agency',
  submission_received: 'reviewer',
  review_reminder: 'reviewer',
  deadline_extended: 'agency, or reviewer for a review deadline',
  escalation: 'service center',
  extension_requested: 'service center',
  extension_answer_reminder: 'service center',
  extension_granted: 'agency',
  extension_refused: 'agency',
  support_request: 'reviewer and service center',
  support_answer: 'agency',
  catalogue: 'approver (ready, reminder), reviewer (sent back), reviewer and service center (approved)',
};

export class NotificationParamsError extends Error {
  constructor(
    readonly kind: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(
      `Tham số của thông báo "${kind}" không hợp lệ:\n${issues.map((issue) => `  - ${issue.field}: ${issue.message}`).join('\n')}`,
    );
    this.name = 'NotificationParamsError';
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  // Issues are reported under `params`; name the field as the caller wrote it.
  const rest = path[0] === 'params' ? path.slice(1) : path;
  if (rest.length === 0) return 'params';
  return rest
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates a message against the schema of its kind; throws NotificationParamsError naming each bad field. */
export function validateNotification(message: NotificationMessage): ValidNotification {
  const { kind, params } = (message ?? {}) as { kind?: unknown; params?: unknown };
  if (typeof kind !== 'string' || !(NOTIFICATION_KINDS as readonly string[]).includes(kind)) {
    throw new NotificationParamsError(String(kind), [
      { field: 'kind', message: `Loại thông báo không hợp lệ; phải là một trong: ${NOTIFICATION_KINDS.join(', ')}.` },
    ]);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new NotificationParamsError(kind, [{ field: 'params', message: 'Thiếu params (phải là một object).' }]);
  }
  const parsed = notificationSchema.safeParse(message);
  if (!parsed.success) {
    throw new NotificationParamsError(
      kind,
      parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    );
  }
  return parsed.data;
}

/** A request completed with the campaign's people where it left them out (its own values win). */
export function withCampaignPeople<M extends NotificationRequest>(message: M, people: Partial<CampaignPeople>): M {
  const params = { ...message.params } as Record<string, unknown>;
  for (const field of CAMPAIGN_PEOPLE_FIELDS) {
    if (params[field] === undefined && people[field] !== undefined) params[field] = people[field];
  }
  return { ...message, params } as M;
}
