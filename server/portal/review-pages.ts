import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { describeDeadlineStatus } from '../../domain/deadline-status';
import {
  acceptListUpdate,
  answerSupportUpdate,
  returnListUpdate,
  supportAnswerInputSchema,
} from '../../workflows/agency/messages';
import { consolidateUpdate } from '../../workflows/campaign/messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import { invalid, invalidFields } from '../../shared/http-errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseFields, submitForm, type FormView } from './form-page';
import { consolidationPreview, consolidationWarnings } from '../../read-side/consolidation-preview';
import { roundLabel } from '../../domain/rounds';
import { listForReview, returnFromLines } from '../../read-side/list-review';
import { deliveryForReview } from '../../read-side/delivery-review';
import { reasonPlaces } from '../../read-side/delivery-view';
import { reviewQueuePage } from '../../read-side/review-queue';
import { PORTAL_SECTIONS } from './navigation';
import { authorizeSection, campaignParams, formOf, redirectDone, sectionTrail, sendSectionHome } from './role-pages';
import { sendPage, type PageContext, type ShownAgain } from './views';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { DECLARED_WORDS, LIST_WORDS, reviewWords, type ReviewWords } from './review-words';

// The reviewer's pages: the queue by review deadline, one list with its quality notes and diff
// (return with reasons chosen on the lines, or accept), support requests, consolidation with its
// preview. Every action goes through actByUpdate, as the API's routes do.

