import type { CampaignDefinition } from './campaign-definition';
import type { ClockSpec } from './clock';
import { formatDateTime } from './time';
import { deliverableOf } from './deliverables/declaration';

// What a re-launch of a campaign may not change, and a rehearsal's clock. Pure: the launcher
// (server/launch/launch-campaign.ts) asks these before it writes or starts anything.

/** JSON with sorted keys: PostgreSQL's jsonb does not keep the order keys were written in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Fields the running workflows were started with that `next` changes, as `field: "before" → "after"`. */
export function relaunchChanges(stored: unknown, next: CampaignDefinition): string[] {
  const before = (stored ?? {}) as Partial<CampaignDefinition>;
  const pairs: [string, unknown, unknown][] = [
    ['reviewer.name', before.reviewer?.name, next.reviewer.name],
    ['approver.name', before.approver?.name, next.approver.name],
    ['serviceCenter.name', before.serviceCenter?.name, next.serviceCenter.name],
    [
      'deadlines.submission',
      before.deadlines?.submission && Date.parse(before.deadlines.submission),
      Date.parse(next.deadlines.submission),
    ],
    [
      'deadlines.approval',
      before.deadlines?.approval && Date.parse(before.deadlines.approval),
      Date.parse(next.deadlines.approval),
    ],
    ['calendar', before.calendar, next.calendar],
    ['policy', stableJson(before.policy), stableJson(next.policy)],
  ];
  const show = (field: string, value: unknown) =>
    field.startsWith('deadlines.') && typeof value === 'number' ? formatDateTime(new Date(value)) : String(value);
  const changes = pairs
    .filter(([, a, b]) => a !== b)
    .map(([field, a, b]) => `${field}: "${show(field, a)}" → "${show(field, b)}"`);
  // Agencies may have delivered against the declaration; a file that declares none meant Article 4.
  const [was, is] = [deliverableOf(before.deliverable), deliverableOf(next.deliverable)];
  if (stableJson(was) !== stableJson(is))
    changes.push(
      `deliverable: "${was.title}" → "${is.title === was.title ? `${is.title} (khai báo đã sửa)` : is.title}"`,
    );
  return changes;
}

/** A rehearsal's clock: campaign time starts at 08:00 on the directive's day, compressed. */
export function drillClock(definition: CampaignDefinition, secondsPerDay: number, now: Date): Required<ClockSpec> {
  return {
    secondsPerDay,
    simulatedStart: new Date(`${definition.directive.date}T08:00:00+07:00`).toISOString(),
    realStart: now.toISOString(),
  };
}
