import type { Database } from '../prisma/database';
import { createEscalationActivities } from './escalations';
import { createNotificationActivities, type NotificationOptions } from './notifications';
import { createSupportActivities } from './support';
import { createTransitionActivities } from './transitions';

/** All activities, bound to the system of record. Workflows import only this factory's type. */
export function createActivities(db: Database, notifications: NotificationOptions) {
  return {
    ...createTransitionActivities(db),
    ...createEscalationActivities(db),
    ...createSupportActivities(db),
    ...createNotificationActivities(db, notifications),
  };
}

export type Activities = ReturnType<typeof createActivities>;
