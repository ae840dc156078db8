import {
  announcementProblems,
  announcementsInForce,
  calendarAtVersion,
  calendarDays,
  changeBetween,
  latestVersion,
  type Announcement,
} from '../../domain/calendar/announcements';
import { applyCalendarChange } from '../../domain/calendar-change';
import { buildVietnamCalendar } from '../../domain/calendar/vietnam';
import {
  addWorkingDays,
  checkWithinCalendar,
  countWorkingDays,
  isWorkingDay,
  workingDaysBefore,
} from '../../domain/working-days';

// The calendar as versioned data, and working-day arithmetic across Tết 2027 (first day Sat
// 06/02/2027) and National Day 2026 (Wed 02/9, with the adjacent day announced as Tue 01/9).

const vn = (text: string) => new Date(`${text}+07:00`);
const end = (day: string) => new Date(`${day}T23:59:59.999+07:00`).toISOString();

// As the first migration stores it (version 2).
const NATIONAL_DAY_2026: Announcement = {
  version: 2,
  basis: 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ',
  daysOff: ['2026-09-01'],
  workingDays: [],
};

describe('Tết 2027 on the law calendar', () => {
  const calendar = buildVietnamCalendar(2027, 2027);

  it('is off from the eve Fri 05/02 through Thu 11/02/2027 (weekend Tết days made up on Wed–Thu)', () => {
    expect(calendar.holidays.filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    expect(isWorkingDay('2027-02-04', calendar)).toBe(true);
    expect(isWorkingDay('2027-02-12', calendar)).toBe(true);
  });

  it('counts working days across it', () => {
    // Returned Thu 04/02/2027: 3 working days are Fri 12, Mon 15, Tue 16/02.
    expect(addWorkingDays(vn('2027-02-04T10:00:00'), 3, calendar).toISOString()).toBe(end('2027-02-16'));
    // A reminder 1 working day before Fri 12/02 goes on Thu 04/02, before the break.
    expect(workingDaysBefore(new Date(end('2027-02-12')), 1, calendar).toISOString()).toBe(
      vn('2027-02-04T08:00:00').toISOString(),
    );
    expect(countWorkingDays(vn('2027-02-01T09:00:00'), vn('2027-02-19T09:00:00'), calendar)).toBe(9);
  });

  it('moves with a make-up Saturday announced later, and back when it is withdrawn', () => {
    const announced: Announcement = { version: 2, basis: 'Thông báo 1/TB', daysOff: [], workingDays: ['2027-02-13'] };
    const v2 = calendarAtVersion(calendar, [announced], 2);
    expect(addWorkingDays(vn('2027-02-04T10:00:00'), 3, v2).toISOString()).toBe(end('2027-02-15'));
    const withdrawn: Announcement = { version: 3, basis: 'Thông báo 2/TB', daysOff: [], workingDays: [], corrects: 2 };
    expect(changeBetween(calendar, [announced, withdrawn], 2, 3)).toEqual({ daysOff: ['2027-02-13'], workingDays: [] });
    expect(calendarAtVersion(calendar, [announced, withdrawn], 3)).toEqual(calendar);
  });

  it('ends at 31/12/2027: a deadline after it is refused with the bound named', () => {
    expect(() => checkWithinCalendar(vn('2028-01-03T23:59:59'), calendar, 'Thời hạn mới')).toThrow(
      'Thời hạn mới (03/01/2028) nằm ngoài lịch làm việc của chiến dịch, lịch chỉ tính đến 31/12/2027',
    );
    expect(() => checkWithinCalendar(vn('2027-12-31T23:59:59'), calendar, 'Thời hạn mới')).not.toThrow();
  });
});

describe('National Day 2026', () => {
  const law = buildVietnamCalendar(2026, 2026);

  it('the law gives Wed 02/9 only; the stored announcement adds Tue 01/9', () => {
    expect(law.holidays.filter((d) => d.startsWith('2026-09'))).toEqual(['2026-09-02']);
    const v2 = calendarAtVersion(law, [NATIONAL_DAY_2026], 2);
    expect(v2.holidays.filter((d) => d.startsWith('2026-09'))).toEqual(['2026-09-01', '2026-09-02']);
    // Returned Mon 31/08: 1 working day is Thu 03/9 (Wed 02/9 alone on the law calendar would give Tue 01/9).
    expect(addWorkingDays(vn('2026-08-31T10:00:00'), 1, law).toISOString()).toBe(end('2026-09-01'));
    expect(addWorkingDays(vn('2026-08-31T10:00:00'), 1, v2).toISOString()).toBe(end('2026-09-03'));
  });

  it('says which days are official and which computed', () => {
    const days = calendarDays(law, [NATIONAL_DAY_2026], 2).filter((d) => d.day.startsWith('2026-09'));
    expect(days).toEqual([
      { day: '2026-09-01', working: false, source: 'announcement', version: 2, basis: NATIONAL_DAY_2026.basis },
      { day: '2026-09-02', working: false, source: 'law' },
    ]);
  });
});

describe('versions', () => {
  const law = buildVietnamCalendar(2026, 2026);
  const v3: Announcement = { version: 3, basis: 'Thông báo 3/TB', daysOff: ['2026-12-24'], workingDays: [] };
  const v4: Announcement = {
    version: 4,
    basis: 'Thông báo 4/TB (đính chính 3/TB)',
    daysOff: ['2026-12-31'],
    workingDays: [],
    corrects: 3,
  };
  const all = [NATIONAL_DAY_2026, v3, v4];

  it('a correction replaces the version it names', () => {
    expect(latestVersion(all)).toBe(4);
    expect(latestVersion([])).toBe(1);
    expect(announcementsInForce(all, 3).map((a) => a.version)).toEqual([2, 3]);
    expect(announcementsInForce(all, 4).map((a) => a.version)).toEqual([2, 4]);
    expect(changeBetween(law, all, 3, 4)).toEqual({ daysOff: ['2026-12-31'], workingDays: ['2026-12-24'] });
    expect(changeBetween(law, all, 1, 4)).toEqual({ daysOff: ['2026-09-01', '2026-12-31'], workingDays: [] });
  });

  it('applying a change sets each day whatever kind of day it is', () => {
    const withSaturday = applyCalendarChange(law, { daysOff: [], workingDays: ['2026-12-26'] });
    expect(isWorkingDay('2026-12-26', withSaturday)).toBe(true);
    const back = applyCalendarChange(withSaturday, { daysOff: ['2026-12-26'], workingDays: ['2026-09-02'] });
    expect(isWorkingDay('2026-12-26', back)).toBe(false);
    expect(isWorkingDay('2026-09-02', back)).toBe(true);
    expect(back.coversUntil).toBe('2026-12-31');
  });

  it('refuses bad announcements with the field and the fix', () => {
    expect(announcementProblems({ daysOff: ['2026-09-05'], workingDays: ['2026-09-07'], basis: ' ' }, all)).toEqual([
      'Căn cứ pháp lý (basis): cần nêu số, ngày văn bản thông báo nghỉ hoặc làm bù.',
      'daysOff: 05/09/2026 là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ.',
      'workingDays: ngày làm bù 07/09/2026 phải là thứ Bảy hoặc Chủ nhật.',
    ]);
    expect(announcementProblems({ daysOff: ['2026-02-30'], workingDays: [], basis: 'x' }, all)).toEqual([
      'daysOff: "2026-02-30" không phải một ngày có thật dạng YYYY-MM-DD.',
    ]);
    expect(announcementProblems({ daysOff: [], workingDays: [], basis: 'x', corrects: 3 }, all)).toEqual([
      'corrects: phiên bản 3 đã được đính chính bởi phiên bản 4; đính chính phiên bản 4.',
    ]);
    expect(announcementProblems({ daysOff: [], workingDays: [], basis: 'x', corrects: 9 }, all)).toEqual([
      'corrects: không có thông báo phiên bản 9 để đính chính.',
    ]);
    expect(announcementProblems({ daysOff: [], workingDays: [], basis: 'x' }, all)).toEqual([
      'Thông báo cần ít nhất một ngày nghỉ (daysOff) hoặc ngày làm bù (workingDays).',
    ]);
  });
});
