import { setTimeout as sleep } from 'node:timers/promises';
import type { CampaignDefinition } from '../../campaign-files/campaign-definition';
import { sampleCampaign } from './sample-campaign';

const CLOSES_AFTER_MS = 15_000;

/**
 * A sample campaign whose submission deadline passes seconds after its launch (the launch refuses one
 * already past). `arm()` sets the deadline just before each database's launch; `closed()` waits until
 * a second past it.
 */
export function closingCampaign(overrides: Partial<CampaignDefinition> = {}) {
  const definition = sampleCampaign({
    deadlines: {
      submission: new Date(Date.now() + CLOSES_AFTER_MS).toISOString(),
      approval: new Date(Date.now() + 40 * 86_400_000).toISOString(),
    },
    ...overrides,
  });
  return {
    definition,
    arm(): void {
      definition.deadlines.submission = new Date(Date.now() + CLOSES_AFTER_MS).toISOString();
    },
    async closed(): Promise<void> {
      await sleep(Math.max(0, Date.parse(definition.deadlines.submission) + 1_000 - Date.now()));
    },
  };
}
