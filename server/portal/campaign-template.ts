import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { agenciesOf } from '../../domain/access';
import { ARTICLE_4_TABLE, deliverableDeclarationSchema, deliverableOf } from '../../domain/deliverables';
import { tableTemplate, templateFileName } from '../../deliverable-files';
import { TEMPLATE_FILE } from '../../list-files';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { notFound } from '../../shared/http-errors';
import type { RouteContext, TypedApp } from '../http/app';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { PORTAL_SECTIONS } from './navigation';

// The file an agency fills in for one campaign, as its stored definition declares: a declared table
// gets the template generated from its declaration; a campaign that declares none, or declares
// letter 751's Article 4 list, gets the shipped list template exactly as before.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROUTE = `${PORTAL_SECTIONS.agency.path}/chien-dich/:campaignId/tep-mau.xlsx`;

/** Where one campaign's template is downloaded. */
export function campaignTemplatePath(campaignId: string): string {
  return ROUTE.replace(':campaignId', encodeURIComponent(campaignId));
}

const params = z.object({ campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).').max(200) });
/** As stored: JSON, so no property is present with an undefined value. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const storedDeliverable = z.object({ deliverable: deliverableDeclarationSchema.optional() });

export function registerCampaignTemplate(app: TypedApp, context: RouteContext): void {
  app.get(ROUTE, { schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    const { campaignId } = params.parse(request.params);
    // Who asks comes first: a person of the campaign (an agency member for their own agency).
    const agencyCode = agenciesOf(request.principal.person.grants, campaignId)[0];
    await authorize(context.db, request, 'status', { campaignId, ...(agencyCode !== undefined && { agencyCode }) });
    const row = await loadCampaignRow(context.db, campaignId);
    const declaration = deliverableOf(storedDeliverable.parse(row.definition ?? {}).deliverable);
    if (declaration.kind !== 'table')
      throw notFound(`Chiến dịch ${campaignId} nộp bằng biểu mẫu trên trang của cơ quan, không có tệp mẫu để tải.`);
    reply.type(XLSX);
    if (isDeepStrictEqual(plain(declaration), plain(ARTICLE_4_TABLE)))
      return reply
        .header('content-disposition', 'attachment; filename="mau-danh-sach-giay-to-so-hoa.xlsx"')
        .send(fs.createReadStream(TEMPLATE_FILE));
    return reply
      .header('content-disposition', `attachment; filename="${templateFileName(declaration)}"`)
      .send(await tableTemplate(declaration));
  });
}
