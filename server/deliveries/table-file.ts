import type { FastifyRequest } from 'fastify';
import type { DeliverableDeclaration } from '../../domain/deliverables';
import { checkTableUpload, tableFileFormat, type TableFileProblem } from '../../deliverable-files';
import type { Acting } from '../act';
import type { RouteContext } from '../http/app';
import { HttpError, invalid, refused } from '../../shared/http-errors';
import type { UploadedFile } from '../portal/multipart-form';
import { submitDelivery } from './submit-delivery';

// A declared table delivered as a file (.xlsx from the campaign's template, .csv, .json): read
// against the declaration, checked, every problem placed by sheet, row and column with its fix, and
// submitted only when the whole file is right.

/** A file refused: each problem where people look for it, nothing submitted. */
export class TableFileRefusedError extends HttpError {
  constructor(
    readonly fileName: string,
    readonly problems: TableFileProblem[],
  ) {
    const shown = problems.slice(0, 20).map((p) => `- ${p.message}`);
    if (problems.length > shown.length) shown.push(`- … và ${problems.length - shown.length} lỗi khác.`);
    super(
      400,
      'invalid_file',
      `Không nộp từ tệp "${fileName}" (${problems.length} lỗi); chưa có gì được nộp:\n${shown.join('\n')}`,
      problems.map((problem) => ({ field: 'file', message: problem.message })),
    );
  }
}

export function deliverTableFile(
  context: RouteContext,
  request: FastifyRequest,
  scope: { campaignId: string; agencyCode: string },
  acting: Acting,
  file: UploadedFile,
) {
  const format = tableFileFormat(file.fileName);
  return submitDelivery(
    context,
    request,
    scope,
    { delivery: {}, source: format ?? 'xlsx' },
    acting,
    async (declaration: DeliverableDeclaration) => {
      if (declaration.kind !== 'table')
        throw refused('Sản phẩm của chiến dịch này là biểu mẫu: hãy điền trên trang của cơ quan, không nộp bằng tệp.');
      if (!format)
        throw invalid('file', `Tệp "${file.fileName}" phải là .xlsx (theo tệp mẫu của chiến dịch), .csv hoặc .json.`);
      const checked = await checkTableUpload(declaration, file.buffer, format);
      if (!checked.ok || !checked.delivery) throw new TableFileRefusedError(file.fileName, checked.problems);
      return checked.delivery as unknown as Record<string, unknown>;
    },
  );
}
