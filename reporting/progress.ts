import { localDay, shiftDay } from '../domain/working-days';
import type { ProgressPoint } from './model';

// Progress over time from the audit trail: per local day, how many agencies had submitted for the
// first time and how many had been accepted, cumulated. One point per calendar day, so the curve
// shows the flat Tết days too.

export interface FirstEvent {
  assignmentId: string;
  action: string;
  at: Date;
}

const MAX_DAYS = 3 * 366;

export function progressSeries(events: FirstEvent[], from: Date, at: Date): ProgressPoint[] {
  const lastDay = localDay(at);
  const perDay = new Map<string, { submitted: number; accepted: number }>();
  let firstDay = localDay(from);
  for (const event of events) {
    if (event.at.getTime() > at.getTime()) continue; // after the report's instant
    const day = localDay(event.at);
    if (day < firstDay) firstDay = day;
    const counts = perDay.get(day) ?? { submitted: 0, accepted: 0 };
    if (event.action === 'submit') counts.submitted += 1;
    else if (event.action === 'accept') counts.accepted += 1;
    perDay.set(day, counts);
  }
  if (firstDay > lastDay) return [];
  // A stray old date must not produce a huge chart: earlier days fold into the first point.
  const floor = shiftDay(lastDay, -MAX_DAYS);
  if (firstDay < floor) firstDay = floor;
  let submitted = 0;
  let accepted = 0;
  for (const [day, counts] of perDay) {
    if (day >= firstDay) continue;
    submitted += counts.submitted;
    accepted += counts.accepted;
  }
  const points: ProgressPoint[] = [];
  for (let day = firstDay; day <= lastDay; day = shiftDay(day, 1)) {
    const counts = perDay.get(day);
    submitted += counts?.submitted ?? 0;
    accepted += counts?.accepted ?? 0;
    points.push({ day, submitted, accepted });
  }
  return points;
}
