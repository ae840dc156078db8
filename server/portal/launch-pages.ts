import type { FastifyReply, FastifyRequest } from 'fastify';
import { launchDeadlineProblems } from '../../domain/campaign-deadlines';
import { CampaignDefinitionError, type CampaignDefinition } from '../../domain/campaign-definition';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../../reporting/model';
import { launchAs } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { checkRoster } from '../../campaign-files/campaign-yaml';
import { CampaignYamlParser } from '../launch/campaign-yaml-thread';
import { invalid } from '../../shared/http-errors';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { BODY_LIMITS, FILE_LIMITS, launchersOnly, megabytes } from '../http/request-bounds';
import { readMultipartForm, type UploadedFile } from './multipart-form';
import { sendPage } from './views';
import { FormView, formState, plainMessage, submitForm } from './form-page';

// Launching from an uploaded campaign YAML: the file is validated first and what it would launch is
// shown (or every problem, naming the field); only a confirmation launches, through the API's path.

const MAX_YAML_BYTES = FILE_LIMITS.campaignYaml;
const TOO_LARGE = `Tệp chiến dịch quá ${megabytes(MAX_YAML_BYTES)}: hãy bỏ phần thừa hoặc chia thành nhiều chiến dịch.`;

interface Checked {
  definition?: CampaignDefinition;
  problems: string[];
}

async function check(parser: CampaignYamlParser, text: string, source: string, now: Date): Promise<Checked> {
  try {
    const { agencies, roster, ...rest } = await parser.parse(text, source);
    if (roster)
      return {
        problems: [
          `roster: tệp chiến dịch trỏ tới tệp danh sách cơ quan riêng (${roster}), không tải lên cùng được. Cách sửa: ghi danh sách cơ quan ngay trong tệp (trường agencies), hoặc khởi chạy bằng "npm run dondoc -- campaign launch".`,
        ],
      };
    const definition = { ...rest, agencies: checkRoster(source, agencies ?? []) } as CampaignDefinition;
    return { definition, problems: launchDeadlineProblems(definition, now.getTime()) };
  } catch (error) {
    if (error instanceof CampaignDefinitionError) return { problems: error.problems };
    throw error;
  }
}

/** Where a problem is in the campaign file, in words: "agencies[3].kind: …" → "Cơ quan thứ 3 — mục kind: …". */
const PART_LABELS: Record<string, string> = {
  id: 'Mã chiến dịch',
  title: 'Tên chiến dịch',
  directive: 'Văn bản giao việc',
  deadlines: 'Thời hạn',
  agencies: 'Cơ quan',
  reviewer: 'Cơ quan thẩm định',
  approver: 'Người phê duyệt',
  serviceCenter: 'Trung tâm Phục vụ',
  policy: 'Quy định của chiến dịch',
  deliverable: 'Sản phẩm cần nộp',
};

function describeDefinitionProblem(problem: string): string {
  const found = /^([A-Za-z]+)(?:\[(\d+)\])?((?:\.[\w]+|\[\d+\])*):\s+([\s\S]*)$/.exec(problem);
  if (!found) return problem;
  const [, part, index, rest, message] = found;
  const label = PART_LABELS[part!] ?? `Mục ${part}`;
  const inside = rest ? ` — mục ${rest.replace(/^\./, '').replace(/\[(\d+)\]/g, ' thứ $1')}` : '';
  return `${label}${index ? ` thứ ${index}` : ''}${inside}: ${message}`;
}

/** The campaign file's text as the form sent it: the chosen file, else the pasted text (kept in `values`). */
async function submittedText(
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, string> = {},
): Promise<{ text: string; name: string }> {
  let fields = (request.body ?? {}) as Record<string, unknown>;
  if (request.isMultipart()) {
    const form = await readMultipartForm(request, reply);
    fields = form.fields;
    Object.assign(values, form.fields);
    if (form.file) {
      const text = fileText(form.file);
      // The file's text is shown in the paste box, so a mistake can be corrected right there.
      Object.assign(values, { yaml: text, name: form.file.fileName });
      return { text, name: form.file.fileName };
    }
  } else Object.assign(values, fields);
  const text = typeof fields.yaml === 'string' ? fields.yaml : '';
  if (!text.trim())
    throw invalid(
      'yaml',
      'Hãy chọn tệp chiến dịch (.yaml) ở ô "Tệp chiến dịch", hoặc dán nội dung tệp vào ô "Nội dung tệp chiến dịch".',
    );
  if (Buffer.byteLength(text) > MAX_YAML_BYTES) throw invalid('yaml', TOO_LARGE);
  const name = typeof fields.name === 'string' && fields.name.trim() ? fields.name.trim() : 'tệp chiến dịch';
  return { text, name };
}

