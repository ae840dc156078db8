import ExcelJS from 'exceljs';
import { formatInstant } from '../../domain/deadline-display';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import type { Dashboard } from '../../read-side/dashboard';
import { dashboardLists, describeFilter, filterOf, type DashboardLists } from '../../read-side/dashboard-lists';
import { notFound } from '../../shared/http-errors';
import { readEscalationHandlings } from '../../read-side/escalation-handlings';
import { deadlineDay } from '../../domain/deadline-display';
import type { RouteContext, TypedApp } from '../http/app';
import { authorizeSection } from './role-pages';

// Every list of the Service Center's dashboard as an .xlsx file, filtered as the page is (the same
// query parameters): one sheet, a header row, one row per item, dates as dd/mm/yyyy (Asia/Ho_Chi_Minh).
// exceljs writes every cell as a typed value, so a name starting with "=" stays text, never a formula.

type Cell = string | number;
interface Column<Row> {
  header: string;
  width: number;
  cell: (row: Row) => Cell;
}
interface ListExport<K extends keyof DashboardLists> {
  list: K;
  /** The sheet's name and the title the page's link carries. */
  title: string;
  columns: Column<DashboardLists[K][number]>[];
}

/** A list's export with its row type settled: what the workbook needs, whichever list it is. */
interface ListSheet {
  list: keyof DashboardLists;
  title: string;
  columns: { header: string; width: number }[];
  cells: (lists: DashboardLists) => Cell[][];
}

function listExport<K extends keyof DashboardLists>(spec: ListExport<K>): ListSheet {
  const cells = (lists: DashboardLists) => {
    const rows: readonly DashboardLists[K][number][] = lists[spec.list];
    return rows.map((row) => spec.columns.map((column) => column.cell(row)));
  };
  return { ...spec, cells };
}

const agencyColumns = <
  Row extends { agency: { code: string; name: string; kindLabel: string; district?: string } },
>() =>
  [
    { header: 'Mã cơ quan', width: 18, cell: (row: Row) => row.agency.code },
    { header: 'Tên cơ quan', width: 42, cell: (row: Row) => row.agency.name },
    { header: 'Loại cơ quan', width: 18, cell: (row: Row) => row.agency.kindLabel },
    { header: 'Huyện, thị xã, thành phố', width: 24, cell: (row: Row) => row.agency.district ?? '' },
  ] satisfies Column<Row>[];

const when = (value: string | null | undefined) => (value ? formatInstant(value) : '');
const day = (value: string | null | undefined) => (value ? deadlineDay(value) : '');

