import { z } from 'zod';
import { AGENCY_KINDS } from './agency-input';
import { campaignPolicySchema, defaultPolicy } from './policy';
import { INITIAL_STAGES } from './stages';
import { formatPath } from './agency-list';
import { deadlineOrderProblems } from './campaign-deadlines';
import { visibleText } from './text';
import { PAYLOAD_LIMITS } from './payload-limits';
import { deliverableDeclarationSchema } from './deliverables/declaration';

// A campaign definition (the YAML file, its roster resolved): the directive, its deadlines as
// explicit instants, the calendar, the people involved and the roster of agencies. Read from files
// by campaign-files/campaign-definition.ts, received as JSON by the server; one schema for both.

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    error: `${what} phải là thời điểm có múi giờ, ví dụ 2024-03-04T23:59:59+07:00 (giờ Việt Nam).`,
  });
/** A text field whose every error says what is wrong and how to fix it. */
const textField = (label: string, fix: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `Thiếu ${label}. Cách sửa: ${fix}`
          : `${label} phải là chữ (văn bản). Cách sửa: ${fix}`,
    })
    .overwrite(visibleText)
    .min(1, `Thiếu ${label}. Cách sửa: ${fix}`);
const emailField = (label: string) =>
  z
    .email({
      error: `${label} không hợp lệ. Cách sửa: ghi một địa chỉ email, ví dụ vanthu@quangngai.gov.vn, hoặc bỏ trống.`,
    })
    .optional();
const person = (field: string) =>
  z.object(
    {
      name: textField(`tên (${field}.name)`, `ghi tên cơ quan hoặc người, ví dụ "Sở Khoa học và Công nghệ".`),
      email: emailField(`Email (${field}.email)`),
    },
    { error: `Thiếu ${field}. Cách sửa: ghi ${field}: { name: "…", email: "…" }.` },
  );

/** Agencies in one campaign (a province has a few hundred; each is one workflow). */
export const MAX_CAMPAIGN_AGENCIES = 5_000;

const CODE_FIX = 'ghi mã cơ quan chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới, ví dụ so-tu-phap hoặc xa-21112.';

