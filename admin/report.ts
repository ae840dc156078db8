import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { reportDir, writeReportFiles, type ReportFiles } from '../reporting/run-report';
import type { EnsuredSchedule } from '../server/campaign/report-schedule';
import type { Session } from './context';
import { campaignIdArg, parseInput } from './options';

// `report …`: the progress report for the Office, now (built by the dondoc server) or every working
// morning (a schedule the dondoc server sets up for the signed-in operator).

export function registerReportCommands(program: Command, session: Session): void {
  const report = program
    .command('report')
    .description('Báo cáo tiến độ: lập ngay, hoặc đặt lịch lập hằng ngày (07:30 ngày làm việc)');

  report
    .command('run')
    .description('Lập báo cáo tiến độ (HTML, Markdown, CSV, JSON) qua máy chủ dondoc')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--out <thư mục>', 'thư mục gốc của báo cáo', 'reports')
    .action((campaignId: string, options: Record<string, unknown>) => run(session, campaignId, options));

  report
    .command('schedule')
    .description('Tạo hoặc cập nhật lịch Temporal lập báo cáo lúc 07:30 các ngày làm việc')
    .argument('<campaignId>', 'mã chiến dịch')
    .option('--out <thư mục>', 'thư mục ghi báo cáo (trên máy chạy worker)', 'reports')
    .option('--email <địa chỉ...>', 'gửi báo cáo tới các địa chỉ này (cần SMTP_URL ở worker)')
    .action((campaignId: string, options: Record<string, unknown>) => schedule(session, campaignId, options));
}

const outOption = z.string().trim().min(1, 'thư mục (--out) không được để trống');

async function run(session: Session, campaignId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'report run',
    z.object({ campaignId: campaignIdArg, out: outOption }),
    { campaignId, ...options },
    ['campaignId'],
  );
  // Built by the dondoc server as the signed-in person; the files are written here, under --out.
  const answer = await session.api()<ReportFilesAnswer>(
    'GET',
    `/api/v1/campaigns/${encodeURIComponent(input.campaignId)}/report/files`,
  );
  const files = await writeReportFiles(reportDir(input.out, input.campaignId, answer.reportDay), answer.files);
  const { summary } = answer;
  session.out(
    `Đã lập báo cáo tiến độ chiến dịch ${input.campaignId}: ${summary.agencies} cơ quan, ${summary.accepted} đã được chấp nhận, ` +
      `${summary.late} chậm trễ, ${summary.perfunctory} có dấu hiệu đối phó.`,
  );
  for (const file of Object.values(files)) session.out(`  ${path.resolve(file)}`);
}

/** What `GET /api/v1/campaigns/:campaignId/report/files` answers. */
interface ReportFilesAnswer {
  reportDay: string;
  summary: { agencies: number; accepted: number; late: number; perfunctory: number };
  files: ReportFiles;
}

async function schedule(session: Session, campaignId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'report schedule',
    z.object({
      campaignId: campaignIdArg,
      out: outOption,
      email: z
        .preprocess(
          (value) => (typeof value === 'string' ? [value] : value),
          z.array(z.email('địa chỉ thư (--email) không hợp lệ, ví dụ vpub@quangngai.gov.vn')),
        )
        .optional(),
    }),
    { campaignId, ...options },
    ['campaignId'],
  );
  const result = await session.api()<EnsuredSchedule>(
    'PUT',
    `/api/v1/campaigns/${encodeURIComponent(input.campaignId)}/report-schedule`,
    { body: { outputDir: input.out, emailTo: input.email } },
  );
  session.out(
    `${result.created ? 'Đã tạo' : 'Đã cập nhật'} lịch ${result.scheduleId}: lập báo cáo lúc 07:30 (giờ Việt Nam) các ngày làm việc, ghi vào ${input.out}.`,
  );
}
