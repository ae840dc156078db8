import type { AgencyList } from '../../domain/agency-list';

// A realistic list from Sở Tư pháp: two procedures, documents of each Article 4 kind.
export const justiceDepartmentList: AgencyList = {
  procedures: [
    {
      code: '1.001612.000.00.00.H48',
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
      field: 'Lý lịch tư pháp',
      documents: [
        {
          name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
          kind: 'thanh_phan_ho_so',
          basis: 'Luật Lý lịch tư pháp 2009',
        },
        { name: 'Phiếu lý lịch tư pháp số 1', kind: 'ket_qua' },
      ],
    },
    {
      code: '1.002421',
      name: 'Đăng ký hành nghề công chứng',
      documents: [{ name: 'Ý kiến của Hội công chứng viên tỉnh', kind: 'y_kien', note: 'Khi có yêu cầu' }],
    },
  ],
};
