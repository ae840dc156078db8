import { OFFICIAL_BREAKS } from '../../domain/calendar/adjustments';
import { buildVietnamCalendar, publicHolidayDays, vietnamCalendarFor } from '../../domain/calendar/vietnam';
import {
  addWorkingDays,
  countWorkingDays,
  endOfDay,
  isWeekend,
  isWorkingDay,
  workingDaysBefore,
} from '../../domain/working-days';

const days = (year: number) => publicHolidayDays(year).map((h) => h.day);

describe('statutory public holidays from date-holidays (VN)', () => {
  it('has Tết on the Vietnamese lunar calendar, as 5 days from the eve', () => {
    expect(days(2024)).toEqual(
      expect.arrayContaining(['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13']),
    );
    expect(days(2024)).not.toContain('2024-02-14');
    expect(days(2025)).toEqual(expect.arrayContaining(['2025-01-28', '2025-01-29', '2025-02-01']));
    expect(days(2026)).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-02-20']));
    expect(days(2027)).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-06', '2027-02-09']));
  });

  it('has Giỗ Tổ (lunar 10/3), 30/4, 1/5, 1/1 and 2/9 without its adjacent day', () => {
    expect(days(2024)).toEqual([
      '2024-01-01',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-04-18',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
    ]);
    expect(days(2026)).toContain('2026-04-26');
    expect(days(2025)).toContain('2025-04-07');
  });

  it('keeps only public days (observances such as 8/3 are not days off)', () => {
    expect(days(2024)).not.toContain('2024-03-08');
    expect(days(2024)).toHaveLength(10);
  });
});

describe('official breaks data', () => {
  it('is well formed: from <= to, make-up days on weekends, a source each', () => {
    for (const b of OFFICIAL_BREAKS) {
      expect(b.from <= b.to).toBe(true);
      for (const d of b.makeUpDays) expect(isWeekend(d)).toBe(true);
      expect(b.source.length).toBeGreaterThan(20);
    }
  });
});

describe('buildVietnamCalendar', () => {
  it('2024: Tết 08/02–14/02, 30/4 swap with Sat 04/05, 2/9 + 3/9', () => {
    expect(buildVietnamCalendar(2024, 2024)).toEqual({
      holidays: [
        '2024-01-01',
        '2024-02-08',
        '2024-02-09',
        '2024-02-12',
        '2024-02-13',
        '2024-02-14',
        '2024-04-18',
        '2024-04-29',
        '2024-04-30',
        '2024-05-01',
        '2024-09-02',
        '2024-09-03',
      ],
      workingWeekendDays: ['2024-05-04'],
      coversUntil: '2024-12-31',
    });
  });

  it('2025: Tết 25/01–02/02 without extra nghỉ bù, 30/4 swap with Sat 26/04, 1/9 + 2/9', () => {
    expect(buildVietnamCalendar(2025, 2025)).toEqual({
      holidays: [
        '2025-01-01',
        '2025-01-27',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-04-07',
        '2025-04-30',
        '2025-05-01',
        '2025-05-02',
        '2025-09-01',
        '2025-09-02',
      ],
      workingWeekendDays: ['2025-04-26'],
      coversUntil: '2025-12-31',
    });
    // The official break already compensates Sat 01/02 (a Tết day): Mon 03/02 is a working day.
    expect(isWorkingDay('2025-02-03', buildVietnamCalendar(2025, 2025))).toBe(true);
  });

  it('2026: New Year swap, Tết 16–20/02, Giỗ Tổ on Sunday 26/04 gives Monday 27/04 off', () => {
    const cal = buildVietnamCalendar(2026, 2026);
    expect(cal.holidays).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-01-02',
        '2026-02-16',
        '2026-02-20',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-09-02',
      ]),
    );
    expect(cal.holidays).not.toContain('2026-04-26'); // the list holds weekdays only
    expect(cal.holidays).not.toContain('2026-02-23');
    expect(cal.workingWeekendDays).toEqual(['2026-01-10']);
    expect(isWorkingDay('2026-04-27', cal)).toBe(false);
    expect(isWorkingDay('2026-04-28', cal)).toBe(true);
  });

  it('applies art. 112(3) nghỉ bù in years without official data (2027)', () => {
    const cal = buildVietnamCalendar(2027, 2027);
    // Tết eve Fri 05/02 to Tue 09/02; Sat 06 + Sun 07 are compensated on Wed 10 and Thu 11.
    expect(cal.holidays).toEqual(
      expect.arrayContaining(['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']),
    );
    expect(cal.holidays).not.toContain('2027-02-12');
    // 1/5/2027 is a Saturday: Monday 03/05 off.
    expect(cal.holidays).toContain('2027-05-03');
  });

  it('only returns days inside the requested years', () => {
    const cal = buildVietnamCalendar(2025, 2026);
    expect(cal.holidays.every((d) => d >= '2025-01-01' && d <= '2026-12-31')).toBe(true);
    expect(cal.holidays).toContain('2025-01-27');
    expect(cal.holidays).toContain('2026-04-27');
    expect(cal.holidays).not.toContain('2024-02-08');
    expect(() => buildVietnamCalendar(2026, 2025)).toThrow(RangeError);
  });
});

describe('vietnamCalendarFor', () => {
  it('covers the earliest deadline year through the latest + 1, in local years', () => {
    // 2024-12-31T17:30Z is already 01/01/2025 local.
    const cal = vietnamCalendarFor([new Date('2024-12-31T17:30:00Z'), new Date('2025-06-01T00:00:00Z')]);
    expect(cal.holidays[0]).toBe('2025-01-01');
    expect(cal.holidays).toContain('2026-04-27');
    expect(cal.holidays.some((d) => d.startsWith('2027'))).toBe(false);
    expect(() => vietnamCalendarFor([])).toThrow(RangeError);
  });
});

describe('deadlines on the real 2024 calendar', () => {
  const cal = vietnamCalendarFor([new Date('2024-03-05T00:00:00+07:00')]);
  const signed = new Date('2024-02-07T15:00:00+07:00'); // letter 751, last working day before Tết

  it('letter 751: 14 working days from 07/02/2024 to 05/03/2024', () => {
    expect(countWorkingDays(signed, new Date('2024-03-05T09:00:00+07:00'), cal)).toBe(14);
    expect(addWorkingDays(signed, 14, cal)).toEqual(endOfDay('2024-03-05'));
    expect(addWorkingDays(signed, 3, cal)).toEqual(endOfDay('2024-02-19'));
  });

  it('reminders before 04/03/2024 23:59:59+07:00', () => {
    const deadline = new Date('2024-03-04T23:59:59+07:00');
    expect(workingDaysBefore(deadline, 3, cal).toISOString()).toBe('2024-02-28T01:00:00.000Z');
    expect(workingDaysBefore(deadline, 1, cal).toISOString()).toBe('2024-03-01T01:00:00.000Z');
  });
});
