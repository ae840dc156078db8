import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatDateTime } from '../domain/time';
import type { Stage } from '../domain/stages';
import { agencyListSchema, type AgencyList } from '../domain/agency-list';
import { diffLists, formatDiff } from '../domain/list-diff';
import { readListFile, writeListCsvTemplate, writeListTemplate } from '../list-files';
import type { Session } from './context';
import { CliError } from './errors';
import { stageLabel } from './format';
import { agencyLabel } from './lookup';
import { agencyArguments } from './arguments';
import { agencyAction, agencyInput, openAndAct, parseAgencyCall, type AgencyCall } from './agency-command';
import { parseInput, positiveInt, requiredText } from './options';

// `agency …`: what an agency's member does (signed in as themselves), and the list template.

const DEFAULT_TEMPLATE = 'mau-danh-sach-giay-to-so-hoa.xlsx';

export function registerAgencyCommands(program: Command, session: Session): void {
  const agency = program
    .command('agency')
    .description('Cơ quan: nộp danh sách, hỏi hỗ trợ, lấy tệp mẫu, so sánh các lần nộp');

  agencyArguments(
    agency
      .command('submit')
      .description('Nộp (hoặc nộp lại) danh sách giấy tờ cần số hóa của một cơ quan từ tệp .xlsx, .csv hoặc .json'),
  )
    .option('--file <tệp>', 'tệp danh sách theo mẫu (.xlsx, .csv hoặc .json), gửi lên máy chủ dondoc')
    .action(agencyAction(session, submit));

  agencyArguments(
    agency
      .command('support')
      .description('Gửi câu hỏi của cơ quan tới cơ quan thẩm định và đơn vị điều hành của chiến dịch'),
  )
    .option('--question <câu hỏi>', 'nội dung cần hỗ trợ: TTHC nào, giấy tờ nào')
    .action(agencyAction(session, support));

  agency
    .command('template')
    .description('Ghi tệp mẫu danh sách giấy tờ cần số hóa (.xlsx, hoặc .csv)')
    .option('--out <tệp>', `tệp sẽ ghi; mặc định: ${DEFAULT_TEMPLATE}`)
    .option('--force', 'ghi đè nếu tệp đã có')
    .action((options: Record<string, unknown>) => template(session, options));

  agencyArguments(agency.command('diff').description('So sánh hai phiên bản danh sách đã nộp của một cơ quan'))
    .option('--from <N>', 'phiên bản cũ; mặc định: phiên bản ngay trước --to')
    .option('--to <M>', 'phiên bản mới; mặc định: phiên bản mới nhất')
    .action(agencyAction(session, diff));
}

function countDocuments(list: AgencyList): number {
  return list.procedures.reduce((sum, p) => sum + p.documents.length, 0);
}

async function submit(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall(
    'agency submit',
    agencyInput({ file: requiredText('--file', 'so-tu-phap.xlsx') }),
    call,
  );
  // The file is read and checked here first (a bad file sends nothing), then uploaded as it is:
  // the server reads the same bytes with the same reader.
  const list = await readListFile(input.file);
  const content = fs.readFileSync(input.file);
  const { receipt, target } = await openAndAct<{ version: number; stage: Stage; findings?: string[] }>(
    session,
    input,
    'submit',
    'submissions/file',
    { file: { name: path.basename(input.file), content } },
  );
  session.out(
    `${agencyLabel(target.assignment)} đã nộp danh sách: phiên bản ${receipt.version}, trạng thái "${stageLabel(receipt.stage)}"; ` +
      `${list.procedures.length} TTHC, ${countDocuments(list)} giấy tờ (từ tệp ${path.basename(input.file)}).`,
  );
  const findings = receipt.findings ?? [];
  if (findings.length === 0) {
    session.out('Không có lưu ý nào về chất lượng danh sách.');
  } else {
    session.out(`Lưu ý gửi kèm cho cơ quan thẩm định (${findings.length}):`);
    for (const finding of findings) session.out(`  - ${finding}`);
  }
}

async function support(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall(
    'agency support',
    agencyInput({ question: requiredText('--question', 'TTHC 1.002421 có phải số hóa Giấy chứng nhận … không?') }),
    call,
  );
  const { receipt: result, target } = await openAndAct<{ requestId: string }>(session, input, 'support', 'support', {
    body: { question: input.question },
  });
  session.out(`Đã gửi yêu cầu hỗ trợ của ${agencyLabel(target.assignment)}: mã ${result.requestId}.`);
  session.out(
    `Trả lời bằng: npm run dondoc -- review answer ${input.campaignId} ${input.agencyCode} --request "${result.requestId}" --answer "<câu trả lời>"`,
  );
}

