import type { Database } from '../prisma/database';
import { createTransitionActivities } from './transitions';

/** All activities, bound to the system of record. Workflows import only this factory's type. */
export function createActivities(db: Database) {
  return {
    ...createTransitionActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
