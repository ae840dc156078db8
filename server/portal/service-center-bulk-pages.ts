import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { parseShownDay } from '../../domain/day-input';
import { extendDeadlineUpdate, remindNowUpdate } from '../../workflows/agency/messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { invalid } from '../../shared/http-errors';
import { BULK_SELECTIONS, BULK_SELECTION_LABELS, bulkTargets, type BulkSelection } from '../../read-side/bulk-targets';
import { mapLimit } from '../../shared/map-limit';
import { PORTAL_SECTIONS } from './navigation';
import { authorizeSection, campaignParams, formOf, required, sectionTrail } from './role-pages';
import { sendPage } from './views';
import { submitForm, type FormView } from './form-page';
import { loadCampaignNow } from '../campaign/campaign-clock';

// Bulk reminders and extensions on the Service Center's side: the preview names exactly who is
// affected; confirming sends one Update to each, under update IDs derived from the preview's batch
// key, so a repeated confirmation applies nothing twice.

const base = PORTAL_SECTIONS.serviceCenter.path;
const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
const hidden = { schema: { hide: true } };
const CONCURRENCY = 8;
const BULK = {
  remind: { label: 'Nhắc việc', action: 'remind' },
  extend: { label: 'Gia hạn', action: 'extendDeadline' },
} as const;
type BulkKind = keyof typeof BULK;

/** A deadline typed in the bulk form: dd/mm/yyyy only (as the hint says), the end of that day. */
function typedDeadline(text: string): string | undefined {
  const day = parseShownDay(text);
  return day && `${day}T23:59:59+07:00`;
}

function bulkDeadline(text: string): string {
  const deadline = typedDeadline(text);
  if (!deadline)
    throw invalid(
      'han',
      text.trim()
        ? `"${text.trim()}" không phải một ngày dạng dd/mm/yyyy: hãy ghi ví dụ 11/03/2024 (hết ngày đó, giờ Việt Nam).`
        : 'Hãy ghi thời hạn mới dạng dd/mm/yyyy, ví dụ 11/03/2024.',
    );
  return deadline;
}

function selectionOf(value: unknown): BulkSelection {
  if (!(BULK_SELECTIONS as readonly string[]).includes(String(value)))
    throw invalid('chon', `Hãy chọn nhóm cơ quan: ${BULK_SELECTIONS.map((s) => BULK_SELECTION_LABELS[s]).join('; ')}.`);
  return value as BulkSelection;
}

export function registerServiceCenterBulkPages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(`${base}/:campaignId/hang-loat`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const values = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
    );
    return submitForm(
      { db, values, again: (form, status) => showBulk(context, request, reply, campaignId, values, form, status) },
      () => {
        if (values.chon) selectionOf(values.chon);
        if (values.loai === 'extend' && values.han) bulkDeadline(values.han);
        return showBulk(context, request, reply, campaignId, values);
      },
    );
  });

  app.post(`${base}/:campaignId/hang-loat`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const form = formOf(request);
    return submitForm(
      {
        db,
        values: form,
        anchors: { batch: '', agencies: '', loai: '' },
        again: (shown, status) => showBulk(context, request, reply, campaignId, form, shown, status),
      },
      () => sendBulk(context, request, reply, campaignId, form),
    );
  });
}

/** The bulk form and its preview of who is affected (again with what was typed, when refused). */
async function showBulk(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  campaignId: string,
  values: Record<string, string>,
  form?: FormView,
  status = 200,
) {
  const { db } = context;
  const kind: BulkKind = values.loai === 'extend' ? 'extend' : 'remind';
  const selection = (BULK_SELECTIONS as readonly string[]).includes(values.chon ?? '')
    ? (values.chon as BulkSelection)
    : undefined;
  const deadline = kind === 'extend' && values.han ? typedDeadline(values.han) : undefined;
  const targets =
    selection && !form?.refused
      ? await bulkTargets(db, campaignId, selection, await loadCampaignNow(db, campaignId, context.now()))
      : undefined;
  return sendPage(
    { request, reply },
    'service-center-bulk',
    `${BULK[kind].label} hàng loạt`,
    {
      trail: await sectionTrail(context, 'serviceCenter', campaignId, { label: BULK[kind].label }),
      kind,
      selection,
      selections: BULK_SELECTIONS.map((s) => ({ value: s, label: BULK_SELECTION_LABELS[s] })),
      query: values,
      deadline,
      targets,
      batch: randomUUID(),
      action: `${campaignPath(campaignId)}/hang-loat`,
      ...(form && { form }),
    },
    status,
  );
}

/** One Update to each agency previewed, under update IDs derived from the preview's batch key. */
async function sendBulk(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  campaignId: string,
  form: Record<string, string>,
) {
  const { db } = context;
  const kind: BulkKind = form.loai === 'extend' ? 'extend' : 'remind';
  const batch = required(form, 'batch', 'mã đợt');
  if (!/^[\w-]{8,64}$/.test(batch)) throw invalid('batch', 'Mã đợt không hợp lệ; hãy mở lại trang xem trước.');
  const codes = required(form, 'agencies', 'các cơ quan đã xem trước').split(',');
  const extension =
    kind === 'extend'
      ? {
          deadline: bulkDeadline(form.han ?? ''),
          reason: required(form, 'lyDo', 'lý do gia hạn'),
        }
      : undefined;
  const note = (form.ghiChu ?? '').trim();
  const results = await mapLimit(codes, CONCURRENCY, async (agencyCode) => {
    const scope = { campaignId, agencyCode };
    const workflowId = agencyWorkflowId(campaignId, agencyCode);
    const updateId = `${batch}:${agencyCode}`;
    try {
      if (extension)
        await actByUpdate(
          context,
          request,
          'extendDeadline',
          scope,
          workflowId,
          extendDeadlineUpdate,
          { deadline: extension.deadline!, reason: extension.reason },
          { updateId },
        );
      else
        await actByUpdate(
          context,
          request,
          'remind',
          scope,
          workflowId,
          remindNowUpdate,
          { ...(note && { note }) },
          { updateId },
        );
      return { agencyCode, ok: true, message: 'Đã thực hiện' };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause;
      return { agencyCode, ok: false, message: cause?.message ?? (error as Error).message };
    }
  });
  const names = new Map(
    (await db.agency.findMany({ where: { campaignId, code: { in: codes } }, select: { code: true, name: true } })).map(
      (a) => [a.code, a.name],
    ),
  );
  return sendPage({ request, reply }, 'service-center-bulk-done', `${BULK[kind].label} hàng loạt: kết quả`, {
    trail: await sectionTrail(context, 'serviceCenter', campaignId, { label: BULK[kind].label }),
    results: results.map((r) => ({ ...r, name: names.get(r.agencyCode) ?? r.agencyCode })),
    back: campaignPath(campaignId),
  });
}
