import { CampaignClock, type ClockSpec } from '../../domain/clock';
import type { ActingPeople } from './acting-people';

/**
 * The campaign's clock as a workflow reads it: in an Update handler, now is the instant the person
 * acted (their verified proof's), so the same Update run again derives the same deadlines; elsewhere
 * it is the workflow's own time.
 */
export class ActionClock extends CampaignClock {
  constructor(
    spec: ClockSpec | undefined,
    private readonly people: ActingPeople,
  ) {
    super(spec);
  }

  override now(): number {
    return this.at(this.people.actedAt() ?? Date.now());
  }
}
