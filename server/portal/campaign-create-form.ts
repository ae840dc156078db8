import { z } from 'zod';
import { campaignDefinitionSchema, type CampaignDefinition } from '../../domain/campaign-definition';
import { parseDay } from '../../domain/day-input';
import { PAYLOAD_LIMITS } from '../../domain/payload-limits';
import { visibleText } from '../../domain/text';
import { formatDate, formatDateTime } from '../../domain/time';
import type { DirectoryAgency } from '../../directory/store';
import type { SavedDeliverable } from '../../campaign-files/deliverable-library';
import { chosenDeliverable } from './campaign-deliverable-choice';

// The "create a campaign" form read in one pass: every problem beside its field in plain Vietnamese,
// and, when there is none, the same campaign definition the campaign file parser produces (it is
// built as a campaign file and parsed by the same schema).

/** The form's fields: its inputs' names and what people call them. */
export const CAMPAIGN_FORM_FIELDS = {
  maChienDich: 'Mã chiến dịch',
  soVanBan: 'Số văn bản',
  ngayVanBan: 'Ngày văn bản',
  trichYeu: 'Trích yếu',
  coQuanBanHanh: 'Cơ quan ban hành',
  nguoiKy: 'Người ký',
  vanBanPdf: 'Tệp văn bản (PDF)',
  hanNop: 'Hạn nộp danh sách',
  hanPheDuyet: 'Hạn phê duyệt',
  thamDinhTen: 'Cơ quan thẩm định',
  thamDinhEmail: 'Email của cơ quan thẩm định',
  pheDuyetTen: 'Người phê duyệt',
  pheDuyetEmail: 'Email của người phê duyệt',
  dieuHanhTen: 'Đơn vị điều hành',
  dieuHanhEmail: 'Email của đơn vị điều hành',
  coQuan: 'Cơ quan nhận nhiệm vụ',
  sanPham: 'Sản phẩm cơ quan phải nộp',
  sanPhamNoiDung: 'Khai báo sản phẩm (.yaml hoặc .json)',
} as const;
export type CampaignFormField = keyof typeof CAMPAIGN_FORM_FIELDS;

/** What was typed (lists for the agency choices), kept whole to show again beside its problems. */
export interface CampaignFormValues {
  text: Partial<Record<CampaignFormField, string>>;
  /** "Every department" ticked. */
  allDepartments: boolean;
  /** Districts whose communes are all chosen. */
  districts: string[];
  /** Agencies picked one by one (codes). */
  codes: string[];
  /** The PDF already stored for this form: its name and SHA-256. */
  document?: { name: string; sha256: string };
  /** Why the file chosen this time was not taken (not a PDF). */
  documentProblem?: string;
  /** Why the declaration file chosen this time was not read (not .yaml/.json, not UTF-8). */
  declarationFileProblem?: string;
}

export type FieldErrors = Partial<Record<CampaignFormField, string>>;

export interface ChosenAgency extends DirectoryAgency {
  /** Why it is in the campaign, as people read it. */
  because: string;
}

const DATE_FIX = 'ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 05/03/2027';

/** `dd/mm/yyyy` only (the one date format people see), as `yyyy-mm-dd`. */
function readDate(text: string | undefined): { day?: string; problem?: string } {
  const value = (text ?? '').trim();
  if (!value) return { problem: `Chưa có ngày. Cách sửa: ${DATE_FIX}.` };
  if (!/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value))
    return { problem: `"${value}" không phải ngày dạng ngày/tháng/năm. Cách sửa: ${DATE_FIX}.` };
  const day = parseDay(value);
  return day ? { day } : { problem: `Không có ngày ${value} trong lịch. Cách sửa: ${DATE_FIX}.` };
}

/** A campaign code from the directive: `2415/UBND-KSTTHC` of 2026 → `2415-UBND-KSTTHC-2026`. */
export function campaignIdOf(number: string, day: string | undefined): string {
  const slug = number
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  const year = day?.slice(0, 4);
  return slug && year && !slug.endsWith(year) ? `${slug}-${year}` : slug;
}

