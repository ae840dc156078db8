import { buildCampaignReport } from '../../reporting/build';
import type { CampaignReport } from '../../reporting/model';
import { renderAgenciesCsv } from '../../reporting/render-csv';
import { renderHtml } from '../../reporting/render-html';
import { renderMarkdown } from '../../reporting/render-markdown';
import { parse } from 'csv-parse/sync';
import { uniqueId } from '../support/harness';
import { agencyCode, endOf, EXPECTED, REPORT_AT, seedReportScenario, vn } from '../support/report-scenario';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// The report's extension-request section and its deadline status, on real databases: the known
// report scenario plus the audit rows the agency workflow writes for a request and a grant, a
// request and a refusal, and a request still waiting.

const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';

describe.each(testDatabases())('report extension requests and deadline status on %s', (kind) => {
  let database: TestDatabase;
  let campaignId: string;
  let report: CampaignReport;
  const code = (n: number) => agencyCode(campaignId, n);
  const row = (n: number) => report.agencies.find((a) => a.code === code(n))!;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    campaignId = uniqueId('c751x');
    await seedReportScenario(database.db, campaignId);
    let seq = 0;
    const audit = (n: number, action: string, actor: string, at: Date, payload: Record<string, unknown>) => {
      const id = `campaign:${campaignId}:agency:${code(n)}:ext:${seq++}`;
      return database.db.auditEvent.create({
        data: {
          id,
          idempotencyKey: id,
          campaignId,
          assignmentId: `${campaignId}/${code(n)}`,
          actor,
          action,
          fromStage: null,
          toStage: 'assigned',
          at,
          payload: payload as object,
        },
      });
    };
    const request = (id: string, current: Date, requested: Date, at: Date, reason: string, person: string) => ({
      id,
      kind: 'submission',
      currentDeadline: current.toISOString(),
      requestedDeadline: requested.toISOString(),
      workingDays: 2,
      reason,
      requestedBy: person,
      requestedAs: 'agency',
      requestedAt: at.toISOString(),
      answerDeadline: endOf('2024-03-08').toISOString(),
      status: 'pending',
      person,
      role: 'agencyMember',
    });
    // UBND huyện Bình Sơn (5): asked on 04/03 to 08/03, granted to 11/03 (another day).
    await audit(
      5,
      'extension_request',
      code(5),
      vn('2024-03-04T09:00'),
      request(
        'r5-1',
        endOf('2024-03-06'),
        endOf('2024-03-08'),
        vn('2024-03-04T09:00'),
        'Chờ ý kiến các phòng',
        'Trần Văn Bình',
      ),
    );
    await audit(5, 'extension_grant', SERVICE_CENTER, vn('2024-03-05T10:00'), {
      requestId: 'r5-1',
      kind: 'submission',
      grantedDeadline: endOf('2024-03-11').toISOString(),
      answer: 'Đồng ý, gia hạn đến thứ Hai',
    });
    // Sở Y tế (11): asked on 01/03, refused on 04/03; asked again on 06/03, not answered yet.
    await audit(
      11,
      'extension_request',
      code(11),
      vn('2024-03-01T08:30'),
      request('r11-1', endOf('2024-03-04'), endOf('2024-03-06'), vn('2024-03-01T08:30'), 'Thiếu nhân sự', 'Lê Thị Hoa'),
    );
    await audit(11, 'extension_refuse', SERVICE_CENTER, vn('2024-03-04T15:00'), {
      requestId: 'r11-1',
      kind: 'submission',
      answer: 'Thời hạn đã được thông báo từ đầu',
    });
    await audit(
      11,
      'extension_request',
      code(11),
      vn('2024-03-06T08:00'),
      request(
        'r11-2',
        endOf('2024-03-04'),
        endOf('2024-03-08'),
        vn('2024-03-06T08:00'),
        'Đã có số liệu một phần',
        'Lê Thị Hoa',
      ),
    );
    report = await buildCampaignReport({ db: database.db, campaignId, at: REPORT_AT });
  });

  afterAll(async () => {
    await database?.drop();
  });

  test('per agency that asked: how often, granted with the new date, refused with the reason, or waiting', () => {
    const section = report.extensions;
    expect(section.agencies.map((a) => a.code)).toEqual([code(5), code(11)]);
    expect(section.agencies[0]!.tally).toEqual({
      requested: 1,
      granted: 1,
      refused: 0,
      pending: 0,
      workingDaysGranted: 3,
    });
    expect(section.agencies[1]!.tally).toMatchObject({ requested: 2, granted: 0, refused: 1, pending: 1 });
    expect(section.total).toMatchObject({ requested: 3, granted: 1, refused: 1, pending: 1 });

    const md = renderMarkdown(report);
    const text = md.slice(md.indexOf('## 5. Đề nghị gia hạn'), md.indexOf('## 6.'));
    expect(text).toContain(
      '2 cơ quan gửi 3 đề nghị gia hạn: 1 được chấp thuận (tổng cộng 3 ngày làm việc), 1 không được chấp thuận, 1 đang chờ trả lời.',
    );
    expect(text).toContain(
      `| UBND huyện Bình Sơn | ${code(5)} | 1/1 | 04/03/2024 | Trần Văn Bình | 08/03/2024 | Chờ ý kiến các phòng | đã chấp thuận, gia hạn đến 11/03/2024 |`,
    );
    expect(text).toContain(
      `| Sở Y tế | ${code(11)} | 1/2 | 01/03/2024 | Lê Thị Hoa | 06/03/2024 | Thiếu nhân sự | không chấp thuận: Thời hạn đã được thông báo từ đầu |`,
    );
    expect(text).toContain(
      `| Sở Y tế | ${code(11)} | 2/2 | 06/03/2024 | Lê Thị Hoa | 08/03/2024 | Đã có số liệu một phần | đang chờ trả lời (hạn trả lời 08/03/2024) |`,
    );
    expect(renderHtml(report)).toContain('<td>đã chấp thuận, gia hạn đến 11/03/2024</td>');

    const csv = parse(renderAgenciesCsv(report), { bom: true }) as string[][];
    expect(csv.find((r) => r[1] === code(11))!.slice(17, 21)).toEqual(['2', '0', '1', '1']);
    expect(csv.find((r) => r[1] === code(1))!.slice(17, 21)).toEqual(['0', '0', '0', '0']);
  });

  test('the status class per agency is the one worked out by hand on the Vietnamese calendar, late and on time alike', async () => {
    // On Thursday 07/03/2024 07:30, counting working days (weekends off; Tết 08/02–14/02/2024 off):
    const expected: Record<number, { status: string; workingDaysOverdue: number; workingDaysLeft?: number } | null> = {
      1: { status: 'done_on_time', workingDaysOverdue: 0 }, // sent 20/02, before 04/03
      2: { status: 'done_on_time', workingDaysOverdue: 0 }, // resent 01/03, before its resubmission deadline 05/03
      3: { status: 'overdue', workingDaysOverdue: 3 }, // due 04/03: 05, 06, 07/03 past it
      4: { status: 'on_track', workingDaysOverdue: 0, workingDaysLeft: 4 }, // in review until 13/03: 08, 11, 12, 13/03
      5: { status: 'overdue', workingDaysOverdue: 1 }, // resubmission due 06/03: 07/03 past it
      6: { status: 'overdue', workingDaysOverdue: 2 }, // review due 05/03: 06, 07/03 past it
      7: { status: 'overdue', workingDaysOverdue: 3 }, // returned with no new deadline: the campaign's 04/03
      8: { status: 'done_late', workingDaysOverdue: 1 }, // due 08/02 (Tết from that day), sent 16/02: 15/02 past it
      9: null, // withdrawn
      10: { status: 'done_on_time', workingDaysOverdue: 0 }, // resent 23/02, before 04/03
      11: { status: 'overdue', workingDaysOverdue: 3 }, // due 04/03: 05, 06, 07/03 past it
    };
    for (const [n, status] of Object.entries(expected)) {
      const shown = row(Number(n)).deadlineStatus;
      expect({ n, status: shown && { workingDaysLeft: undefined, ...shown } }).toMatchObject({
        n,
        status: status && { workingDaysLeft: undefined, ...status },
      });
      expect({ n, late: row(Number(n)).late }).toEqual({ n, late: status?.status === 'overdue' });
    }
    // Late: Sở Y tế has not sent its list, due 04/03; on 07/03 it is 3 working days overdue.
    expect(row(11).deadlineStatus).toMatchObject({ status: 'overdue', label: 'Quá hạn', workingDaysOverdue: 3 });
    // On time: Sở Tư pháp sent on 20/02, accepted before the deadline.
    expect(row(1).deadlineStatus).toMatchObject({ status: 'done_on_time', label: 'Hoàn thành đúng hạn' });
    // Late but done: Thanh tra tỉnh's list came one working day after its deadline (Tết moved it).
    expect(row(8).deadlineStatus).toMatchObject({ status: 'done_late', workingDaysOverdue: 1 });
    expect(report.agencies.filter((a) => a.late).map((a) => a.code)).toEqual(EXPECTED.late.map(code));
    expect(row(9).deadlineStatus).toBeNull(); // withdrawn

    const counts = Object.fromEntries(report.summary.byDeadlineStatus.map((s) => [s.status, s.count]));
    expect(counts.overdue).toBe(EXPECTED.late.length);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(
      report.agencies.filter((a) => a.deadlineStatus).length,
    );

    const md = renderMarkdown(report);
    expect(md).toContain(`- Tình trạng hạn: `);
    expect(md).toContain('| 3 | Quá hạn 3 ngày làm việc |');
    expect(md).toContain('| Hoàn thành đúng hạn |');
  });
});
