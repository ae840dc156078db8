import { campaignWorkflowId } from '../../domain/campaign-input';
import { parseDay } from '../../domain/day-input';
import { approveUpdate, sendBackUpdate } from '../../workflows/campaign/messages';
import { actByUpdate, audited, prepare } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { invalidFields } from '../../shared/http-errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../identity/principal';
import { submitForm, type FormView } from './form-page';
import { cataloguePage, catalogueXlsx } from '../../read-side/catalogue-view';
import { PORTAL_SECTIONS } from './navigation';
import { catalogueRounds } from '../../read-side/rounds';
import { decisionText, roundLabel } from '../../domain/rounds';
import { authorizeSection, campaignParams, formOf, redirectDone, required, sendSectionHome } from './role-pages';
import { sendPage, type PageContext, type ShownAgain } from './views';
import { consolidatedDeliveries, consolidationXlsx } from './approval-deliveries';
import { approvalProgress } from '../../read-side/approval-progress';
import { loadCampaignNow } from '../campaign/campaign-clock';

// The approver's pages: the consolidated catalogue, searched and paged on the server, its .xlsx,
// and the decision: approve (number, date, signer) or send back with a reason.

const base = PORTAL_SECTIONS.approval.path;
const DONE: Record<string, string> = {
  approved: 'Đã phê duyệt danh mục tổng hợp.',
  sentBack: 'Đã trả lại danh mục cho cơ quan thẩm định.',
};
const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

const hidden = { schema: { hide: true } };

export function registerApprovalPages(app: TypedApp, context: RouteContext): void {
  registerCataloguePages(app, context);
  registerDecisionForms(app, context);
}

/** The catalogue with the decision's forms (again with what was typed, when refused). */
async function showCatalogue(context: RouteContext, http: PageContext, campaignId: string, refused?: ShownAgain) {
  const { request, reply } = http;
  const { form, status } = refused ?? { status: 200 };
  const { db } = context;
  const query = request.query as { q?: string; trang?: string };
  const [campaign, page, rounds, deliveries] = await Promise.all([
    loadCampaignRow(db, campaignId),
    cataloguePage(db, campaignId, { query: query.q, page: Number(query.trang) || 1 }),
    catalogueRounds(db, campaignId),
    consolidatedDeliveries(db, campaignId),
  ]);
  // Before consolidation the Chairman follows the agencies' progress instead.
  const progress = page.consolidatedAt
    ? undefined
    : await approvalProgress(db, campaignId, await loadCampaignNow(db, campaignId, context.now()));
  // The catalogue shown is the last round's; each approved round names its own decision.
  const shown = rounds.at(-1);
  const first = rounds[0]?.decision;
  const decisions = rounds.flatMap((r) =>
    r.decision
      ? [
          `Danh mục ${roundLabel(r.round)}: ${decisionText({ round: r.round, ...r.decision }, first)}, người ký: ${r.decision.signer}.`,
        ]
      : [],
  );
  const pageHref = (n: number) =>
    `${campaignPath(campaignId)}?${new URLSearchParams({ ...(page.query && { q: page.query }), trang: String(n) })}`;
  return sendPage(
    { request, reply },
    'approval-catalogue',
    `${deliveries ? 'Kết quả tổng hợp' : 'Danh mục tổng hợp'}${shown ? ` ${roundLabel(shown.round)}` : ''}`,
    {
      round: shown?.round ?? 1,
      decisions,
      trail: [{ label: 'Phê duyệt', href: base }, { label: campaign.directiveNumber }],
      notice: DONE[(request.query as { da?: string }).da ?? ''],
      campaign,
      page,
      previous: page.page > 1 ? pageHref(page.page - 1) : undefined,
      next: page.page < page.pages ? pageHref(page.page + 1) : undefined,
      action: campaignPath(campaignId),
      xlsx: deliveries
        ? `${campaignPath(campaignId)}/tong-hop-san-pham.xlsx`
        : `${campaignPath(campaignId)}/danh-muc-tong-hop.xlsx`,
      deliveries,
      decidable: campaign.status === 'consolidated',
      progress,
      ...(form && { form }),
    },
    status,
  );
}

