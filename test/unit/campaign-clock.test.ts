import { CampaignClock, campaignClockOf, campaignNow } from '../../domain/clock';

// Campaign time at a real instant: the one mapping every status, page and report reads.

const spec = { secondsPerDay: 3600, simulatedStart: '2024-02-07T01:00:00.000Z', realStart: '2026-12-07T00:00:00.000Z' };

describe('campaign time', () => {
  test('a rehearsal maps a real instant onto its compressed timeline, and back', () => {
    const real = new Date('2026-12-07T02:00:00.000Z'); // two real hours: two campaign days
    expect(campaignNow({ clock: spec }, real).toISOString()).toBe('2024-02-09T01:00:00.000Z');
    const clock = new CampaignClock(spec);
    expect(clock.realAt(clock.at(real.getTime()))).toBe(real.getTime());
  });

  test('without a clock, or with a partial one, campaign time is the real time', () => {
    const real = new Date('2026-12-07T02:00:00.000Z');
    for (const definition of [{}, null, undefined, { clock: { secondsPerDay: 4 } }, { clock: 'x' }])
      expect(campaignNow(definition, real)).toEqual(real);
    expect(campaignClockOf({}).realAt(real.getTime())).toBe(real.getTime());
  });
});