/** The agencies the choices name, each once, in the directory's order. */
function chosenAgencies(values: CampaignFormValues, directory: DirectoryAgency[]): ChosenAgency[] {
  const districts = new Set(values.districts);
  const codes = new Set(values.codes);
  return directory.flatMap((agency) => {
    const because =
      values.allDepartments && agency.level === 'department'
        ? 'Mọi sở, ban, ngành'
        : agency.level === 'commune' && districts.has(agency.district)
          ? `Mọi xã của ${agency.district}`
          : codes.has(agency.code)
            ? 'Chọn riêng'
            : undefined;
    return because ? [{ ...agency, because }] : [];
  });
}

/** The field of the form a schema path speaks of. */
function fieldOfPath(path: readonly PropertyKey[]): CampaignFormField {
  const [head, next] = path.map(String);
  const byPath: Record<string, CampaignFormField> = {
    id: 'maChienDich',
    'directive.number': 'soVanBan',
    'directive.date': 'ngayVanBan',
    'directive.title': 'trichYeu',
    'directive.issuer': 'coQuanBanHanh',
    'directive.signer': 'nguoiKy',
    'directive.document': 'vanBanPdf',
    'deadlines.submission': 'hanNop',
    'deadlines.approval': 'hanPheDuyet',
    'reviewer.name': 'thamDinhTen',
    'reviewer.email': 'thamDinhEmail',
    'approver.name': 'pheDuyetTen',
    'approver.email': 'pheDuyetEmail',
    'serviceCenter.name': 'dieuHanhTen',
    'serviceCenter.email': 'dieuHanhEmail',
    deliverable: 'sanPhamNoiDung',
  };
  return byPath[`${head}.${next}`] ?? byPath[head ?? ''] ?? 'coQuan';
}

/** The form's values read field by field, the first problem of each field kept. */
class FormReading {
  readonly errors: FieldErrors = {};

  constructor(readonly values: CampaignFormValues) {}

  problem(field: CampaignFormField, message: string): void {
    this.errors[field] ??= message;
  }

  text(field: CampaignFormField): string {
    return visibleText(this.values.text[field] ?? '').replace(/\s+/g, ' ');
  }

  required(field: CampaignFormField, fix: string): string {
    const value = this.text(field);
    if (!value) this.problem(field, `Chưa điền ${CAMPAIGN_FORM_FIELDS[field].toLowerCase()}. Cách sửa: ${fix}.`);
    else if (value.length > PAYLOAD_LIMITS.shortText)
      this.problem(field, `Dài quá ${PAYLOAD_LIMITS.shortText} ký tự. Cách sửa: rút gọn.`);
    return value;
  }

  email(field: CampaignFormField): string {
    const value = this.text(field).toLowerCase();
    if (!value)
      this.problem(field, 'Chưa có email. Cách sửa: ghi email của người nhận vai trò, ví dụ vanthu@quangngai.gov.vn.');
    else if (!z.email().safeParse(value).success)
      this.problem(field, `"${value}" không phải địa chỉ email. Cách sửa: ghi dạng ten@quangngai.gov.vn.`);
    return value;
  }

  get failed(): boolean {
    return Object.keys(this.errors).length > 0;
  }
}

const endOf = (day: string) => `${day}T23:59:59+07:00`;

/**
 * Every problem of the form at once, and the definition when there is none. `now` is the instant
 * deadlines must be after; `signedInEmail` may not name itself reviewer or approver.
 */
