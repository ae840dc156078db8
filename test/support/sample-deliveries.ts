// A complete monthly report on the handling of administrative procedures, as an agency delivers it
// for campaigns/bao-cao-thang-12-2026-TTHC.yaml: every indicator adds up, the signed PDF attached.

export const MONTHLY_REPORT = {
  fields: {
    'danh-gia-chung': 'Trong kỳ, các cơ quan tiếp nhận và giải quyết hồ sơ đúng quy trình.',
    'ho-so': {
      HS01: { 'ky-nay': 130, 'luy-ke': 1500 },
      HS02: { 'ky-nay': 10, 'luy-ke': 100 },
      HS03: { 'ky-nay': 120, 'luy-ke': 1400 },
      HS04: { 'ky-nay': 90, 'luy-ke': 1000 },
      HS05: { 'ky-nay': 110, 'luy-ke': 1450 },
      HS06: { 'ky-nay': 5, 'luy-ke': 35 },
      HS07: { 'ky-nay': 15, 'luy-ke': 15 },
    },
    'co-ho-so-qua-han-chua-xin-loi': false,
    'so-van-ban': '125/BC-STP',
    'ngay-van-ban': '15/12/2026',
    'ban-ky': [{ sha256: 'a'.repeat(64), name: 'bao-cao-thang-12.pdf', type: 'application/pdf', size: 250_000 }],
  },
};

/** The monthly report's indicators as [this period, year to date] by code, `changed` ones replaced. */
export function monthlyReportCells(changed: Record<string, [number, number]> = {}): Record<string, [number, number]> {
  const cells = Object.entries(MONTHLY_REPORT.fields['ho-so']).map(([code, cell]): [string, [number, number]] => [
    code,
    changed[code] ?? [cell['ky-nay'], cell['luy-ke']],
  ]);
  return Object.fromEntries(cells);
}

/** Every cell filled, HS01 one more than HS02 + HS03 in this period: the sum rule refuses it. */
export const MONTHLY_REPORT_OFF_BY_ONE = monthlyReportCells({ HS01: [131, 1500] });
