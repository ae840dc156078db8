import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROVINCE_SCOPE } from '../../domain/access';
import { campaignYaml } from '../../campaign-files/campaign-yaml';
import { resolvedCampaignDefinitionSchema } from '../../domain/campaign-definition';
import { LEVEL_LABELS } from '../../directory/entry';
import { directoryDistricts, listDirectory } from '../../directory/store';
import { notFound } from '../../shared/http-errors';
import { launchAs } from '../act';
import {
  MAX_DIRECTIVE_PDF_BYTES,
  isPdf,
  readDirectiveDocument,
  storeDirectiveDocument,
} from '../campaign/directive-documents';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { launchDutyProblems } from '../identity/duties';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { LaunchRefusedError } from '../launch/launch-campaign';
import {
  CAMPAIGN_FORM_FIELDS,
  readCampaignForm,
  type CampaignFormValues,
  type FieldErrors,
} from './campaign-create-form';
import { savedDeliverables } from '../../campaign-files/deliverable-library';
import { ARTICLE_4_CHOICE, FILE_CHOICE, MAX_DECLARATION_TEXT } from './campaign-deliverable-choice';
import { summarizeDeliverable } from './deliverable-summary';
import { ARTICLE_4_TABLE } from '../../domain/deliverables';
import { readMultipartForm, type UploadedFile } from './multipart-form';
import { sendPage } from './views';

// Creating a campaign on the web, without a campaign file: the form (agencies chosen from the
// directory), one check that shows every problem beside its field and keeps what was typed, a
// preview of every agency and its deadline, then the launch through the same path as a campaign
// file. The equivalent campaign file can be downloaded to launch the same campaign again.

const TEXT_FIELDS = Object.keys(CAMPAIGN_FORM_FIELDS).filter(
  (field) => field !== 'coQuan' && field !== 'vanBanPdf',
) as (keyof typeof CAMPAIGN_FORM_FIELDS)[];

const hidden = { schema: { hide: true } };
const createPath = (base: string) => `${base}/tao-chien-dich`;
const createTrail = (base: string) => [{ label: 'Điều hành', href: base }, { label: 'Tạo chiến dịch' }];
// The person is checked before a byte of the form is read.
const mayCreate = (context: RouteContext, request: FastifyRequest) =>
  authorize(context.db, request, 'launch', PROVINCE_SCOPE);
const bounded = {
  ...hidden,
  bodyLimit: MAX_DIRECTIVE_PDF_BYTES + 2 * MAX_DECLARATION_TEXT + BODY_LIMITS.action,
  // The directive's PDF and a deliverable declaration.
  config: { csrfInMultipart: true, fileLimit: MAX_DIRECTIVE_PDF_BYTES, fileCount: 2 },
};

export function registerCampaignCreatePages(app: TypedApp, context: RouteContext, base: string): void {
  registerCampaignForm(app, context, base);
  registerCampaignCreation(app, context, base);
  registerCampaignDocuments(app, context, base);
}