export function readCampaignForm(
  values: CampaignFormValues,
  directory: DirectoryAgency[],
  now: Date,
  signedInEmail: string,
  savedDeliverables: SavedDeliverable[] = [],
): {
  errors: FieldErrors;
  definition?: CampaignDefinition;
  agencies: ChosenAgency[];
  /** Every problem of an uploaded declaration, each located in words. */
  deliverableProblems: string[];
} {
  const form = new FormReading(values);
  const { errors } = form;
  const directive = readDirective(form);
  const deadlines = readDeadlines(form, directive.date, now);
  const people = readPeople(form, signedInEmail);
  const deliverable = readDeliverable(form, savedDeliverables);
  const { deliverableProblems } = deliverable;
  const agencies = readAgencies(form, directory);
  if (form.failed) return { errors, agencies, deliverableProblems };

  // Built as a campaign file and read by the campaign file's own schema: one definition, two ways in.
  const { id, ...directiveFields } = directive;
  const parsed = campaignDefinitionSchema.safeParse({
    id,
    directive: { ...directiveFields, document: values.document },
    deadlines: { submission: endOf(deadlines.submission!), approval: endOf(deadlines.approval!) },
    ...people,
    deliverable: deliverable.declaration,
    agencies: agencies.map((a) => ({ code: a.code, name: a.name, kind: a.level, email: a.email })),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) form.problem(fieldOfPath(issue.path), issue.message);
    return { errors, agencies, deliverableProblems };
  }
  const definition = { ...parsed.data, agencies: parsed.data.agencies ?? [] };
  delete definition.roster;
  return { errors, definition, agencies, deliverableProblems };
}

/** The directive: its number, date, subject, issuer and signer, its PDF, and the campaign's ID. */
function readDirective(form: FormReading) {
  const { values } = form;
  const number = form.required('soVanBan', 'ghi số hiệu văn bản, ví dụ 2415/UBND-KSTTHC');
  const directiveDate = readDate(values.text.ngayVanBan);
  if (directiveDate.problem) form.problem('ngayVanBan', directiveDate.problem);
  const title = form.required('trichYeu', 'ghi trích yếu của văn bản (V/v …)');
  const issuer = form.text('coQuanBanHanh') || undefined;
  const signer = form.text('nguoiKy') || undefined;
  const typedId = form.text('maChienDich');
  const id = typedId || campaignIdOf(number, directiveDate.day);
  if (typedId && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(typedId))
    form.problem(
      'maChienDich',
      `"${typedId}" có ký tự không dùng được. Cách sửa: chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, ví dụ 2415-UBND-KSTTHC-2026, hoặc bỏ trống để dondoc đặt theo số văn bản.`,
    );
  if (values.documentProblem) form.problem('vanBanPdf', values.documentProblem);
  if (!values.document)
    form.problem(
      'vanBanPdf',
      'Chưa đính kèm văn bản. Cách sửa: chọn tệp PDF của văn bản giao nhiệm vụ (bản đã ký, đã quét).',
    );
  return { id, number, date: directiveDate.day, title, issuer, signer };
}

/** The submission and approval days: after the directive, in the future, in that order. */
function readDeadlines(form: FormReading, directiveDay: string | undefined, now: Date) {
  const submission = readDate(form.values.text.hanNop);
  if (submission.problem) form.problem('hanNop', submission.problem);
  const approval = readDate(form.values.text.hanPheDuyet);
  if (approval.problem) form.problem('hanPheDuyet', approval.problem);
  if (submission.day && directiveDay && submission.day < directiveDay)
    form.problem(
      'hanNop',
      `Hạn nộp ${formatDate(submission.day)} ở trước ngày văn bản ${formatDate(directiveDay)}. Cách sửa: đặt hạn nộp sau ngày văn bản.`,
    );
  else if (submission.day && Date.parse(endOf(submission.day)) <= now.getTime())
    form.problem(
      'hanNop',
      `Hạn nộp ${formatDate(submission.day)} đã qua (bây giờ là ${formatDateTime(now)}): mọi cơ quan sẽ quá hạn ngay. Cách sửa: đặt hạn nộp trong tương lai.`,
    );
  if (submission.day && approval.day && approval.day <= submission.day)
    form.problem(
      'hanPheDuyet',
      `Hạn phê duyệt ${formatDate(approval.day)} không ở sau hạn nộp ${formatDate(submission.day)}. Cách sửa: đặt hạn phê duyệt sau hạn nộp, đủ ngày để thẩm định và tổng hợp.`,
    );
  return { submission: submission.day, approval: approval.day };
}

