import { z } from 'zod';
import { audited, prepare } from '../act';
import { attachmentDisposition } from '../files/content-disposition';
import { findDeliveryFile } from '../files/delivery-files';
import { FileStore, SHA256_PATTERN } from '../../shared/file-store';
import { acceptUpload, receiveFile } from '../files/upload';
import { declaredFileField, refuseForField } from '../files/field-upload';
import { refuseClosedUploads } from '../files/upload-guard';
import type { RouteContext, TypedApp } from '../http/app';
import { notFound } from '../../shared/http-errors';
import { agencyParams, findAssignment } from './resources';

// The files an agency delivers (scans, signed reports), kept outside Temporal: uploaded one at a
// time, each answered with the FileRef a delivery then names; downloaded by whoever may read that
// agency's page. The person's right over the agency is checked before a byte of the file is read.

const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode/files';

const fileRef = z.object({
  sha256: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
});

const uploadQuery = z.object({
  field: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Khóa (key) của trường tệp trong sản phẩm khai báo: tệp được kiểm tra theo giới hạn và loại của trường đó trước khi lưu.',
    ),
});

const fileParams = agencyParams.extend({
  sha256: z
    .string()
    .regex(
      SHA256_PATTERN,
      'Mã tệp (sha256) phải gồm đúng 64 chữ số hệ 16 viết thường (0-9, a-f). Cách sửa: dùng mã sha256 mà lần tải tệp lên đã trả về.',
    ),
});

export function registerDeliveryFileRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  const store = new FileStore(context.config.filesDir);

  app.post(
    base,
    {
      schema: {
        summary:
          'Tải lên một tệp cho sản phẩm của cơ quan (multipart, trường "file"); trả về mã sha256 để đính kèm khi nộp.',
        description:
          'Loại tệp theo nội dung (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG), không theo đuôi tên. Cùng một tệp tải lại: cùng mã, giữ tên của lần đầu.',
        tags,
        params: agencyParams,
        querystring: uploadQuery,
        consumes: ['multipart/form-data'],
        response: { 200: fileRef },
      },
    },
    async (request) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      const acting = await prepare(context, request, 'uploadFile', scope);
      await findAssignment(db, scope.campaignId, scope.agencyCode);
      return audited(context, request, acting, 'uploadFile', scope, async () => {
        await refuseClosedUploads(db, scope);
        const field = request.query.field && (await declaredFileField(db, scope.campaignId, request.query.field));
        const received = await receiveFile(request);
        if (field) refuseForField(field, received);
        const { file } = await acceptUpload(db, store, scope, {
          ...received,
          uploadedBy: acting.principal.person.id,
          uploadedAt: context.now(),
        });
        return file;
      });
    },
  );

  app.get(
    `${base}/:sha256`,
    {
      schema: {
        summary: 'Tải về một tệp cơ quan đã tải lên, dưới tên gốc.',
        tags,
        params: fileParams,
      },
    },
    async (request, reply) => {
      const { campaignId, agencyCode, sha256 } = request.params;
      const scope = { campaignId, agencyCode };
      const acting = await prepare(context, request, 'downloadFile', scope);
      return audited(context, request, acting, 'downloadFile', scope, async () => {
        const file = await findDeliveryFile(db, scope, sha256);
        if (!file)
          throw notFound(
            `Cơ quan ${agencyCode} chưa tải lên tệp có mã ${sha256} trong chiến dịch ${campaignId}. Cách sửa: kiểm tra lại mã tệp (sha256) trong bản nộp của cơ quan.`,
          );
        const stored = store.open(sha256);
        // Recorded but not in the store: the store was lost or restored without its files.
        if (!stored)
          throw new Error(`file store ${context.config.filesDir} lacks ${sha256}, recorded for ${agencyCode}`);
        return reply
          .header('content-type', file.type)
          .header('content-length', String(stored.size))
          .header('content-disposition', attachmentDisposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(stored.stream);
      });
    },
  );
}