/** The form as sent; a chosen PDF is stored (by its hash) so a refused form never loses it. */
async function readForm(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<CampaignFormValues> {
  const { fields, lists, file, files } = await readMultipartForm(request, reply);
  const values: CampaignFormValues = {
    text: Object.fromEntries(TEXT_FIELDS.map((field) => [field, fields[field] ?? ''])),
    allDepartments: fields.moiSo === '1',
    districts: lists.huyen ?? [],
    codes: lists.coQuan ?? [],
  };
  if (file) {
    if (/\.pdf$/i.test(file.fileName) && isPdf(file.buffer))
      values.document = { name: file.fileName, sha256: storeDirectiveDocument(context.config.dataDir, file.buffer) };
    else
      values.documentProblem = `Tệp "${file.fileName}" không phải PDF. Cách sửa: chọn bản PDF của văn bản (lưu hoặc quét thành .pdf).`;
  }
  if (files.sanPhamTep?.[0]) readDeclarationFile(values, files.sanPhamTep[0]);
  if (!values.document && fields.vanBanSha256 && readDirectiveDocument(context.config.dataDir, fields.vanBanSha256))
    values.document = { name: fields.vanBanTen || 'van-ban.pdf', sha256: fields.vanBanSha256 };
  return values;
}

/** A chosen declaration file: its text goes into the paste box (kept, correctable there) and is chosen. */
function readDeclarationFile(values: CampaignFormValues, upload: UploadedFile) {
  values.text.sanPham = FILE_CHOICE;
  const fix = 'Cách sửa: chọn tệp khai báo .yaml hoặc .json (lưu với mã hóa UTF-8), hoặc dán nội dung khai báo vào ô.';
  if (!/\.(ya?ml|json)$/i.test(upload.fileName)) {
    values.declarationFileProblem = `Tệp "${upload.fileName}" không phải tệp khai báo .yaml hoặc .json. ${fix}`;
    return;
  }
  if (upload.buffer.length > MAX_DECLARATION_TEXT) {
    values.declarationFileProblem = `Tệp "${upload.fileName}" lớn quá ${MAX_DECLARATION_TEXT / 1024} KB. ${fix}`;
    return;
  }
  try {
    values.text.sanPhamNoiDung = new TextDecoder('utf-8', { fatal: true }).decode(upload.buffer).replace(/^\uFEFF/, '');
  } catch {
    values.declarationFileProblem = `Tệp "${upload.fileName}" không phải văn bản UTF-8. ${fix}`;
  }
}

/** The form read into a definition, or every problem beside its field. */
async function check(context: RouteContext, request: FastifyRequest, values: CampaignFormValues) {
  const { db } = context;
  const directory = await listDirectory(db);
  const result = readCampaignForm(
    values,
    directory,
    context.now(),
    request.principal!.person.email,
    savedDeliverables(),
  );
  const definition = result.definition;
  if (!definition) return result;
  const errors: FieldErrors = {};
  if (await db.campaign.findUnique({ where: { id: definition.id }, select: { id: true } }))
    errors.maChienDich = `Đã có chiến dịch mã ${definition.id}. Cách sửa: ghi mã khác cho chiến dịch mới (ví dụ thêm -2), hoặc mở chiến dịch đó trên trang Điều hành.`;
  const duties = await launchDutyProblems(db, definition);
  if (duties.length > 0)
    errors.pheDuyetEmail = `Người phê duyệt không được đồng thời điều hành chiến dịch này. Cách sửa: ghi email của người khác.`;
  return Object.keys(errors).length > 0 ? { ...result, errors, definition: undefined } : result;
}

/** The form (again with what was typed and every problem beside its field, when refused). */
async function showForm(
  context: RouteContext,
  base: string,
  request: FastifyRequest,
  reply: FastifyReply,
  values: CampaignFormValues,
  errors: FieldErrors = {},
  status = 200,
  notice?: string,
  deliverableProblems: string[] = [],
) {
  const { db } = context;
  const directory = await listDirectory(db);
  return sendPage(
    { request, reply },
    'campaign-create',
    'Tạo chiến dịch',
    {
      trail: createTrail(base),
      action: createPath(base),
      labels: CAMPAIGN_FORM_FIELDS,
      values,
      errors,
      errorCount: Object.keys(errors).length,
      problem: notice,
      districts: await directoryDistricts(db),
      departments: directory.filter((a) => a.level === 'department').length,
      choices: directory.map((a) => ({
        ...a,
        levelLabel: LEVEL_LABELS[a.level],
        picked: values.codes.includes(a.code),
      })),
      directoryHref: `${base}/danh-ba`,
      deliverable: {
        chosen: values.text.sanPham || ARTICLE_4_CHOICE,
        article4: { value: ARTICLE_4_CHOICE, title: ARTICLE_4_TABLE.title },
        saved: savedDeliverables().map((s) => ({ value: s.name, title: s.title })),
        file: FILE_CHOICE,
        problems: deliverableProblems.length > 1 ? deliverableProblems : [],
      },
    },
    status,
  );
}

/** The form, its check with the preview, and the way back from the preview. */
function registerCampaignForm(app: TypedApp, context: RouteContext, base: string): void {
  const path = createPath(base);
  app.get(path, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await mayCreate(context, request);
    return showForm(context, base, request, reply, {
      text: { dieuHanhEmail: request.principal.person.email },
      allDepartments: false,
      districts: [],
      codes: [],
    });
  });

  // Checked: every problem beside its field, or the preview of every agency and its deadline.
  app.post(`${path}/kiem-tra`, bounded, async (request, reply) => {
    await mayCreate(context, request);
    const values = await readForm(context, request, reply);
    const { errors, definition, agencies, deliverableProblems } = await check(context, request, values);
    if (!definition)
      return showForm(context, base, request, reply, values, errors, 400, undefined, deliverableProblems);
    return sendPage({ request, reply }, 'campaign-create-preview', 'Xem trước chiến dịch', {
      trail: [{ label: 'Điều hành', href: base }, { label: 'Tạo chiến dịch', href: path }, { label: 'Xem trước' }],
      action: path,
      values,
      definition,
      agencies: agencies.map((a) => ({ ...a, levelLabel: LEVEL_LABELS[a.level] })),
      deliverable: summarizeDeliverable(definition.deliverable ?? ARTICLE_4_TABLE),
      textFields: TEXT_FIELDS,
    });
  });

  // Back from the preview to the form, everything kept.
  app.post(`${path}/sua`, bounded, async (request, reply) => {
    await mayCreate(context, request);
    return showForm(context, base, request, reply, await readForm(context, request, reply));
  });
}