/** The reviewer, the approver and the Service Center: nobody names themselves, the approver does not operate. */
function readPeople(form: FormReading, signedInEmail: string) {
  const reviewer = {
    name: form.required('thamDinhTen', 'ghi tên cơ quan thẩm định, ví dụ "Sở Thông tin và Truyền thông"'),
    email: form.email('thamDinhEmail'),
  };
  const approver = {
    name: form.required('pheDuyetTen', 'ghi chức danh người phê duyệt, ví dụ "Chủ tịch UBND tỉnh"'),
    email: form.email('pheDuyetEmail'),
  };
  const serviceCenter = {
    name: form.required('dieuHanhTen', 'ghi tên đơn vị điều hành, ví dụ "Trung tâm Phục vụ hành chính công tỉnh"'),
    email: form.email('dieuHanhEmail'),
  };
  const self = signedInEmail.toLowerCase();
  for (const [field, who] of [
    ['thamDinhEmail', 'cơ quan thẩm định'],
    ['pheDuyetEmail', 'người phê duyệt'],
  ] as const)
    if (form.text(field).toLowerCase() === self)
      form.problem(
        field,
        `Đây là email của chính bạn: không ai tự giao cho mình vai trò ${who}. Cách sửa: ghi email của người khác.`,
      );
  if (approver.email && approver.email === serviceCenter.email)
    form.problem(
      'dieuHanhEmail',
      'Người phê duyệt không được đồng thời điều hành chiến dịch mình phê duyệt. Cách sửa: ghi email khác cho đơn vị điều hành hoặc cho người phê duyệt.',
    );
  return { reviewer, approver, serviceCenter };
}

/** The deliverable chosen, pasted or uploaded, with every problem of its declaration. */
function readDeliverable(form: FormReading, savedDeliverables: SavedDeliverable[]) {
  const { values } = form;
  const deliverable = chosenDeliverable(values.text.sanPham, values.text.sanPhamNoiDung, savedDeliverables);
  if (deliverable.choiceProblem) form.problem('sanPham', deliverable.choiceProblem);
  const deliverableProblems = values.declarationFileProblem
    ? [values.declarationFileProblem]
    : deliverable.textProblems;
  if (deliverableProblems.length > 0)
    form.problem(
      'sanPhamNoiDung',
      deliverableProblems.length === 1
        ? deliverableProblems[0]!
        : `Khai báo có ${deliverableProblems.length} lỗi, kê ngay dưới ô. Cách sửa: sửa từng lỗi rồi gửi lại.`,
    );
  return { declaration: deliverable.declaration, deliverableProblems };
}

/** The agencies chosen from the directory: at least one, each still in it. */
function readAgencies(form: FormReading, directory: DirectoryAgency[]): ChosenAgency[] {
  const agencies = chosenAgencies(form.values, directory);
  if (agencies.length === 0)
    form.problem(
      'coQuan',
      'Chưa chọn cơ quan nào. Cách sửa: đánh dấu "Mọi sở, ban, ngành", chọn huyện để giao cho mọi xã của huyện, hoặc chọn từng cơ quan.',
    );
  const unknown = form.values.codes.filter((code) => !directory.some((a) => a.code === code));
  if (unknown.length > 0)
    form.problem(
      'coQuan',
      `Không còn trong danh bạ (hoặc đã ngừng dùng): ${unknown.join(', ')}. Cách sửa: bỏ chọn các cơ quan này, hoặc dùng lại chúng trong danh bạ.`,
    );
  return agencies;
}
