import { submitDeliveryInputSchema } from '../../workflows/agency/messages';
import { AGENCY_UPDATES } from '../../workflows/agency/actions';
import { submitDelivery } from '../deliveries/submit-delivery';
import { deliverTableFile } from '../deliveries/table-file';
import { receiveFile } from '../files/upload';
import { prepare } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { agencyParams } from './resources';

// A delivery of the campaign's declared deliverable through the API (the portal's form sends the same).

export function registerDeliveryRoutes(app: TypedApp, context: RouteContext): void {
  const { path, summary } = AGENCY_UPDATES.deliver.route!;
  app.post(
    `/api/v1/campaigns/:campaignId/agencies/:agencyCode${path}`,
    {
      bodyLimit: BODY_LIMITS.list,
      schema: {
        summary,
        tags: ['Cơ quan'],
        params: agencyParams,
        body: submitDeliveryInputSchema,
      },
    },
    (request) => submitDelivery(context, request, request.params, request.body),
  );

  app.post(
    `/api/v1/campaigns/:campaignId/agencies/:agencyCode${path}/file`,
    {
      schema: {
        summary:
          'Nộp (hoặc nộp lại) bảng chiến dịch khai báo từ tệp .xlsx (theo tệp mẫu), .csv hoặc .json (multipart, trường "file").',
        description: 'Tệp có lỗi: 400, issues liệt kê mọi lỗi (trang, dòng, cột, cách sửa), không có gì được nộp.',
        tags: ['Cơ quan'],
        params: agencyParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (request) => {
      // Who asks is checked before the file is read.
      const acting = await prepare(context, request, 'deliver', request.params);
      const file = await receiveFile(request);
      return deliverTableFile(context, request, request.params, acting, { fileName: file.name, buffer: file.content });
    },
  );
}
