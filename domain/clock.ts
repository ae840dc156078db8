// Campaign time. Real use runs on the real clock; the demo compresses it (one day = a few seconds)
// so a whole campaign unfolds in minutes while every date shown is the letter's own.
// Pure and deterministic: it only scales the workflow's own (replay-safe) clock.

export interface ClockSpec {
  /** Real seconds per simulated day; absent means the real clock. */
  secondsPerDay?: number;
  /** The simulated instant that corresponds to `realStart`. */
  simulatedStart?: string;
  realStart?: string;
}

const DAY_MS = 86_400_000;

export class CampaignClock {
  private readonly factor: number;
  private readonly simulatedStart: number;
  private readonly realStart: number;

  constructor(spec: ClockSpec = {}) {
    const compressed =
      spec.secondsPerDay !== undefined && spec.simulatedStart !== undefined && spec.realStart !== undefined;
    this.factor = compressed ? DAY_MS / (spec.secondsPerDay! * 1000) : 1;
    this.simulatedStart = compressed ? Date.parse(spec.simulatedStart!) : 0;
    this.realStart = compressed ? Date.parse(spec.realStart!) : 0;
  }

  /** Campaign time now, in epoch milliseconds. */
  now(): number {
    return this.at(Date.now());
  }

  /** Campaign time at a real instant (epoch milliseconds): the one mapping every reader uses. */
  at(realNow: number): number {
    return this.simulatedStart + (realNow - this.realStart) * this.factor;
  }

  /** The real instant of a campaign instant: to compare campaign time with what the machine stamped. */
  realAt(campaignInstant: number): number {
    return this.realStart + (campaignInstant - this.simulatedStart) / this.factor;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  nowIso(): string {
    return this.nowDate().toISOString();
  }

  /** Real milliseconds to wait until a campaign instant. */
  realDelayUntil(campaignInstant: number): number {
    return Math.max(0, Math.ceil((campaignInstant - this.now()) / this.factor));
  }
}

/** The clock a campaign's stored definition names (`definition.clock`); the real clock without one. */
export function campaignClockOf(definition: unknown): CampaignClock {
  const spec = (definition as { clock?: ClockSpec } | null | undefined)?.clock;
  return new CampaignClock(spec && typeof spec === 'object' ? spec : {});
}

/**
 * Campaign time at the server's real `realNow`, by the campaign's stored clock: what every status,
 * lateness, dashboard figure, report date and page of a campaign reads instead of the machine's
 * clock. On the real clock it is `realNow` itself.
 */
export function campaignNow(definition: unknown, realNow: Date): Date {
  return new Date(campaignClockOf(definition).at(realNow.getTime()));
}
