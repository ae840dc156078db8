import type { NotificationKind, NotificationParamsInput, NotifyInput } from '../../activities/notifications';
import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { assignmentId } from '../../temporal/workflow-ids';
import { notification } from '../common/notification';

type Recipients = NotifyInput['recipients'];

/** What every agency notice names: the campaign's directive and people, and the agency. */
export interface AgencyNoticeCommon {
  directive: string;
  /** The campaign's own reviewer, not a template's default. */
  reviewerName: string;
  /** The campaign's own service center. */
  serviceCenterName: string;
  agencyName: string;
  /** The declared deliverable's title; absent for the Article 4 list. */
  deliverable?: string;
}

/** The agency's notifications: who receives what, and the params every one of them carries. */
export class AgencyNotices {
  readonly recipients: { agency: Recipients; reviewer: Recipients; serviceCenter: Recipients };
  private commonParams?: AgencyNoticeCommon;

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
  }

  /** The params every notice carries. */
  get common(): AgencyNoticeCommon {
    this.commonParams ??= {
      directive: this.input.directive,
      reviewerName: this.input.reviewer,
      serviceCenterName: this.input.serviceCenter,
      agencyName: this.input.agency.name,
      ...(this.input.deliverable && { deliverable: this.input.deliverable.title }),
    };
    return this.commonParams;
  }

  /** A notice's own params completed with the common ones; the result is checked against the kind at each call. */
  with<P extends object>(params: P): AgencyNoticeCommon & P {
    return { ...this.common, ...params };
  }

  /** The notification of an event, or none when it has no recipient. */
  message<K extends NotificationKind>(
    key: string,
    kind: K,
    to: Recipients,
    params: NotificationParamsInput<K>,
  ): NotifyInput | undefined {
    if (to.length === 0) return undefined;
    const envelope = {
      key: `${this.workflowId}:${key}`,
      campaignId: this.input.campaignId,
      assignmentId: assignmentId(this.input.campaignId, this.input.agency.code),
      recipients: to,
    };
    return notification(envelope, kind, params);
  }
}