async function template(session: Session, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'agency template',
    z.object({
      out: z
        .string()
        .trim()
        .min(1, 'không được để trống')
        .refine(
          (file) => /\.(xlsx|csv)$/i.test(file),
          'tệp mẫu phải có đuôi .xlsx (khuyên dùng) hoặc .csv, ví dụ --out mau.xlsx',
        )
        .default(DEFAULT_TEMPLATE),
      force: z.boolean().optional(),
    }),
    options,
  );
  const file = path.resolve(input.out);
  if (!fs.existsSync(path.dirname(file)))
    throw new CliError(
      `--out: thư mục ${path.dirname(file)} không tồn tại. Cách sửa: tạo thư mục trước, hoặc chọn nơi ghi khác.`,
    );
  if (fs.existsSync(file) && !input.force)
    throw new CliError(`--out: tệp ${input.out} đã có. Cách sửa: chọn tên khác, hoặc thêm --force để ghi đè.`);
  if (/\.csv$/i.test(file)) await writeListCsvTemplate(file);
  else await writeListTemplate(file);
  session.out(`Đã ghi tệp mẫu ${input.out}. Mỗi dòng là một giấy tờ cần số hóa; xóa các dòng ví dụ trước khi nộp.`);
  session.out('Nộp bằng: npm run dondoc -- agency submit <mã chiến dịch> <mã cơ quan> --file <tệp>');
}

async function diff(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall(
    'agency diff',
    agencyInput({ from: positiveInt('--from'), to: positiveInt('--to') }).refine(
      (o) => o.from === undefined || o.to === undefined || o.from < o.to,
      { message: '--from phải nhỏ hơn --to, ví dụ --from 1 --to 2' },
    ),
    call,
  );
  // The agency's submissions, read through the dondoc server as the signed-in person (an agency
  // member reads only their own agency's).
  const read = await session.api()<AgencyRead>(
    'GET',
    `/api/v1/campaigns/${encodeURIComponent(input.campaignId)}/agencies/${encodeURIComponent(input.agencyCode)}`,
  );
  const label = `${read.agency.name} (${read.agency.code})`;
  const submissions = read.submissions;
  if (submissions.length === 0) throw new CliError(`${label} chưa nộp danh sách nào: không có gì để so sánh.`);
  const versions = submissions.map((s) => s.version);
  const find = (version: number, flag: string) => {
    const found = submissions.find((s) => s.version === version);
    if (!found)
      throw new CliError(
        `${flag}: ${label} không có phiên bản ${version}; các phiên bản đã nộp: ${versions.join(', ')}.`,
      );
    return found;
  };
  const to = find(input.to ?? Math.max(...versions), '--to');
  const fromVersion = input.from ?? (input.to !== undefined ? input.to - 1 : to.version - 1);
  if (input.from !== undefined && input.from >= to.version)
    throw new CliError(`--from: phải nhỏ hơn phiên bản ${to.version} (--to).`);
  const from = fromVersion >= 1 ? find(fromVersion, '--from') : undefined;
  const list = (content: unknown): AgencyList => {
    const parsed = agencyListSchema.safeParse(content);
    return parsed.success ? parsed.data : (content as AgencyList);
  };
  const describe = (s: { version: number; submittedAt: string; submittedBy: string }) =>
    `phiên bản ${s.version} (${formatDateTime(s.submittedAt)}, ${s.submittedBy})`;
  session.out(
    from
      ? `So sánh danh sách của ${label}: ${describe(from)} → ${describe(to)}`
      : `Danh sách của ${label}: ${describe(to)}, lần nộp đầu tiên`,
  );
  session.out(formatDiff(diffLists(from ? list(from.content) : undefined, list(to.content)), { maxLines: 1_000 }));
}

/** What `GET /api/v1/campaigns/:campaignId/agencies/:agencyCode` answers (the part `diff` reads). */
interface AgencyRead {
  agency: { code: string; name: string };
  submissions: { version: number; submittedAt: string; submittedBy: string; content: unknown }[];
}
