import {
  WORK_CALENDAR_NONE,
  addWorkingDays,
  countWorkingDays,
  endOfDay,
  isWorkingDay,
  localDay,
  shiftDay,
  moveToWorkingDayEnd,
  startOfWorkingDay,
  workingDaysBefore,
  workingDaysLate,
  type WorkCalendar,
} from '../../domain/working-days';

// Hand-written 2024 civil-service calendar (what shared/calendar/vietnam.ts derives for 2024), so
// these tests check the arithmetic alone, without date-holidays.
const VN_2024: WorkCalendar = {
  holidays: [
    '2024-01-01',
    '2024-02-08',
    '2024-02-09',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14', // Tết: off Thu 08/02–Wed 14/02
    '2024-04-18', // Giỗ Tổ
    '2024-04-29',
    '2024-04-30',
    '2024-05-01', // Mon 29/04 swapped with Sat 04/05
    '2024-09-02',
    '2024-09-03',
  ],
  workingWeekendDays: ['2024-05-04'],
};

const at = (iso: string) => new Date(iso);

describe('local dates at UTC+7', () => {
  it('maps instants near midnight UTC to the right local day', () => {
    expect(localDay(at('2024-03-04T17:30:00Z'))).toBe('2024-03-05'); // 00:30 on 05/03 local
    expect(localDay(at('2024-03-04T16:59:59.999Z'))).toBe('2024-03-04');
    expect(localDay(at('2024-03-04T17:00:00Z'))).toBe('2024-03-05');
    expect(localDay(at('2024-03-04T23:59:59+07:00'))).toBe('2024-03-04');
    expect(localDay(at('2023-12-31T17:00:00Z'))).toBe('2024-01-01');
  });

  it('ends a day at 24:00 local and starts office hours at 08:00', () => {
    expect(endOfDay('2024-03-04').toISOString()).toBe('2024-03-04T16:59:59.999Z');
    expect(startOfWorkingDay('2024-03-04').toISOString()).toBe('2024-03-04T01:00:00.000Z');
    expect(startOfWorkingDay('2024-03-04', 14).toISOString()).toBe('2024-03-04T07:00:00.000Z');
    expect(endOfDay('2024-02-29').toISOString()).toBe('2024-02-29T16:59:59.999Z');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => endOfDay('2024-2-9')).toThrow(RangeError);
    expect(() => endOfDay('2023-02-29')).toThrow(RangeError);
    expect(() => localDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => addWorkingDays(at('2024-03-04T10:00:00+07:00'), -1, WORK_CALENDAR_NONE)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('knows weekends, holidays and make-up Saturdays', () => {
    expect(isWorkingDay('2024-02-07', VN_2024)).toBe(true); // Wed before Tết
    expect(isWorkingDay('2024-02-08', VN_2024)).toBe(false);
    expect(isWorkingDay('2024-02-15', VN_2024)).toBe(true); // Thu after Tết
    expect(isWorkingDay('2024-03-09', VN_2024)).toBe(false); // Saturday
    expect(isWorkingDay('2024-05-04', VN_2024)).toBe(true); // make-up Saturday
    expect(isWorkingDay('2024-05-04', WORK_CALENDAR_NONE)).toBe(false);
  });
});

describe('addWorkingDays (Civil Code arts. 147–148)', () => {
  const signed = at('2024-02-07T15:00:00+07:00'); // letter 751: the last working day before Tết 2024

  it('skips the first day and ends at 24:00 of the n-th working day, across Tết 2024', () => {
    // 15/02 (1), 16/02 (2), weekend, Mon 19/02 (3)
    expect(addWorkingDays(signed, 3, VN_2024)).toEqual(endOfDay('2024-02-19'));
    expect(addWorkingDays(signed, 1, VN_2024)).toEqual(endOfDay('2024-02-15'));
    // Without holidays the same count would end on Mon 12/02.
    expect(addWorkingDays(signed, 3, WORK_CALENDAR_NONE)).toEqual(endOfDay('2024-02-12'));
  });

  it('gives 14 working days from the signing on 07/02/2024 to 05/03/2024', () => {
    // Working days after 07/02: 15–16/02 (2), 19–23/02 (5), 26/02–01/03 (5), 04/03, 05/03 (2) = 14.
    // "Before 05/03" (through 04/03) is 13 of them.
    expect(countWorkingDays(signed, at('2024-03-05T10:00:00+07:00'), VN_2024)).toBe(14);
    expect(addWorkingDays(signed, 14, VN_2024)).toEqual(endOfDay('2024-03-05'));
    expect(addWorkingDays(signed, 13, VN_2024)).toEqual(endOfDay('2024-03-04'));
    expect(addWorkingDays(signed, 13, VN_2024).toISOString()).toBe('2024-03-04T16:59:59.999Z');
  });

  it('counts from the local day, even when the UTC date is the previous day', () => {
    // 2024-03-04T17:30Z is 00:30 on Tue 05/03 local: the first counted day is Wed 06/03.
    expect(addWorkingDays(at('2024-03-04T17:30:00Z'), 1, VN_2024)).toEqual(endOfDay('2024-03-06'));
    expect(addWorkingDays(at('2024-03-04T16:30:00Z'), 1, VN_2024)).toEqual(endOfDay('2024-03-05'));
  });

  it('counts a make-up Saturday as a working day', () => {
    // From Fri 26/04/2024: 27–28 weekend, 29/04–01/05 off, Thu 02/05 (1), Fri 03/05 (2), Sat 04/05 (3)
    const from = at('2024-04-26T09:00:00+07:00');
    expect(addWorkingDays(from, 1, VN_2024)).toEqual(endOfDay('2024-05-02'));
    expect(addWorkingDays(from, 3, VN_2024)).toEqual(endOfDay('2024-05-04'));
    expect(addWorkingDays(from, 4, VN_2024)).toEqual(endOfDay('2024-05-06'));
  });

  it('n = 0 ends the same day if working, else the next working day', () => {
    expect(addWorkingDays(at('2024-03-04T10:00:00+07:00'), 0, VN_2024)).toEqual(endOfDay('2024-03-04'));
    expect(addWorkingDays(at('2024-02-10T10:00:00+07:00'), 0, VN_2024)).toEqual(endOfDay('2024-02-15'));
  });
});

describe('moveToWorkingDayEnd', () => {
  it('moves a Saturday deadline to the end of Monday', () => {
    expect(moveToWorkingDayEnd(at('2024-03-09T17:00:00+07:00'), VN_2024)).toEqual(endOfDay('2024-03-11'));
    expect(moveToWorkingDayEnd(at('2024-03-09T17:00:00+07:00'), WORK_CALENDAR_NONE)).toEqual(endOfDay('2024-03-11'));
  });

  it('moves a deadline inside Tết to the end of the first working day after it', () => {
    expect(moveToWorkingDayEnd(at('2024-02-12T17:00:00+07:00'), VN_2024)).toEqual(endOfDay('2024-02-15'));
  });

  it('keeps a working-day deadline on its day, at 24:00', () => {
    expect(moveToWorkingDayEnd(at('2024-03-04T17:00:00+07:00'), VN_2024)).toEqual(endOfDay('2024-03-04'));
    expect(moveToWorkingDayEnd(at('2024-05-04T10:00:00+07:00'), VN_2024)).toEqual(endOfDay('2024-05-04'));
  });
});

describe('workingDaysBefore (reminders)', () => {
  const deadline = at('2024-03-04T23:59:59+07:00'); // Mon 04/03/2024

  it('reminds at 08:00 local 3 and 1 working days before', () => {
    // Fri 01/03 (1), Thu 29/02 (2), Wed 28/02 (3)
    expect(workingDaysBefore(deadline, 3, VN_2024).toISOString()).toBe('2024-02-28T01:00:00.000Z');
    expect(workingDaysBefore(deadline, 1, VN_2024).toISOString()).toBe('2024-03-01T01:00:00.000Z');
    expect(workingDaysBefore(deadline, 1, VN_2024, 14).toISOString()).toBe('2024-03-01T07:00:00.000Z');
    expect(workingDaysBefore(deadline, 0, VN_2024)).toEqual(startOfWorkingDay('2024-03-04'));
  });

  it('skips Tết when counting back', () => {
    // Before Mon 19/02: Fri 16/02 (1), Thu 15/02 (2), then Tết, Wed 07/02 (3)
    expect(workingDaysBefore(at('2024-02-19T23:59:59+07:00'), 3, VN_2024)).toEqual(startOfWorkingDay('2024-02-07'));
  });
});

describe('workingDaysLate', () => {
  it('is 0 on or before the deadline day', () => {
    const deadline = endOfDay('2024-03-04');
    expect(workingDaysLate(deadline, at('2024-03-04T10:00:00+07:00'), VN_2024)).toBe(0);
    expect(workingDaysLate(deadline, at('2024-03-04T16:59:59.999Z'), VN_2024)).toBe(0);
    expect(workingDaysLate(deadline, at('2024-03-01T10:00:00+07:00'), VN_2024)).toBe(0);
  });

  it('counts local days: 00:30 local on 05/03 is already one day late', () => {
    expect(workingDaysLate(endOfDay('2024-03-04'), at('2024-03-04T17:30:00Z'), VN_2024)).toBe(1);
  });

  it('does not count holidays and weekends', () => {
    // Deadline Wed 07/02/2024; Fri 16/02 is only 2 working days late (15/02, 16/02).
    expect(workingDaysLate(endOfDay('2024-02-07'), at('2024-02-16T10:00:00+07:00'), VN_2024)).toBe(2);
    expect(workingDaysLate(endOfDay('2024-02-07'), at('2024-02-14T10:00:00+07:00'), VN_2024)).toBe(0);
    // Deadline Fri 26/04/2024: 29/04–01/05 are off, so Thu 02/05 is 1 late, Sat 04/05 (make-up) 3.
    expect(workingDaysLate(endOfDay('2024-04-26'), at('2024-05-02T10:00:00+07:00'), VN_2024)).toBe(1);
    expect(workingDaysLate(endOfDay('2024-04-26'), at('2024-05-04T10:00:00+07:00'), VN_2024)).toBe(3);
  });
});

describe('countWorkingDays counts what a day-by-day walk counts', () => {
  // The definition, walked: every local day after `from`'s up to `to`'s that is a working day.
  const walk = (from: Date, to: Date, calendar: WorkCalendar) => {
    let count = 0;
    for (let d = shiftDay(localDay(from), 1); d <= localDay(to); d = shiftDay(d, 1))
      if (isWorkingDay(d, calendar)) count++;
    return count;
  };
  // A small deterministic generator, so a failure names a case that can be run again.
  let seed = 20240207;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const dayAt = (offset: number) => localDay(new Date(Date.UTC(2023, 11, 1) + offset * 86_400_000));

  test('on random ranges and calendars, with repeated, overlapping, weekend and malformed entries', () => {
    for (let c = 0; c < 40; c++) {
      const picks = (n: number) => Array.from({ length: n }, () => dayAt(Math.floor(next() * 900)));
      const holidays = picks(Math.floor(next() * 40));
      const calendar: WorkCalendar = {
        holidays: [...holidays, holidays[0] ?? '2024-01-01', '2024-2-1', 'not a day'],
        workingWeekendDays: [...picks(Math.floor(next() * 6)), ...holidays.slice(0, 2)],
      };
      for (let r = 0; r < 8; r++) {
        const from = new Date(Date.UTC(2023, 11, 1) + next() * 900 * 86_400_000);
        const to = new Date(from.getTime() + (next() * 500 - 20) * 86_400_000);
        expect([from.toISOString(), to.toISOString(), countWorkingDays(from, to, calendar)]).toEqual([
          from.toISOString(),
          to.toISOString(),
          walk(from, to, calendar),
        ]);
      }
    }
    expect(countWorkingDays(at('2024-02-07T10:00:00+07:00'), at('2024-03-05T10:00:00+07:00'), VN_2024)).toBe(
      walk(at('2024-02-07T10:00:00+07:00'), at('2024-03-05T10:00:00+07:00'), VN_2024),
    );
  });
});
