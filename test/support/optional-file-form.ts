import type { CampaignDefinition } from '../../domain/campaign-definition';

/**
 * A small declared form with an optional file field whose own limit (0,1 MB) is far below the
 * upload limit: a required text, a required whole number and an optional PDF annex.
 */
export const OPTIONAL_FILE_FORM = {
  kind: 'form',
  title: 'Báo cáo kết quả rà soát',
  sections: [
    {
      key: 'ket-qua',
      title: 'I. Kết quả',
      fields: [
        { key: 'tom-tat', label: 'Tóm tắt kết quả', type: 'text', required: true, maxLength: 200 },
        { key: 'so-ho-so', label: 'Số hồ sơ đã rà soát', type: 'integer', required: true, min: 0 },
        {
          key: 'phu-luc',
          label: 'Phụ lục (PDF)',
          type: 'file',
          required: false,
          accept: ['pdf'],
          maxSizeMB: 0.1,
          maxFiles: 1,
        },
      ],
    },
  ],
} as unknown as NonNullable<CampaignDefinition['deliverable']>;