const base = PORTAL_SECTIONS.review.path;
const done = (words: ReviewWords): Record<string, string> => ({
  returned: `Đã trả lại ${words.item} cho cơ quan, kèm lý do.`,
  accepted: `Đã chấp nhận ${words.item}.`,
  answered: 'Đã gửi câu trả lời.',
  consolidated: `Đã tổng hợp ${words.result}; người phê duyệt đã được báo.`,
});
const notice = (query: unknown, words: ReviewWords) => done(words)[(query as { da?: string }).da ?? ''];
const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
/** The answer field of one support request on the list's page (its id, linked from the error summary). */
const supportAnswerAnchor = (requestId: string) => `answer-${requestId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const agencyPath = (id: string, code: string) => `${campaignPath(id)}/co-quan/${encodeURIComponent(code)}`;

const hidden = { schema: { hide: true } };

export function registerReviewPages(app: TypedApp, context: RouteContext): void {
  registerReviewQueue(app, context);
  registerListReturn(app, context);
  registerListAnswers(app, context);
  registerConsolidation(app, context);
}

/** The section's home and one campaign's queue by review deadline, with its open support requests. */
function registerReviewQueue(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(base, hidden, (request, reply) => sendSectionHome(context, request, reply, 'review'));

  app.get(`${base}/:campaignId`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'review', campaignId);
    const now = await loadCampaignNow(db, campaignId, context.now());
    const requested = Number((request.query as { trang?: string }).trang) || 1;
    const [words, campaign, queue, support] = await Promise.all([
      reviewWords(db, campaignId),
      loadCampaignRecord(db, campaignId),
      reviewQueuePage(db, campaignId, now, { page: requested }),
      db.supportRequest.findMany({
        where: { campaignId, answeredAt: null },
        include: { assignment: { include: { agency: true } } },
        orderBy: { askedAt: 'asc' },
      }),
    ]);
    return sendPage({ request, reply }, 'review-queue', `${words.Item} chờ thẩm định`, {
      trail: [{ label: 'Thẩm định', href: base }, { label: campaign.directiveNumber }],
      notice: notice(request.query, words),
      words,
      campaign,
      queue: queue.entries.map((q) => ({
        ...q,
        href: agencyPath(campaignId, q.code),
        statusText: q.status ? describeDeadlineStatus(q.status) : '',
      })),
      queuePage: queue,
      previous: queue.page > 1 ? `${campaignPath(campaignId)}?trang=${queue.page - 1}` : undefined,
      next: queue.page < queue.pages ? `${campaignPath(campaignId)}?trang=${queue.page + 1}` : undefined,
      support: support.map((s) => ({
        id: s.id,
        question: s.question,
        askedBy: s.askedBy,
        askedAt: s.askedAt,
        agency: s.assignment.agency.name,
        action: `${agencyPath(campaignId, s.assignment.agencyCode)}/tra-loi`,
      })),
      consolidateHref: `${campaignPath(campaignId)}/tong-hop`,
    });
  });
}

/** One list with its return and accept forms (again with what was typed, when refused). */
async function showList(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  campaignId: string,
  agencyCode: string,
  form?: FormView,
  status = 200,
) {
  const { db } = context;
  const [view, delivery] = await Promise.all([
    listForReview(db, campaignId, agencyCode),
    deliveryForReview(db, campaignId, agencyCode),
  ]);
  const words = delivery ? DECLARED_WORDS : LIST_WORDS;
  const reviewable = view.stage === 'submitted' || view.stage === 'resubmitted';
  return sendPage(
    { request, reply },
    'review-list',
    `${words.Item} của ${view.agency.name}`,
    {
      trail: await sectionTrail(context, 'review', campaignId, { label: view.agency.name }),
      notice: notice(request.query, words),
      view,
      delivery,
      reviewable,
      action: agencyPath(campaignId, agencyCode),
      answerAnchor: supportAnswerAnchor,
      ...(form && { form }),
    },
    status,
  );
}

/** A form of one list's page: refused, the page again with what was typed. */
const listForm = (
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  campaignId: string,
  agencyCode: string,
) => ({
  db: context.db,
  values: formOf(request),
  scope: { campaignId, agencyCode },
  page: agencyPath(campaignId, agencyCode),
  anchors: { version: '' },
  again: (form: FormView, status: number) => showList(context, request, reply, campaignId, agencyCode, form, status),
});

/** One list's page and its return with reasons. */
function registerListReturn(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(`${base}/:campaignId/co-quan/:agencyCode`, hidden, async (request, reply) => {
    const { campaignId, agencyCode } = campaignParams(request) as { campaignId: string; agencyCode: string };
    await authorizeSection(context, request, 'review', campaignId);
    return showList(context, request, reply, campaignId, agencyCode);
  });

  app.post(`${base}/:campaignId/co-quan/:agencyCode/tra-lai`, hidden, async (request, reply) => {
    const { campaignId, agencyCode } = campaignParams(request) as { campaignId: string; agencyCode: string };
    await authorizeSection(context, request, 'review', campaignId);
    const submission = listForm(context, request, reply, campaignId, agencyCode);
    const form = submission.values;
    return submitForm(submission, async () => {
      const [view, delivery] = await Promise.all([
        listForReview(db, campaignId, agencyCode),
        deliveryForReview(db, campaignId, agencyCode),
      ]);
      const places = delivery
        ? reasonPlaces(delivery)
            .map((place) => ({ ...place, reason: (form[`ly-do.${place.path}`] ?? '').trim() }))
            .filter((place) => place.reason)
        : [];
      const picked = view.lines
        .filter((line) => form[`line-${line.index}`] === 'on')
        .map((line) => ({ index: line.index, reason: form[`reason-${line.index}`] ?? '' }));
      // Every line's problem and the overall reason's at once, so one round fixes them all.
      const problems = view.lines
        .filter((line) => form[`line-${line.index}`] === 'on' && !(form[`reason-${line.index}`] ?? '').trim())
        .map((line) => ({
          field: `reason-${line.index}`,
          message: `Dòng ${line.index + 1} (${line.documentName}) được chọn trả lại nhưng chưa có lý do: hãy ghi lý do cho dòng này.`,
        }));
      if (!(form.overall ?? '').trim())
        problems.unshift({ field: 'overall', message: 'Hãy điền lý do trả lại chung (ô "Lý do chung").' });
      if (problems.length > 0) throw invalidFields(problems);
      const chosen = returnFromLines(view, { version: Number(form.version), overall: form.overall!.trim(), picked });
      if (!chosen.ok) throw invalid(chosen.field, chosen.message);
      await actByUpdate(
        context,
        request,
        'returnList',
        { campaignId, agencyCode },
        agencyWorkflowId(campaignId, agencyCode),
        returnListUpdate,
        { reasons: { ...chosen.reasons, ...(places.length > 0 && { places }) } },
      );
      return redirectDone(reply, agencyPath(campaignId, agencyCode), 'returned');
    });
  });
}

/** A list accepted, and a support request answered, from the list's page. */
function registerListAnswers(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(`${base}/:campaignId/co-quan/:agencyCode/chap-nhan`, hidden, async (request, reply) => {
    const { campaignId, agencyCode } = campaignParams(request) as { campaignId: string; agencyCode: string };
    await authorizeSection(context, request, 'review', campaignId);
    const submission = listForm(context, request, reply, campaignId, agencyCode);
    const form = submission.values;
    return submitForm(submission, async () => {
      const view = await listForReview(db, campaignId, agencyCode);
      const chosen = returnFromLines(view, { version: Number(form.version), overall: '-', picked: [] });
      if (!chosen.ok) throw invalid(chosen.field, chosen.message);
      const note = (form.note ?? '').trim();
      await actByUpdate(
        context,
        request,
        'acceptList',
        { campaignId, agencyCode },
        agencyWorkflowId(campaignId, agencyCode),
        acceptListUpdate,
        { ...(note && { note }) },
      );
      return redirectDone(reply, agencyPath(campaignId, agencyCode), 'accepted');
    });
  });

  // An answer to a support request, from the list's page or the queue: refused, the list's page again
  // with the answer kept beside its request; answered meanwhile, who answered and when.
  app.post(`${base}/:campaignId/co-quan/:agencyCode/tra-loi`, hidden, async (request, reply) => {
    const { campaignId, agencyCode } = campaignParams(request) as { campaignId: string; agencyCode: string };
    await authorizeSection(context, request, 'review', campaignId);
    const submission = listForm(context, request, reply, campaignId, agencyCode);
    const form = submission.values;
    const anchors = { ...submission.anchors, requestId: '', answer: supportAnswerAnchor(form.requestId ?? '') };
    return submitForm({ ...submission, anchors }, async () => {
      const input = parseFields(supportAnswerInputSchema, { requestId: form.requestId, answer: form.answer?.trim() });
      await actByUpdate(
        context,
        request,
        'answerSupport',
        { campaignId, agencyCode },
        agencyWorkflowId(campaignId, agencyCode),
        answerSupportUpdate,
        input,
      );
      return redirectDone(reply, agencyPath(campaignId, agencyCode), 'answered');
    });
  });
}

/** The consolidation's preview and its confirmation form (again with what was typed, when refused). */
async function showConsolidation(context: RouteContext, http: PageContext, campaignId: string, refused?: ShownAgain) {
  const { request, reply } = http;
  const { form, status } = refused ?? { status: 200 };
  const { db } = context;
  const preview = await consolidationPreview(db, campaignId, await loadCampaignNow(db, campaignId, context.now()));
  const words = await reviewWords(db, campaignId);
  return sendPage(
    { request, reply },
    'consolidation-preview',
    `Tổng hợp ${words.result} ${roundLabel(preview.round)}`,
    {
      trail: await sectionTrail(context, 'review', campaignId, { label: 'Tổng hợp' }),
      notice: notice(request.query, words),
      words,
      preview,
      warnings: consolidationWarnings(preview, words.item),
      action: `${campaignPath(campaignId)}/tong-hop`,
      ...(form && { form }),
    },
    status,
  );
}

/** The consolidation: its preview, then the confirmation that consolidates. */
function registerConsolidation(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(`${base}/:campaignId/tong-hop`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'review', campaignId);
    return showConsolidation(context, { request, reply }, campaignId);
  });

  app.post(`${base}/:campaignId/tong-hop`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'review', campaignId);
    const form = formOf(request);
    const submission = {
      db,
      values: form,
      scope: { campaignId },
      page: `${campaignPath(campaignId)}/tong-hop`,
      anchors: { included: '' },
      again: (shown: FormView, status: number) =>
        showConsolidation(context, { request, reply }, campaignId, { form: shown, status }),
    };
    return submitForm(submission, async () => {
      const preview = await consolidationPreview(db, campaignId, await loadCampaignNow(db, campaignId, context.now()));
      if (preview.closed)
        throw invalid(
          'included',
          'Chiến dịch đã được tổng hợp hoặc đã kết thúc: không tổng hợp lại được; chưa có gì thay đổi.',
        );
      // The preview the reviewer confirmed must still hold: no list accepted or withdrawn since.
      if (String(preview.included.length) !== form.included)
        throw invalid(
          'included',
          `Từ lúc bạn xem trước, số ${(await reviewWords(db, campaignId)).item} được tổng hợp đã đổi (${form.included} → ${preview.included.length}). Hãy xem lại rồi xác nhận.`,
        );
      // What the preview warned of must be acknowledged, as a second and explicit step.
      if (consolidationWarnings(preview).length > 0 && form.daHieu !== 'co')
        throw invalid(
          'daHieu',
          'Hãy đọc các cảnh báo và đánh dấu ô "Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ" trước khi xác nhận.',
        );
      await actByUpdate(
        context,
        request,
        'consolidate',
        { campaignId },
        campaignWorkflowId(campaignId),
        consolidateUpdate,
        {},
      );
      return redirectDone(reply, `${campaignPath(campaignId)}/tong-hop`, 'consolidated');
    });
  });
}
