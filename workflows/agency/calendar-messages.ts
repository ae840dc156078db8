import { z } from 'zod';
import type { AgencyDeadlines } from '../../domain/deadlines';
import { boundedArray, boundedText } from '../../temporal/message-fields';

// A working-day calendar changed after launch (an official announcement), sent to every running
// agency workflow of the campaign; declared once.

export const changeCalendarInputSchema = z.object({
  /** The campaign's calendar version after the change: 1 is the calendar computed at launch. */
  version: z.number({ error: 'Thiếu phiên bản lịch (version).' }).int().min(2, 'Phiên bản lịch (version) phải từ 2.'),
  /** Weekdays that become days off, and weekend days that become working days (ngày làm bù). */
  daysOff: boundedArray(
    'Ngày nghỉ (daysOff)',
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày nghỉ (daysOff) phải có dạng YYYY-MM-DD.'),
  ).default([]),
  workingDays: boundedArray(
    'Ngày làm bù (workingDays)',
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày làm bù (workingDays) phải có dạng YYYY-MM-DD.'),
  ).default([]),
  basis: boundedText('Căn cứ pháp lý (basis)', 'longText', 'Thiếu căn cứ pháp lý (basis).').min(
    1,
    'Cần nêu căn cứ pháp lý (basis): số văn bản thông báo nghỉ, làm bù.',
  ),
});
export type ChangeCalendarInput = z.input<typeof changeCalendarInputSchema>;

export interface CalendarChangeReceipt {
  version: number;
  /** The deadlines before and after the change (those counted in working days may move). */
  before: AgencyDeadlines;
  after: AgencyDeadlines;
}

export { changeCalendarUpdate } from './definitions';
