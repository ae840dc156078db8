import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROVINCE_SCOPE } from '../../domain/access';
import {
  DIRECTORY_FIELDS,
  DIRECTORY_LEVELS,
  LEVEL_LABELS,
  readDirectoryEntry,
  type DirectoryField,
  type DirectoryLevel,
} from '../../directory/entry';
import {
  DIRECTORY_FILE_LIMITS,
  DirectoryFileError,
  directoryCsvTemplate,
  readDirectoryFile,
} from '../../directory/file';
import {
  addDirectoryAgency,
  changeDirectoryAgency,
  directoryDistricts,
  findDirectoryAgency,
  importDirectory,
  listDirectory,
  setDirectoryAgencyActive,
  type DirectoryActor,
} from '../../directory/store';
import { formatListFileIssue } from '../../list-files';
import { notFound } from '../../shared/http-errors';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { readFileForm } from './multipart-form';
import { formOf, redirectDone } from './role-pages';
import { sendPage } from './views';

// The province's agency directory for the Service Center: listed with search and filters, imported
// from .xlsx/.csv (a file with any problem stores nothing and shows each problem where it is), and
// edited one agency at a time. Every change names the person (directory/store.ts audits it).

const LEVEL_OPTIONS = DIRECTORY_LEVELS.map((level) => ({ value: level, label: LEVEL_LABELS[level] }));

/** The person managing the directory, refused (403, audited) unless the access rule allows it. */
async function directoryActor(context: RouteContext, request: FastifyRequest): Promise<DirectoryActor> {
  const { principal, role } = await authorize(context.db, request, 'manageDirectory', PROVINCE_SCOPE);
  return { personId: principal.person.id, role, channel: principal.channel, clientAddress: request.ip };
}

const FORM_FIELDS: Record<DirectoryField, string> = {
  code: 'ma',
  name: 'ten',
  level: 'cap',
  district: 'huyen',
  email: 'email',
  electronicId: 'maDinhDanh',
};

const hidden = { schema: { hide: true } };
const directoryPath = (base: string) => `${base}/danh-ba`;
const directoryTrail = (base: string) => [
  { label: 'Điều hành', href: base },
  { label: 'Danh bạ cơ quan', href: directoryPath(base) },
];
const entryPath = (base: string, code: string) => `${directoryPath(base)}/co-quan/${encodeURIComponent(code)}`;

export function registerDirectoryPages(app: TypedApp, context: RouteContext, base: string): void {
  registerDirectoryList(app, context, base);
  registerDirectoryEntries(app, context, base);
}

/** The directory, searched and filtered as the query asks. */
const showList = async (
  context: RouteContext,
  base: string,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown>,
  status = 200,
) => {
  const query = request.query as Record<string, string | undefined>;
  const level = (DIRECTORY_LEVELS as readonly string[]).includes(query.cap ?? '')
    ? (query.cap as DirectoryLevel)
    : undefined;
  const filter = { q: query.q?.trim() || undefined, level, district: query.huyen || undefined };
  const { db } = context;
  const path = directoryPath(base);
  const agencies = await listDirectory(db, { ...filter, includeInactive: true });
  return sendPage(
    { request, reply },
    'directory',
    'Danh bạ cơ quan',
    {
      trail: [directoryTrail(base)[0]!, { label: 'Danh bạ cơ quan' }],
      path,
      notice: query.da,
      query: { q: query.q ?? '', cap: level ?? '', huyen: query.huyen ?? '' },
      levels: LEVEL_OPTIONS,
      districts: await directoryDistricts(db),
      agencies: agencies.map((a) => ({ ...a, levelLabel: LEVEL_LABELS[a.level], href: entryPath(base, a.code) })),
      filtered: Boolean(filter.q || filter.level || filter.district),
      ...extra,
    },
    status,
  );
};

/** One agency's form, to add it or change it (again with what was typed, when refused). */
const showAgency = (
  base: string,
  request: FastifyRequest,
  reply: FastifyReply,
  data: { values: Record<string, string>; errors?: Record<string, string>; existing?: { active: boolean } },
  status = 200,
) => {
  const path = directoryPath(base);
  const editing = data.existing !== undefined;
  const title = editing ? `Sửa cơ quan ${data.values.ma}` : 'Thêm cơ quan vào danh bạ';
  return sendPage(
    { request, reply },
    'directory-agency',
    title,
    {
      trail: [...directoryTrail(base), { label: editing ? data.values.ma! : 'Thêm cơ quan' }],
      action: editing ? entryPath(base, data.values.ma!) : `${path}/them`,
      statusAction: editing ? `${entryPath(base, data.values.ma!)}/trang-thai` : undefined,
      active: data.existing?.active,
      labels: DIRECTORY_FIELDS,
      names: FORM_FIELDS,
      levels: LEVEL_OPTIONS,
      values: data.values,
      errors: data.errors ?? {},
      errorCount: Object.keys(data.errors ?? {}).length,
    },
    status,
  );
};