/** A decision's form: who asks is checked first, then what they sent; refused, the page again. */
const decisionForm = (context: RouteContext, request: FastifyRequest, reply: FastifyReply, campaignId: string) => ({
  db: context.db,
  values: formOf(request),
  scope: { campaignId },
  page: campaignPath(campaignId),
  again: (form: FormView, status: number) => showCatalogue(context, { request, reply }, campaignId, { form, status }),
});

/** The section's home, the catalogue, and the consolidation's workbooks. */
function registerCataloguePages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(base, hidden, (request, reply) => sendSectionHome(context, request, reply, 'approval'));

  app.get(`${base}/:campaignId`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'approval', campaignId);
    return showCatalogue(context, { request, reply }, campaignId);
  });

  /** A consolidation's workbook for the approver: read as a report, audited as one. */
  const workbookRoute = (fileName: string, build: (campaignId: string) => Promise<Buffer>) =>
    app.get(`${base}/:campaignId/${fileName}`, { ...hidden, config: { heavyRead: true } }, async (request, reply) => {
      const { campaignId } = campaignParams(request);
      await authorizeSection(context, request, 'approval', campaignId);
      const acting = await prepare(context, request, 'report', { campaignId });
      const file = await audited(context, request, acting, 'report', { campaignId }, () => build(campaignId));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(file);
    });
  workbookRoute('tong-hop-san-pham.xlsx', (campaignId) => consolidationXlsx(db, campaignId, context.now()));
  workbookRoute('danh-muc-tong-hop.xlsx', (campaignId) => catalogueXlsx(db, campaignId, context.now()));
}

/** The decision: approve, or send back with a reason. */
function registerDecisionForms(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(`${base}/:campaignId/phe-duyet`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorize(db, request, 'approve', { campaignId });
    const submission = decisionForm(context, request, reply, campaignId);
    const form = submission.values;
    return submitForm(submission, async () => {
      const problems: { field: string; message: string }[] = [];
      const decisionNumber = (form.decisionNumber ?? '').trim();
      if (!decisionNumber)
        problems.push({ field: 'decisionNumber', message: 'Hãy điền số quyết định, ví dụ 512/QĐ-UBND.' });
      const decisionDate = parseDay(form.decisionDate ?? '');
      if (!decisionDate)
        problems.push({
          field: 'decisionDate',
          message: (form.decisionDate ?? '').trim()
            ? 'Ngày quyết định phải có dạng dd/mm/yyyy, ví dụ 13/03/2024.'
            : 'Hãy điền ngày quyết định dạng dd/mm/yyyy, ví dụ 13/03/2024.',
        });
      const signer = (form.signer ?? '').trim();
      if (!signer) problems.push({ field: 'signer', message: 'Hãy điền họ tên người ký quyết định.' });
      if (problems.length > 0) throw invalidFields(problems);
      await actByUpdate(context, request, 'approve', { campaignId }, campaignWorkflowId(campaignId), approveUpdate, {
        decisionNumber,
        decisionDate: decisionDate!,
        signer,
      });
      return redirectDone(reply, campaignPath(campaignId), 'approved');
    });
  });

  app.post(`${base}/:campaignId/tra-lai`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorize(db, request, 'sendBack', { campaignId });
    const submission = decisionForm(context, request, reply, campaignId);
    return submitForm(submission, async () => {
      const reasons = required(submission.values, 'reasons', 'lý do trả lại danh mục');
      await actByUpdate(context, request, 'sendBack', { campaignId }, campaignWorkflowId(campaignId), sendBackUpdate, {
        reasons,
      });
      return redirectDone(reply, campaignPath(campaignId), 'sentBack');
    });
  });
}
