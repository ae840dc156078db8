import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { z } from 'zod';
import { PROCEDURE_CODE, agencyListSchema, describeIssues, nationalCode, normalizeName } from '../domain/agency-list';
import type { ConsolidationSummary } from '../workflows/campaign/messages';
import { returnReasonsSchema, type AgencyState, type ReturnReasons } from '../workflows/agency/messages';
import type { Session } from './context';
import { CliError } from './errors';
import { formatDeadline } from '../domain/deadline-display';
import { stageLabel } from './format';
import { actOnCampaign, agencyLabel, loadCampaign, queryAgency, queryCampaign, type AgencyAssignment } from './lookup';
import { agencyArguments, campaignArgument } from './arguments';
import { agencyAction, agencyInput, openAndAct, parseAgencyCall, type AgencyCall } from './agency-command';
import { campaignIdArg, exactlyOne, optionalText, parseInput, requiredText } from './options';

// `review …`: what the campaign's reviewer does, signed in as themselves: accept or return a list,
// answer a support request, consolidate the accepted lists.

const LINE_FORMAT =
  'phải có dạng <mã TTHC>[:<tên giấy tờ>]=<lý do>, ví dụ --line "1.002421:Tờ khai=Thiếu căn cứ pháp lý"';

export function registerReviewCommands(program: Command, session: Session): void {
  const review = program
    .command('review')
    .description('Thẩm định (cơ quan thẩm định của chiến dịch): chấp nhận, trả lại, trả lời hỗ trợ, tổng hợp');

  agencyArguments(review.command('accept').description('Chấp nhận danh sách đang chờ thẩm định của một cơ quan'))
    .option('--note <ghi chú>', 'ghi chú gửi cơ quan')
    .action(agencyAction(session, accept));

  agencyArguments(review.command('return').description('Trả lại danh sách kèm lý do; cơ quan phải nộp lại'))
    .option('--reason <lý do>', 'lý do chung')
    .option(
      '--reasons-file <tệp>',
      'tệp .json hoặc .yaml { overall, lines: [{ procedureCode, documentName?, reason }] }',
    )
    .option(
      '--line <mã[:giấy tờ]=lý do>',
      'lý do cho một dòng (lặp lại được), ví dụ "1.002421:Tờ khai=Thiếu căn cứ"',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(agencyAction(session, giveBack));

  campaignArgument(
    review.command('consolidate').description('Tổng hợp các danh sách đã chấp nhận thành danh mục trình phê duyệt'),
  ).action((campaignId: string, options: Record<string, unknown>) => consolidate(session, campaignId, options));

  agencyArguments(review.command('answer').description('Trả lời yêu cầu hỗ trợ của một cơ quan'))
    .option('--request <mã>', 'mã yêu cầu hỗ trợ (như lệnh agency support in ra), hoặc số thứ tự của nó, ví dụ 1')
    .option('--answer <câu trả lời>', 'nội dung trả lời (cơ quan thẩm định hoặc đơn vị điều hành)')
    .action(agencyAction(session, answer));
}

async function accept(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall('review accept', agencyInput({ note: optionalText }), call);
  const { receipt, target } = await openAndAct<AgencyState>(session, input, 'acceptList', 'accept', {
    body: { note: input.note },
  });
  session.out(
    `Đã chấp nhận danh sách phiên bản ${receipt.version} của ${agencyLabel(target.assignment)} (trạng thái: ${stageLabel(receipt.stage)}).`,
  );
}

const lineOption = z.string().transform((text, ctx) => {
  const match = /^([^:=]+)(?::([^=]*))?=(.*)$/s.exec(text);
  const [code, documentName, reason] = match ? [match[1]!.trim(), match[2]?.trim(), match[3]!.trim()] : [];
  if (!code || !reason || documentName === '') {
    ctx.addIssue({ code: 'custom', message: `"${text}" ${LINE_FORMAT}` });
    return z.NEVER;
  }
  if (!PROCEDURE_CODE.test(code)) {
    ctx.addIssue({ code: 'custom', message: `mã TTHC "${code}" không đúng dạng 1.002421 hoặc 1.002421.000.00.00.H48` });
    return z.NEVER;
  }
  return { procedureCode: code, ...(documentName ? { documentName } : {}), reason };
});

function readReasonsFile(file: string): ReturnReasons {
  const ext = path.extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext))
    throw new CliError(`--reasons-file: tệp lý do phải là .json hoặc .yaml, không phải "${file}".`);
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    raw = ext === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `--reasons-file: không tìm thấy tệp ${file}.`
        : `--reasons-file: không đọc được tệp ${file} (${(error as Error).message.split('\n')[0]}). Cách sửa: kiểm tra cú pháp ${ext === '.json' ? 'JSON' : 'YAML'}.`,
    );
  }
  const parsed = returnReasonsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(
      `--reasons-file: tệp ${file} không hợp lệ:\n${describeIssues(parsed.error)
        .split('\n')
        .map((line) => `  - ${line}`)
        .join(
          '\n',
        )}\nDạng đúng: { "overall": "<lý do chung>", "lines": [{ "procedureCode": "1.002421", "documentName": "<tùy chọn>", "reason": "<lý do>" }] }`,
    );
  }
  return parsed.data;
}

