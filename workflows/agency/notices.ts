import type { NotificationKind, NotificationParamsInput, NotifyInput } from '../../activities/notifications';
import { assignmentId, type AgencyWorkflowInput } from '../../domain/agency-input';
import { notification } from '../common/notification';

type Recipients = NotifyInput['recipients'];
type CommonParams = 'directive' | 'agencyName' | 'agencyCode' | 'reviewerName';

/** The agency's notifications: who receives what, and the params every one of them carries. */
export class AgencyNotices {
  readonly recipients: { agency: Recipients; reviewer: Recipients; serviceCenter: Recipients };
  private readonly common: Record<CommonParams, string>;

  constructor(
    private readonly input: AgencyWorkflowInput,
    private readonly workflowId: string,
  ) {
    const email = (address: string | undefined): Recipients =>
      address ? [{ channel: 'email' as const, address }] : [];
    this.recipients = {
      agency: email(input.agency.email),
      reviewer: email(input.contacts.reviewerEmail),
      serviceCenter: email(input.contacts.serviceCenterEmail),
    };
    // The campaign's own reviewer, not the templates' default.
    this.common = {
      directive: input.directive,
      agencyName: input.agency.name,
      agencyCode: input.agency.code,
      reviewerName: input.reviewer,
    };
  }

  /** The notification of an event, or none when it has no recipient. */
  message<K extends NotificationKind>(
    key: string,
    kind: K,
    to: Recipients,
    params: Omit<NotificationParamsInput<K>, CommonParams>,
  ): NotifyInput | undefined {
    if (to.length === 0) return undefined;
    const envelope = {
      key: `${this.workflowId}:${key}`,
      campaignId: this.input.campaignId,
      assignmentId: assignmentId(this.input.campaignId, this.input.agency.code),
      recipients: to,
    };
    // The params this workflow always sets complete each kind's own (checked at each call).
    return notification(envelope, kind, { ...this.common, ...params } as unknown as NotificationParamsInput<K>);
  }
}
