import type { TableDeclaration, TableDelivery } from '../domain/deliverables';
import type { TableRow } from '../domain/deliverables/rule-sets';
import { problemAt } from './problems';
import type { TableUpload } from './read';

// A .json upload is the delivery itself, `{ "rows": [ { "<column key>": value, … }, … ] }` (a bare
// array of rows too): parsed and bounded here, its values left for the checker to judge.

export function readDeliveryJson(declaration: TableDeclaration, bytes: Buffer): TableUpload {
  const refuse = (what: string, fix: string, row?: number): TableUpload => ({
    ok: false,
    problems: [problemAt(row === undefined ? {} : { row }, what, fix)],
  });
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    return refuse('tệp JSON sai cú pháp', 'kiểm tra dấu phẩy, ngoặc và dấu ngoặc kép quanh dòng này', line);
  }
  const rows: unknown = Array.isArray(data) ? data : (data as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows))
    return refuse(
      'tệp JSON không có danh sách dòng "rows"',
      `ghi { "rows": [ { ${declaration.columns
        .slice(0, 3)
        .map((c) => `"${c.key}": …`)
        .join(', ')} }, … ] }`,
    );
  if (rows.length > declaration.maxRows)
    return refuse(
      `bảng có ${rows.length.toLocaleString('vi-VN')} dòng, tối đa ${declaration.maxRows.toLocaleString('vi-VN')}`,
      'bỏ các dòng trùng hoặc thừa',
    );
  const delivery: TableDelivery = { rows: rows as TableRow[] };
  return { ok: true, delivery, sourceRows: rows.map((_, i) => i + 1) };
}