/** The checked form as a campaign file, or launched. */
function registerCampaignCreation(app: TypedApp, context: RouteContext, base: string): void {
  const path = createPath(base);
  app.post(`${path}/tep-chien-dich`, bounded, async (request, reply) => {
    await mayCreate(context, request);
    const values = await readForm(context, request, reply);
    const { errors, definition, deliverableProblems } = await check(context, request, values);
    if (!definition)
      return showForm(context, base, request, reply, values, errors, 400, undefined, deliverableProblems);
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${definition.id}.yaml"`)
      .send(campaignYaml(definition));
  });

  app.post(path, bounded, async (request, reply) => {
    await mayCreate(context, request);
    const values = await readForm(context, request, reply);
    const { errors, definition, deliverableProblems } = await check(context, request, values);
    if (!definition)
      return showForm(context, base, request, reply, values, errors, 400, undefined, deliverableProblems);
    try {
      const launched = await launchAs(context, request, definition);
      return sendPage({ request, reply }, 'campaign-create-done', 'Đã khởi chạy chiến dịch', {
        trail: createTrail(base),
        launched,
        definition,
        campaignHref: `${base}/${encodeURIComponent(launched.campaignId)}`,
        fileHref: `${base}/${encodeURIComponent(launched.campaignId)}/tep-chien-dich.yaml`,
      });
    } catch (error) {
      if (!(error instanceof LaunchRefusedError)) throw error;
      return showForm(context, base, request, reply, values, {}, 400, error.problems.join(' '));
    }
  });
}

/** A launched campaign's file, and the directive's PDF. */
function registerCampaignDocuments(app: TypedApp, context: RouteContext, base: string): void {
  const { db, config } = context;
  // A launched campaign as a campaign file, to launch the same again (or keep with the records).
  app.get(`${base}/:campaignId/tep-chien-dich.yaml`, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    const { campaignId } = request.params as { campaignId: string };
    await authorize(db, request, 'launch', { campaignId });
    const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { definition: true } });
    if (!campaign?.definition) throw notFound(`Không có chiến dịch ${campaignId}.`);
    // Read by the campaign file's schema: the fields in its order whatever the database kept (PostgreSQL's
    // JSON reorders keys), and a rehearsal's clock, kept with the definition, left out.
    const parsed = resolvedCampaignDefinitionSchema.safeParse(campaign.definition);
    if (!parsed.success) throw notFound(`Chiến dịch ${campaignId} không có định nghĩa đọc được thành tệp chiến dịch.`);
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${campaignId}.yaml"`)
      .send(campaignYaml(parsed.data));
  });

  // The directive's PDF, for whoever may create campaigns.
  app.get(`${base}/van-ban/:sha256`, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await mayCreate(context, request);
    const pdf = readDirectiveDocument(config.dataDir, (request.params as { sha256: string }).sha256);
    if (!pdf) throw notFound('Không có tệp văn bản này.');
    return reply.type('application/pdf').send(pdf);
  });
}
