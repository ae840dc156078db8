import type { Database } from '../prisma/database';
import { createCampaignActivities, type CampaignActivityOptions } from './campaign';
import { createEscalationActivities } from './escalations';
import { createNotificationActivities, type NotificationOptions } from './notifications';
import { createRowDelivery } from './notifications/row-delivery';
import { createOutboxRelay } from './notifications/relay';
import { createReportActivities, type ReportLimits } from './report';
import { createSupportActivities } from './support';
import { createTransitionActivities } from './transitions';

export interface ActivityOptions {
  notifications: NotificationOptions;
  campaign: CampaignActivityOptions;
  reports?: ReportLimits;
}

/** All activities, bound to the system of record. Workflows import only this factory's type. */
export function createActivities(db: Database, options: ActivityOptions) {
  const delivery = createRowDelivery(db, options.notifications);
  const relay = createOutboxRelay(db, delivery);
  return {
    ...createTransitionActivities(db, { publicUrl: options.notifications.publicUrl, outbox: { delivery, relay } }),
    ...createEscalationActivities(db),
    ...createSupportActivities(db),
    ...createNotificationActivities(db, options.notifications, delivery),
    ...createCampaignActivities(db, options.campaign),
    ...createReportActivities(db, {
      smtpUrl: options.notifications.smtpUrl,
      from: options.notifications.from,
      temporalClient: options.campaign.client,
      publicUrl: options.notifications.publicUrl,
      ...options.reports,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