export const rosterEntrySchema = z.object(
  {
    code: textField('mã cơ quan (code)', CODE_FIX)
      .max(
        PAYLOAD_LIMITS.agencyCode,
        `Mã cơ quan (code) dài quá ${PAYLOAD_LIMITS.agencyCode} ký tự. Cách sửa: ${CODE_FIX}`,
      )
      .regex(/^[\p{L}\p{N}.\-_]+$/u, `Mã cơ quan (code) có ký tự không dùng được. Cách sửa: ${CODE_FIX}`),
    name: textField('tên cơ quan (name)', 'ghi tên đầy đủ của cơ quan, ví dụ "Sở Tư pháp".').max(
      PAYLOAD_LIMITS.shortText,
      `Tên cơ quan (name) dài quá ${PAYLOAD_LIMITS.shortText} ký tự. Cách sửa: ghi tên đầy đủ của cơ quan, không kèm ghi chú.`,
    ),
    kind: z.enum(AGENCY_KINDS, {
      error: (issue) =>
        `${issue.input === undefined ? 'Thiếu loại cơ quan (kind)' : 'Loại cơ quan (kind) không hợp lệ'}. Cách sửa: ghi một trong: ${AGENCY_KINDS.join(', ')}.`,
    }),
    email: emailField('Email cơ quan (email)'),
    stage: z
      .enum(INITIAL_STAGES, {
        error:
          'Trạng thái ban đầu (stage) không hợp lệ. Cách sửa: ghi assigned hoặc returned, hoặc bỏ trống (assigned).',
      })
      .default('assigned'),
    reason: z
      .string({ error: 'Lý do (reason) phải là chữ (văn bản). Cách sửa: ghi lý do, hoặc bỏ trống.' })
      .overwrite(visibleText)
      .max(PAYLOAD_LIMITS.longText, `Lý do (reason) dài quá ${PAYLOAD_LIMITS.longText} ký tự. Cách sửa: rút gọn lý do.`)
      .optional(),
  },
  { error: 'Mỗi cơ quan phải là một mục { code, name, kind, email?, stage?, reason? }.' },
);
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export const campaignDefinitionSchema = z
  .object({
    id: textField(
      'mã chiến dịch (id)',
      'ghi mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, ví dụ 100-UBND-2025.',
    ).regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'Mã chiến dịch (id) chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang. Cách sửa: ví dụ 100-UBND-2025.',
    ),
    directive: z.object(
      {
        number: textField('số văn bản (directive.number)', 'ghi số hiệu văn bản, ví dụ 100/UBND-VP.'),
        date: z.iso.date('Ngày văn bản (directive.date) phải có dạng YYYY-MM-DD, ví dụ 2024-02-07.'),
        title: textField('trích yếu văn bản (directive.title)', 'ghi trích yếu của văn bản giao nhiệm vụ.'),
        issuer: z.string().overwrite(visibleText).optional(),
        signer: z.string().overwrite(visibleText).optional(),
        /** The directive's PDF as stored by the server (by its SHA-256); only this pointer travels. */
        document: z
          .object(
            {
              name: z.string().overwrite(visibleText).min(1).max(PAYLOAD_LIMITS.shortText),
              sha256: z.string().regex(/^[0-9a-f]{64}$/),
            },
            { error: 'Tệp văn bản (directive.document) phải có dạng { name, sha256 }. Cách sửa: bỏ trường này.' },
          )
          .optional(),
      },
      { error: 'Thiếu văn bản giao nhiệm vụ (directive). Cách sửa: ghi directive: { number, date, title }.' },
    ),
    deadlines: z.object(
      {
        submission: instant('Hạn nộp (deadlines.submission)'),
        approval: instant('Hạn phê duyệt (deadlines.approval)'),
      },
      { error: 'Thiếu các hạn (deadlines). Cách sửa: ghi deadlines: { submission, approval } có múi giờ.' },
    ),
    calendar: z
      .enum(['vietnam', 'weekends-only'], { error: 'Lịch (calendar) phải là vietnam hoặc weekends-only.' })
      .default('vietnam'),
    policy: campaignPolicySchema.default(defaultPolicy),
    reviewer: person('reviewer'),
    approver: person('approver'),
    serviceCenter: person('serviceCenter'),
    /** What each agency delivers; absent means the Article 4 list (domain/deliverables/article-4.ts). */
    deliverable: deliverableDeclarationSchema.optional(),
    agencies: z
      .array(rosterEntrySchema)
      .max(MAX_CAMPAIGN_AGENCIES, `Tối đa ${MAX_CAMPAIGN_AGENCIES} cơ quan. Cách sửa: chia thành nhiều chiến dịch.`)
      .optional(),
    roster: z.string().overwrite(visibleText).optional(),
  })
  .refine((d) => Date.parse(d.deadlines.approval) > Date.parse(d.deadlines.submission), {
    path: ['deadlines', 'approval'],
    message: 'Hạn phê duyệt phải sau hạn nộp. Cách sửa: đặt deadlines.approval sau deadlines.submission.',
  })
  .superRefine((d, ctx) => {
    for (const problem of deadlineOrderProblems(d)) ctx.addIssue({ code: 'custom', ...problem });
  })
  .refine((d) => (d.agencies ? 1 : 0) + (d.roster ? 1 : 0) === 1, {
    path: ['agencies'],
    message:
      'Cần đúng một trong hai: danh sách cơ quan (agencies) ngay trong tệp, hoặc tệp danh sách (roster: ./tệp.csv hoặc .xlsx).',
  });

/** `field: message`, with a way to fix it when the schema's own message gives none. */
export function describeCampaignIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  const fix = /Cách sửa|ví dụ/.test(issue.message) ? '' : ` Cách sửa: xem trường ${field} trong campaigns/README.md.`;
  return `${field}: ${issue.message}${fix}`;
}

export type CampaignDefinitionFile = z.infer<typeof campaignDefinitionSchema>;
export type CampaignDefinition = Omit<CampaignDefinitionFile, 'agencies' | 'roster'> & { agencies: RosterEntry[] };

export class CampaignDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Tệp chiến dịch ${file} không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignDefinitionError';
  }
}

/** A definition with its roster resolved: what the launcher starts and the server accepts. */
export const resolvedCampaignDefinitionSchema = campaignDefinitionSchema.safeExtend({
  agencies: z.array(rosterEntrySchema).min(1, 'Danh sách cơ quan (agencies) trống.'),
  roster: z.undefined().optional(),
});
