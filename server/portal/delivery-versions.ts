import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TableDelivery } from '../../domain/deliverables';
import { foldText } from '../../domain/list-quality';
import { tableXlsx } from '../../deliverable-files';
import type { Database } from '../../prisma/database';
import { campaignDeclaration, fileHref } from '../../read-side/delivery-review';
import { deliveryView } from '../../read-side/delivery-view';
import { assignmentId } from '../../temporal/workflow-ids';
import { notFound } from '../../shared/http-errors';
import type { TrailStep } from './navigation';
import { sendPage } from './views';

// Any version an agency submitted of a campaign's declared deliverable: a table as the .xlsx of the
// campaign's template, filled with that version's rows (to correct and upload again); a form as a
// page of its own, what changed against the version before marked, its files linked, fit to print.

/** `danh-muc-thiet-bi-…-so-y-te-phien-ban-2.xlsx`: the title without diacritics, the agency, the version. */
function versionFileName(title: string, agencyCode: string, version: number): string {
  const slug = foldText(title).trim().replace(/\s+/g, '-').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'san-pham'}-${agencyCode}-phien-ban-${version}.xlsx`;
}

/** Answers with the version, or undefined when the campaign takes the Article 4 list instead. */
export async function sendDeliveryVersion(
  db: Database,
  page: { request: FastifyRequest; reply: FastifyReply },
  scope: { campaignId: string; agencyCode: string },
  version: number,
  trail: (step: TrailStep) => Promise<TrailStep[]>,
): Promise<FastifyReply | undefined> {
  const declaration = await campaignDeclaration(db, scope.campaignId);
  if (!declaration) return undefined;
  const id = assignmentId(scope.campaignId, scope.agencyCode);
  const [row, before] = Number.isSafeInteger(version)
    ? await Promise.all([
        db.submission.findUnique({ where: { assignmentId_version: { assignmentId: id, version } } }),
        db.submission.findUnique({ where: { assignmentId_version: { assignmentId: id, version: version - 1 } } }),
      ])
    : [null, null];
  if (!row) throw notFound(`Cơ quan chưa nộp phiên bản ${version}.`);
  if (declaration.kind === 'table') {
    const file = versionFileName(declaration.title, scope.agencyCode, version);
    return page.reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(await tableXlsx(declaration, row.content as unknown as TableDelivery));
  }
  const title = `Phiên bản ${version}: ${declaration.title}`;
  return sendPage(page, 'delivery-version', title, {
    delivery: deliveryView(
      declaration,
      row.content,
      before?.content,
      new Map(),
      fileHref(scope.campaignId, scope.agencyCode),
    ),
    submittedAt: row.submittedAt.toISOString(),
    trail: await trail({ label: `Phiên bản ${version}` }),
  });
}
