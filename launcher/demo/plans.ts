import crypto from 'node:crypto';
import type { AgencyList } from '../../domain/agency-list';

// What each simulated agency does in the demo, chosen deterministically from its code so a second
// `npm start` continues the same story. Dates are campaign days after the letter (07/02/2024).

export type Behaviour = 'on-time' | 'returned-once' | 'perfunctory' | 'late' | 'silent';

export interface AgencyPlan {
  behaviour: Behaviour;
  /** Campaign day (after 07/02/2024) of the first submission; resubmissions follow returns. */
  submitDay: number;
}

function roll(code: string): number {
  return crypto.createHash('sha256').update(code).digest().readUInt32BE(0) / 0xffffffff;
}

export function planFor(code: string): AgencyPlan {
  const r = roll(code);
  const day = 8 + Math.floor(roll(`${code}:day`) * 17); // 15/02 … 03/03
  if (r < 0.6) return { behaviour: 'on-time', submitDay: day };
  if (r < 0.75) return { behaviour: 'returned-once', submitDay: day };
  if (r < 0.82) return { behaviour: 'perfunctory', submitDay: Math.min(day, 16) };
  if (r < 0.93) return { behaviour: 'late', submitDay: 28 + Math.floor(roll(`${code}:late`) * 3) }; // 06/03 … 08/03
  return { behaviour: 'silent', submitDay: Number.POSITIVE_INFINITY };
}

/** Returns the reviewer gives a version of this behaviour's list (1-based version). */
export function reviewerReturns(plan: AgencyPlan, version: number): boolean {
  if (plan.behaviour === 'returned-once') return version === 1;
  if (plan.behaviour === 'perfunctory') return version <= 2;
  return false;
}

// Illustrative procedures (codes in the national format) per level of government.
const PROCEDURES: Record<
  'province' | 'district' | 'commune',
  { code: string; name: string; documents: [string, AgencyList['procedures'][number]['documents'][number]['kind']][] }[]
> = {
  province: [
    {
      code: '1.001612',
      name: 'Cấp Phiếu lý lịch tư pháp',
      documents: [
        ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'thanh_phan_ho_so'],
        ['Phiếu lý lịch tư pháp', 'ket_qua'],
      ],
    },
    {
      code: '1.004227',
      name: 'Cấp giấy phép kinh doanh',
      documents: [
        ['Đơn đề nghị cấp giấy phép', 'thanh_phan_ho_so'],
        ['Giấy phép kinh doanh', 'ket_qua'],
      ],
    },
    {
      code: '2.000889',
      name: 'Thẩm định hồ sơ đề nghị công nhận',
      documents: [
        ['Biên bản thẩm định', 'y_kien'],
        ['Quyết định công nhận', 'ket_qua'],
      ],
    },
  ],
  district: [
    {
      code: '1.001028',
      name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu',
      documents: [
        ['Đơn đăng ký đất đai', 'thanh_phan_ho_so'],
        ['Giấy chứng nhận quyền sử dụng đất', 'ket_qua'],
      ],
    },
    {
      code: '2.000815',
      name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      documents: [
        ['Bản vẽ thiết kế xây dựng', 'thanh_phan_ho_so'],
        ['Giấy phép xây dựng', 'ket_qua'],
      ],
    },
  ],
  commune: [
    {
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      documents: [
        ['Tờ khai đăng ký khai sinh', 'thanh_phan_ho_so'],
        ['Giấy khai sinh', 'ket_qua'],
      ],
    },
    {
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      documents: [
        ['Tờ khai đăng ký kết hôn', 'thanh_phan_ho_so'],
        ['Giấy chứng nhận kết hôn', 'ket_qua'],
      ],
    },
    {
      code: '1.000656',
      name: 'Đăng ký khai tử',
      documents: [
        ['Tờ khai đăng ký khai tử', 'thanh_phan_ho_so'],
        ['Trích lục khai tử', 'ket_qua'],
      ],
    },
  ],
};

export function demoList(kind: string, version: number): AgencyList {
  const level = kind === 'commune' ? 'commune' : kind === 'district' ? 'district' : 'province';
  // Later versions add the procedures the reviewer asked for.
  const procedures = PROCEDURES[level].slice(0, Math.min(PROCEDURES[level].length, version + 1));
  return {
    procedures: procedures.map((p) => ({
      code: p.code,
      name: p.name,
      documents: p.documents.map(([name, kind]) => ({ name, kind })),
    })),
  };
}