const LIST_EXPORTS = {
  'co-quan-cham-tre.xlsx': listExport({
    list: 'late',
    title: 'Cơ quan chậm, trễ',
    columns: [
      ...agencyColumns<DashboardLists['late'][number]>(),
      { header: 'Trạng thái', width: 22, cell: (row) => row.stageLabel },
      { header: 'Tình trạng hạn', width: 18, cell: (row) => row.agency.statusLabel },
      { header: 'Số ngày làm việc trễ', width: 12, cell: (row) => row.daysLate ?? '' },
      { header: 'Lý do', width: 60, cell: (row) => row.reasons.join(' ') },
      { header: 'Trách nhiệm', width: 28, cell: (row) => row.responsible },
    ],
  }),
  'co-quan-doi-pho.xlsx': listExport({
    list: 'perfunctory',
    title: 'Cơ quan đối phó',
    columns: [
      ...agencyColumns<DashboardLists['perfunctory'][number]>(),
      { header: 'Tình trạng hạn', width: 18, cell: (row) => row.agency.statusLabel },
      { header: 'Số lần bị trả lại', width: 12, cell: (row) => row.returnCount },
      { header: 'Lý do', width: 60, cell: (row) => row.reasons.join(' ') },
    ],
  }),
  'canh-bao-can-xu-ly.xlsx': listExport({
    list: 'toHandle',
    title: 'Cảnh báo cần xử lý',
    columns: [
      ...agencyColumns<DashboardLists['toHandle'][number]>(),
      { header: 'Cảnh báo', width: 48, cell: (row) => row.label },
      { header: 'Phát sinh lúc', width: 20, cell: (row) => when(row.raisedAt) },
      { header: 'Hạn liên quan', width: 14, cell: (row) => day(row.deadline) },
    ],
  }),
  'canh-bao-da-xu-ly.xlsx': listExport({
    list: 'handled',
    title: 'Cảnh báo đã xử lý',
    columns: [
      ...agencyColumns<DashboardLists['handled'][number]>(),
      { header: 'Cảnh báo', width: 48, cell: (row) => row.label },
      { header: 'Phát sinh lúc', width: 20, cell: (row) => when(row.raisedAt) },
      { header: 'Người xử lý', width: 28, cell: (row) => row.handled?.personName ?? '' },
      { header: 'Xử lý lúc', width: 20, cell: (row) => when(row.handled?.at) },
      { header: 'Ghi chú xử lý', width: 60, cell: (row) => row.handled?.note ?? '' },
    ],
  }),
  'de-nghi-gia-han-cho-tra-loi.xlsx': listExport({
    list: 'pendingExtensions',
    title: 'Đề nghị gia hạn chờ trả lời',
    columns: [
      ...agencyColumns<DashboardLists['pendingExtensions'][number]>(),
      { header: 'Đề nghị lúc', width: 20, cell: (row) => when(row.requestedAt) },
      { header: 'Người đề nghị', width: 28, cell: (row) => row.requestedBy },
      { header: 'Xin gia hạn đến', width: 14, cell: (row) => day(row.requestedDeadline) },
      { header: 'Lý do', width: 48, cell: (row) => row.reason },
      { header: 'Hạn trả lời', width: 14, cell: (row) => day(row.answerDeadline) },
    ],
  }),
  'ai-da-lam-gi.xlsx': listExport({
    list: 'actions',
    title: 'Ai đã làm gì',
    columns: [
      { header: 'Người thực hiện', width: 28, cell: (row) => row.personName },
      { header: 'Email', width: 28, cell: (row) => row.email ?? '' },
      { header: 'Vai trò', width: 28, cell: (row) => row.roleLabel },
      { header: 'Kênh', width: 16, cell: (row) => row.channelLabel },
      { header: 'Thao tác', width: 28, cell: (row) => row.actionLabel },
      { header: 'Số lần', width: 10, cell: (row) => row.count },
      { header: 'Lần cuối', width: 20, cell: (row) => when(row.last) },
    ],
  }),
};

export type ListExportName = keyof typeof LIST_EXPORTS;

function isListExport(name: string): name is ListExportName {
  return Object.hasOwn(LIST_EXPORTS, name);
}

/** The export's file name of each list. */
export const EXPORT_OF_LIST = Object.fromEntries(
  Object.entries(LIST_EXPORTS).map(([file, spec]) => [spec.list, file]),
) as Record<keyof DashboardLists, ListExportName>;

/** The list as an .xlsx workbook; `caption` (the campaign and the filter) goes above the header. */
async function listWorkbook(name: ListExportName, lists: DashboardLists, caption: string): Promise<Buffer> {
  const spec = LIST_EXPORTS[name];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet(spec.title);
  sheet.addRow([caption]).font = { italic: true };
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  spec.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  for (const cells of spec.cells(lists)) sheet.addRow(cells);
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** GET <dashboard>/tai-xuong/<file>.xlsx?<filter>: one list of the dashboard, filtered as asked. */
export function registerListExports(
  app: TypedApp,
  context: RouteContext,
  base: string,
  loadDashboard: (campaignId: string) => Promise<Dashboard>,
): void {
  app.get(
    `${base}/:campaignId/tai-xuong/:file`,
    { schema: { hide: true }, config: { heavyRead: true } },
    async (request, reply) => {
      const { campaignId, file } = request.params as { campaignId: string; file: string };
      await authorizeSection(context, request, 'serviceCenter', campaignId);
      if (!isListExport(file)) throw notFound(`Bảng điều hành không có danh sách ${file} để tải xuống.`);
      const campaign = await loadCampaignRecord(context.db, campaignId);
      const filter = filterOf(request.query as Record<string, string | undefined>);
      const lists = dashboardLists(
        await loadDashboard(campaignId),
        filter,
        await readEscalationHandlings(context.db, campaignId),
      );
      const caption = `${LIST_EXPORTS[file].title} — chiến dịch ${campaign.directiveNumber}. ${describeFilter(filter)}`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(await listWorkbook(file, lists, caption));
    },
  );
}