/** The form's entry, or its problems beside their fields (by form field name). */
const readForm = (form: Record<string, string>) => {
  const raw = Object.fromEntries(
    (Object.keys(FORM_FIELDS) as DirectoryField[]).map((field) => [field, form[FORM_FIELDS[field]] ?? '']),
  );
  const { entry, problems } = readDirectoryEntry(raw);
  const errors = Object.fromEntries(
    problems.map((p) => [FORM_FIELDS[p.field], `${capitalize(p.message)}. Cách sửa: ${p.fix}.`]),
  );
  return { entry, errors };
};

/** The directory listed, its template, and a directory file imported. */
function registerDirectoryList(app: TypedApp, context: RouteContext, base: string): void {
  const { db } = context;
  const path = directoryPath(base);
  app.get(path, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await directoryActor(context, request);
    return showList(context, base, request, reply, {});
  });

  app.get(`${path}/mau-danh-ba.csv`, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await directoryActor(context, request);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="mau-danh-ba-co-quan.csv"')
      .send(`\uFEFF${directoryCsvTemplate()}\r\n`);
  });

  // Import: the person is checked before the file is read; a file with any problem stores nothing.
  app.post(
    `${path}/nhap`,
    {
      ...hidden,
      bodyLimit: BODY_LIMITS.launch,
      config: { csrfInMultipart: true, fileLimit: DIRECTORY_FILE_LIMITS.maxBytes },
    },
    async (request, reply) => {
      const actor = await directoryActor(context, request);
      const file = await readFileForm(request, reply);
      try {
        const entries = await readDirectoryFile(file.fileName, file.buffer);
        const { created, updated } = await importDirectory(db, entries, actor, file.fileName);
        return redirectDone(
          reply,
          path,
          `Đã nhập ${entries.length} cơ quan từ tệp "${file.fileName}": ${created} cơ quan mới, ${updated} cơ quan được cập nhật.`,
        );
      } catch (error) {
        if (!(error instanceof DirectoryFileError)) throw error;
        return showList(
          context,
          base,
          request,
          reply,
          {
            importFailed: {
              fileName: file.fileName,
              problems: error.issues.map((issue) => ({ ...issue, text: formatListFileIssue(issue) })),
            },
          },
          400,
        );
      }
    },
  );
}

/** One agency added, changed, or taken out of use (and back). */
function registerDirectoryEntries(app: TypedApp, context: RouteContext, base: string): void {
  const { db } = context;
  const path = directoryPath(base);
  app.get(`${path}/them`, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await directoryActor(context, request);
    return showAgency(base, request, reply, { values: {} });
  });

  app.post(`${path}/them`, hidden, async (request, reply) => {
    const actor = await directoryActor(context, request);
    const values = formOf(request);
    const { entry, errors } = readForm(values);
    if (!entry) return showAgency(base, request, reply, { values, errors }, 400);
    if (!(await addDirectoryAgency(db, entry, actor)))
      return showAgency(
        base,
        request,
        reply,
        {
          values,
          errors: { ma: `Mã "${entry.code}" đã có trong danh bạ. Cách sửa: chọn mã khác, hoặc mở cơ quan đó để sửa.` },
        },
        400,
      );
    return redirectDone(reply, path, `Đã thêm ${entry.name} vào danh bạ.`);
  });

  app.get(`${path}/co-quan/:code`, hidden, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await directoryActor(context, request);
    const agency = await findDirectoryAgency(db, (request.params as { code: string }).code);
    if (!agency) throw notFound('Không có cơ quan này trong danh bạ.');
    const values = Object.fromEntries(
      (Object.keys(FORM_FIELDS) as DirectoryField[]).map((field) => [
        FORM_FIELDS[field],
        field === 'level' ? agency.level : (agency[field] ?? ''),
      ]),
    );
    return showAgency(base, request, reply, { values, existing: agency });
  });

  app.post(`${path}/co-quan/:code`, hidden, async (request, reply) => {
    const actor = await directoryActor(context, request);
    const code = (request.params as { code: string }).code;
    const existing = await findDirectoryAgency(db, code);
    if (!existing) throw notFound('Không có cơ quan này trong danh bạ.');
    // The code names the agency in campaigns already launched: it is not changed here.
    const values = { ...formOf(request), ma: code };
    const { entry, errors } = readForm(values);
    if (!entry) return showAgency(base, request, reply, { values, errors, existing }, 400);
    await changeDirectoryAgency(db, entry, actor);
    return redirectDone(reply, path, `Đã lưu thay đổi của ${entry.name}.`);
  });

  app.post(`${path}/co-quan/:code/trang-thai`, hidden, async (request, reply) => {
    const actor = await directoryActor(context, request);
    const code = (request.params as { code: string }).code;
    const active = formOf(request).active === '1';
    if (!(await setDirectoryAgencyActive(db, code, active, actor)))
      throw notFound('Không có cơ quan này trong danh bạ.');
    return redirectDone(
      reply,
      path,
      active
        ? `Đã dùng lại cơ quan mã ${code}: cơ quan lại có trong danh sách để chọn khi tạo chiến dịch.`
        : `Đã ngừng dùng cơ quan mã ${code}: cơ quan không còn được chọn khi tạo chiến dịch mới; các chiến dịch đang chạy không đổi.`,
    );
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