/** An uploaded campaign file as text: UTF-8 YAML of at most 5 MB, or a 400 naming the field. */
function fileText(file: UploadedFile): string {
  if (!/\.ya?ml$/i.test(file.fileName))
    throw invalid('file', `Tệp "${file.fileName}" không phải tệp chiến dịch: hãy chọn tệp .yaml hoặc .yml.`);
  if (file.buffer.length > MAX_YAML_BYTES) throw invalid('file', TOO_LARGE);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
  } catch {
    throw invalid('file', `Tệp "${file.fileName}" không phải văn bản UTF-8: hãy lưu lại tệp với mã hóa UTF-8.`);
  }
  if (!text.trim()) throw invalid('file', `Tệp "${file.fileName}" trống: hãy chọn đúng tệp chiến dịch.`);
  return text.replace(/^\uFEFF/, '');
}

const mayLaunch = (context: RouteContext, request: FastifyRequest, campaignId: string) =>
  authorize(context.db, request, 'launch', { campaignId });

export function registerLaunchPages(app: TypedApp, context: RouteContext, base: string): void {
  const hidden = { schema: { hide: true } };
  const parser = new CampaignYamlParser();
  // A campaign file is read only for someone who may launch one, and only up to its limit.
  const bounded = {
    onRequest: launchersOnly(context.db),
    bodyLimit: BODY_LIMITS.launch,
    config: { csrfInMultipart: true, fileLimit: MAX_YAML_BYTES },
  };
  const path = `${base}/khoi-chay`;

  app.get(path, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    const grants = request.principal.person.grants;
    if (!grants.some((g) => g.role === 'operator' || g.role === 'admin')) await mayLaunch(context, request, '-');
    return show(base, request, reply, {});
  });

  // Step 1: the upload, checked; nothing is written.
  app.post(`${path}/kiem-tra`, { ...hidden, ...bounded }, async (request, reply) => {
    const values: Record<string, string> = {};
    return submitForm(
      {
        db: context.db,
        values,
        anchors: { yaml: 'yaml-new', file: 'file' },
        again: (form, status) => show(base, request, reply, { form, name: values.name }, status),
      },
      () => checkUpload(context, parser, base, request, reply, values),
    );
  });

  // Step 2: the confirmed text, checked again, launched.
  app.post(path, { ...hidden, ...bounded }, async (request, reply) => {
    const { text, name } = await submittedText(request, reply);
    const checked = await check(parser, text, name, context.now());
    if (!checked.definition || checked.problems.length > 0)
      return show(
        base,
        request,
        reply,
        {
          name,
          problems: checked.problems.map((problem) => plainMessage(describeDefinitionProblem(problem))),
          form: new FormView(formState({ yaml: text, name })),
        },
        400,
      );
    const result = await launchAs(context, request, checked.definition);
    return show(base, request, reply, {
      launched: result,
      campaignHref: `${base}/${encodeURIComponent(result.campaignId)}`,
    });
  });
}

/** The launch page: the upload form, its check, or the campaign launched. */
const show = (
  base: string,
  request: FastifyRequest,
  reply: FastifyReply,
  data: Record<string, unknown>,
  status = 200,
) =>
  sendPage(
    { request, reply },
    'service-center-launch',
    'Khởi chạy chiến dịch',
    {
      trail: [{ label: 'Điều hành', href: base }, { label: 'Khởi chạy chiến dịch' }],
      action: `${base}/khoi-chay`,
      ...data,
    },
    status,
  );

/** The campaign file sent, checked and summarized; nothing is written. */
async function checkUpload(
  context: RouteContext,
  parser: CampaignYamlParser,
  base: string,
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, string>,
) {
  const { text, name } = await submittedText(request, reply, values);
  const checked = await check(parser, text, name, context.now());
  if (checked.definition) await mayLaunch(context, request, checked.definition.id);
  const d = checked.definition;
  const kinds = new Map<string, number>();
  for (const a of d?.agencies ?? []) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  return show(
    base,
    request,
    reply,
    {
      name,
      problems: checked.problems.map((problem) => plainMessage(describeDefinitionProblem(problem))),
      // Refused, what was sent stays in the paste box to be corrected there.
      form: new FormView(formState(checked.problems.length > 0 ? { yaml: text, name } : {})),
      yaml: checked.problems.length === 0 ? text : undefined,
      summary: d && {
        id: d.id,
        directive: `${d.directive.number} — ${d.directive.title}`,
        submission: d.deadlines.submission,
        approval: d.deadlines.approval,
        reviewer: d.reviewer.name,
        approver: d.approver.name,
        agencies: d.agencies.length,
        kinds: [...kinds].map(([kind, count]) => `${AGENCY_KIND_LABELS[kind as AgencyKind] ?? kind}: ${count}`),
      },
    },
    checked.problems.length > 0 ? 400 : 200,
  );
}