/** Lines must name procedures (and documents) of the list being returned. */
async function checkLines(
  session: Session,
  campaignId: string,
  assignment: AgencyAssignment,
  lines: ReturnReasons['lines'],
): Promise<void> {
  if (lines.length === 0 || assignment.currentVersion === 0) return;
  // The list being returned, read through the dondoc server.
  const read = await session.api()<{ submissions: { version: number; content: unknown }[] }>(
    'GET',
    `/api/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(assignment.agencyCode)}`,
  );
  const submission = read.submissions.find((s) => s.version === assignment.currentVersion);
  const parsed = agencyListSchema.safeParse(submission?.content);
  if (!parsed.success) return;
  const procedures = new Map(parsed.data.procedures.map((p) => [nationalCode(p.code), p]));
  const problems: string[] = [];
  for (const line of lines) {
    const procedure = procedures.get(nationalCode(line.procedureCode));
    if (!procedure) problems.push(`mã TTHC ${line.procedureCode} không có trong danh sách`);
    else if (
      line.documentName &&
      !procedure.documents.some((d) => normalizeName(d.name) === normalizeName(line.documentName!))
    ) {
      problems.push(`TTHC ${line.procedureCode} không có giấy tờ "${line.documentName}"`);
    }
  }
  if (problems.length > 0) {
    const known = [...procedures.values()].map((p) => p.code).join(', ');
    throw new CliError(
      `--line: ${problems.join('; ')} (phiên bản ${assignment.currentVersion} của ${agencyLabel(assignment)}; các mã TTHC trong danh sách: ${known}). Chưa trả lại gì.`,
    );
  }
}

async function giveBack(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall(
    'review return',
    agencyInput({ reason: optionalText, reasonsFile: optionalText, line: z.array(lineOption).optional() }).refine(
      (o) => exactlyOne(o, ['reason', 'reasonsFile']),
      {
        message: 'cần đúng một trong hai: --reason "<lý do chung>" hoặc --reasons-file <tệp .json/.yaml>',
        when: () => true,
      },
    ),
    call,
  );
  const fromFile = input.reasonsFile ? readReasonsFile(input.reasonsFile) : undefined;
  const reasons: ReturnReasons = {
    overall: fromFile?.overall ?? input.reason!,
    lines: [...(fromFile?.lines ?? []), ...(input.line ?? [])],
  };
  const { target } = await openAndAct(session, input, 'returnList', 'return', async ({ campaign, assignment }) => {
    await checkLines(session, campaign.row.id, assignment, reasons.lines);
    return { body: { reasons } };
  });
  const { campaign, assignment } = target;
  const after = await queryAgency(session, campaign, assignment);
  session.out(
    `Đã trả lại danh sách phiên bản ${after.version} của ${agencyLabel(assignment)} (lần trả thứ ${after.returnCount}, ${reasons.lines.length} dòng có lý do riêng).` +
      (after.deadlines.resubmission ? ` Hạn nộp lại: ${formatDeadline(after.deadlines.resubmission)}.` : ''),
  );
}

async function consolidate(session: Session, campaignId: string, options: Record<string, unknown>): Promise<void> {
  const input = parseInput('review consolidate', z.object({ campaignId: campaignIdArg }), { campaignId, ...options }, [
    'campaignId',
  ]);
  const campaign = await loadCampaign(session, input.campaignId, 'consolidate');
  const state = await queryCampaign(session, campaign);
  const summary = await actOnCampaign<ConsolidationSummary>(
    session,
    input.campaignId,
    'consolidate',
    state,
    'consolidate',
    {},
  );
  session.out(
    `Đã tổng hợp danh mục lần ${summary.round}: ${summary.procedures} TTHC, ${summary.entries} giấy tờ từ ${summary.agencies} cơ quan.`,
  );
  if (summary.missing.length > 0) {
    const shown = summary.missing.slice(0, 20).join(', ');
    session.out(
      `Chưa có danh sách được chấp nhận (${summary.missing.length} cơ quan, đã báo cáo): ${shown}${summary.missing.length > 20 ? ', …' : ''}`,
    );
  }
  session.out(
    summary.files.xlsx
      ? `Tệp: ${summary.files.xlsx}, ${summary.files.csv}`
      : 'Tệp danh mục đang được lập; đường dẫn có trong "campaign status" khi xong.',
  );
  session.out(`Các cơ quan đang được báo; xem tiến độ: npm run dondoc -- campaign status ${input.campaignId}`);
}

async function answer(session: Session, call: AgencyCall): Promise<void> {
  const input = parseAgencyCall(
    'review answer',
    agencyInput({
      request: requiredText('--request', '1'),
      answer: requiredText('--answer', 'Giấy tờ này đã có trong CSDL quốc gia về dân cư, không phải số hóa'),
    }),
    call,
  );
  // A bare number names the agency's n-th support request.
  const requestIdOf = (assignment: AgencyAssignment) =>
    /^\d+$/.test(input.request) ? `${assignment.id}#support-${input.request}` : input.request;
  const { target } = await openAndAct(session, input, 'answerSupport', 'support/answer', ({ assignment }) => ({
    body: { requestId: requestIdOf(assignment), answer: input.answer },
  }));
  session.out(`Đã trả lời yêu cầu hỗ trợ ${requestIdOf(target.assignment)} của ${agencyLabel(target.assignment)}.`);
}
