// Yearly official holiday schedules for civil servants (công chức, viên chức), kept as data because
// date-holidays only knows the statutory days: not the Tết layout, the 2/9 adjacent day, the nghỉ bù
// or the swaps with make-up Saturdays. Each entry is one announced break, copied literally.
// Add an entry only from the published text (Government Office letter or the ministry's notice).

export interface OfficialBreak {
  /** First and last local date of the announced break, inclusive ('YYYY-MM-DD'). */
  from: string;
  to: string;
  /** Weekend days that become working days to make up for the break (ngày làm bù). */
  makeUpDays: string[];
  /** The official text this is copied from. */
  source: string;
}

// Every weekday inside a break is a day off. Public holidays inside a break that fall on a weekend
// are already compensated by the break itself, so the generic nghỉ bù rule skips them.
export const OFFICIAL_BREAKS: readonly OfficialBreak[] = [
  // 2024
  {
    from: '2024-02-08',
    to: '2024-02-14',
    makeUpDays: [],
    source:
      'Tết 2024: Government Office letter 8662/VPCP-KGVX of 03/11/2023 (PM approval): ' +
      'off Thu 08/02/2024 through Wed 14/02/2024 (5 Tết days + 2 days of nghỉ bù for Sat/Sun 10–11/02)',
  },
  {
    from: '2024-04-27',
    to: '2024-05-01',
    makeUpDays: ['2024-05-04'],
    source:
      '30/4–1/5/2024: Government Office letter 2450/VPCP-KGVX of 12/04/2024: Mon 29/04/2024 swapped, ' +
      'off Sat 27/04 through Wed 01/05/2024, make-up working day Sat 04/05/2024',
  },
  {
    from: '2024-08-31',
    to: '2024-09-03',
    makeUpDays: [],
    source:
      'National Day 2024: Government Office letter 8662/VPCP-KGVX of 03/11/2023: ' +
      'off Sat 31/08 through Tue 03/09/2024 (02/9 + adjacent day 03/9)',
  },
  // 2025
  {
    from: '2025-01-25',
    to: '2025-02-02',
    makeUpDays: [],
    source:
      'Tết 2025: Government Office letter 8726/VPCP-KGVX of 26/11/2024 and MOLISA notice ' +
      '6150/TB-LĐTBXH (2024): off Sat 25/01/2025 through Sun 02/02/2025 (9 days, no make-up day)',
  },
  {
    from: '2025-04-30',
    to: '2025-05-04',
    makeUpDays: ['2025-04-26'],
    source:
      '30/4–1/5/2025: MOLISA notice 6150/TB-LĐTBXH (2024) after 8726/VPCP-KGVX: Fri 02/05/2025 ' +
      'swapped with Sat 26/04/2025, off Wed 30/04 through Sun 04/05/2025',
  },
  {
    from: '2025-08-30',
    to: '2025-09-02',
    makeUpDays: [],
    source:
      'National Day 2025: MOLISA notice 6150/TB-LĐTBXH (2024): off Sat 30/08 through ' +
      'Tue 02/09/2025 (02/9 + adjacent day 01/9)',
  },
  // 2026
  {
    from: '2026-01-01',
    to: '2026-01-04',
    makeUpDays: ['2026-01-10'],
    source:
      'New Year 2026: Government Office letter 12729/VPCP-KGVX of 25/12/2025: Fri 02/01/2026 ' +
      'swapped with Sat 10/01/2026, off Thu 01/01 through Sun 04/01/2026',
  },
  {
    from: '2026-02-14',
    to: '2026-02-22',
    makeUpDays: [],
    source:
      'Tết 2026: Ministry of Home Affairs schedule as approved (press reports; letter number not ' +
      'verified): off Sat 14/02 through Sun 22/02/2026 = Tết Mon 16–Fri 20/02 + two weekends, no swap',
  },
  // Left out, not confirmed: the adjacent day of 2/9/2026 (and any swap around it); 24/11 "Vietnam
  // Culture Day", planned as a paid holiday (Resolution 80-NQ/TW, 30/NQ-CP) but needing a Labour Code
  // amendment. Giỗ Tổ 2026 (Sun 26/04) needs no entry: the generic nghỉ bù rule gives Mon 27/04/2026.
];
