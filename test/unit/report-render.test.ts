import { parse } from 'csv-parse/sync';
import { renderAgenciesCsv, renderAttentionCsv } from '../../reporting/render-csv';
import { renderHtml } from '../../reporting/render-html';
import { renderJson } from '../../reporting/render-json';
import { renderMarkdown } from '../../reporting/render-markdown';
import { HOSTILE, HOSTILE_REASON, sampleReport } from '../support/report-model';

// The renderers on a small model with hostile strings: escaped everywhere, Vietnamese, dd/mm/yyyy.

describe('HTML report', () => {
  const html = renderHtml(sampleReport());

  test('is one self-contained Vietnamese page: title, figures, charts as inline SVG, no script, no external resource', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(html).toContain('<h1>Báo cáo tiến độ thực hiện Công văn 751/UBND-TTHC</h1>');
    expect(html).toContain('Số liệu tính đến <b>07:30 ngày 07/03/2024</b>');
    expect(html).toContain('Hạn gửi kết quả: <b>04/03/2024</b>');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('Số cơ quan theo trạng thái');
    expect(html).toContain('Tiến độ nộp và chấp nhận danh sách (lũy kế)');
    expect(html).toContain('Số cơ quan theo số ngày làm việc trễ hạn');
    // Each chart's SVG is well-formed on its own too (served as an image): no quote inside a style attribute.
    expect(html).not.toMatch(/style="[^"]*"[^\s>]/);
    // Each chart carries its figures in words.
    expect(html.match(/<div class="chart" role="img" aria-label="[^"]+"><svg /g)).toHaveLength(4);
    expect(html).toMatch(/aria-label="Số cơ quan theo trạng thái: [^"]*Đã giao \d+/);
    expect(html).toMatch(/aria-label="Số cơ quan theo loại cơ quan: [^"]+"/);
    expect(html).toMatch(/aria-label="Tiến độ nộp và chấp nhận danh sách \(lũy kế\) từ \d\d\/\d\d\/\d{4} đến /);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|src=["']https?:|@import|url\((?!#)/i); // url(#…) is an SVG clip path
  });

  test('escapes every hostile string', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; UBND xã &quot;A&quot; &amp; B');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  test('shows the list for the Chairman before the per-agency table', () => {
    const attention = html.indexOf('1. Danh sách cơ quan chậm trễ / thực hiện mang tính đối phó');
    const perAgency = html.indexOf('3. Chi tiết từng cơ quan (3 cơ quan)');
    expect(attention).toBeGreaterThan(0);
    expect(perAgency).toBeGreaterThan(attention);
    expect(html.indexOf('Nội dung vi phạm')).toBeGreaterThan(attention);
    expect(html.indexOf('Nội dung vi phạm')).toBeLessThan(perAgency);
  });

  test('an empty list says so in words', () => {
    const report = { ...sampleReport(), attention: [] };
    expect(renderHtml(report)).toContain('Không có cơ quan nào chậm trễ hoặc thực hiện mang tính đối phó.');
  });
});

describe('Markdown report', () => {
  const md = renderMarkdown(sampleReport());

  test('has the title, the figures and both tables in order, dates dd/mm/yyyy', () => {
    expect(md.startsWith('# Báo cáo tiến độ thực hiện Công văn 751/UBND-TTHC\n')).toBe(true);
    expect(md).toContain('- Tổng số cơ quan được giao: **3**');
    expect(md.indexOf('## 1. Danh sách cơ quan chậm trễ / thực hiện mang tính đối phó')).toBeLessThan(
      md.indexOf('## 3. Chi tiết từng cơ quan'),
    );
    expect(md).toContain('| 16/02/2024 | 1 | 0 |');
    expect(md).toContain('04/03/2024');
  });

  test('escapes HTML and table syntax in database strings', () => {
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('\\| \\*đậm\\* \\[link\\](javascript:alert(3))');
    // Every row of the per-agency table keeps its 13 columns despite the "|" in a name.
    const perAgency = md
      .slice(md.indexOf('## 3.'), md.indexOf('## 4.'))
      .split('\n')
      .filter((line) => line.startsWith('| '));
    for (const row of perAgency) expect(row.split(/(?<!\\)\|/).length - 2).toBe(14);
    expect(perAgency.length).toBeGreaterThan(2);
  });

  test('shows who did what: each person counted per action, then the newest actions', () => {
    const section = md.slice(md.indexOf('## 6.'));
    expect(section).toContain('Ai đã làm gì');
    expect(section).toContain('1 thao tác của 1 người, theo giờ của chiến dịch.');
    expect(section).toContain(
      '| Lê Văn Thẩm | le.van.tham@example.gov.vn | cơ quan thẩm định | trình duyệt | chấp nhận danh sách | 1 | 09:00 ngày 16/02/2024 | 09:00 ngày 16/02/2024 |',
    );
    expect(section).toContain(
      '| 09:00 ngày 16/02/2024 | Lê Văn Thẩm | cơ quan thẩm định | trình duyệt | chấp nhận danh sách | xa-binh-chau |',
    );
  });

  test('a report taken while the approval reaches the agencies says first that it is partial', () => {
    const partial = { ...sampleReport(), partial: { unrecordedApprovals: 3 } };
    const notice = 'Số liệu chưa đầy đủ: 3 cơ quan chưa ghi nhận phê duyệt';
    expect(renderMarkdown(partial).indexOf(notice)).toBeLessThan(
      renderMarkdown(partial).indexOf('## Số liệu tổng hợp'),
    );
    expect(renderHtml(partial)).toContain(`<p class="warn" role="status">${notice}`);
    expect(renderMarkdown(sampleReport())).not.toContain('Số liệu chưa đầy đủ');
  });
});

describe('extension requests and deadline status', () => {
  test('Markdown: per agency each request, when, by whom, to which day, and what came of it', () => {
    const md = renderMarkdown(sampleReport());
    const section = md.slice(md.indexOf('## 5. Đề nghị gia hạn'), md.indexOf('## 6.'));
    expect(section).toContain(
      '1 cơ quan gửi 2 đề nghị gia hạn: 1 được chấp thuận (tổng cộng 3 ngày làm việc), 1 không được chấp thuận, 0 đang chờ trả lời.',
    );
    expect(section).toContain(
      '| 2/2 | 06/03/2024 | Nguyễn Văn An | 12/03/2024 | Chờ số liệu của các phòng | không chấp thuận: Đã gia hạn một lần |',
    );
    expect(section).toContain('| 1/2 | 29/02/2024 | Nguyễn Văn An | 07/03/2024 |');
    expect(section).toContain('| đã chấp thuận, gia hạn đến 07/03/2024 |');
    expect(section).not.toContain('<img');
  });

  test('a pending request shows its answer deadline; no request at all says so', () => {
    const report = sampleReport();
    report.extensions.agencies[0]!.requests = [report.extensions.agencies[0]!.requests[0]!];
    report.extensions.agencies[0]!.requests[0]!.status = 'pending';
    expect(renderMarkdown(report)).toContain('| đang chờ trả lời (hạn trả lời 04/03/2024) |');
    const none = { ...sampleReport(), extensions: { agencies: [], total: report.extensions.total } };
    none.extensions.total = { requested: 0, granted: 0, refused: 0, pending: 0, workingDaysGranted: 0 };
    expect(renderMarkdown(none)).toContain('Chưa có cơ quan nào đề nghị gia hạn.');
    expect(renderHtml(none)).toContain('<p>Chưa có cơ quan nào đề nghị gia hạn.</p>');
  });

  test('HTML: the section escaped, between the deadlines and who did what', () => {
    const html = renderHtml(sampleReport());
    const at = html.indexOf('5. Đề nghị gia hạn');
    expect(at).toBeGreaterThan(html.indexOf('4. Lịch làm việc'));
    expect(at).toBeLessThan(html.indexOf('6. Ai đã làm gì'));
    expect(html).toContain('<td>không chấp thuận: Đã gia hạn một lần</td>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  test('the status class per agency and the counts per class', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain('- Tình trạng hạn: Còn hạn 1, Quá hạn 1, Hoàn thành trễ hạn 1');
    expect(md).toContain('| 3 | Quá hạn 3 ngày làm việc | 0 |');
    expect(md).toContain('| Còn hạn (còn 5 ngày làm việc) |');
    const html = renderHtml(sampleReport());
    expect(html).toContain('Tình trạng hạn: Còn hạn 1, Quá hạn 1, Hoàn thành trễ hạn 1');
    expect(html).toContain('<td>Hoàn thành trễ hạn 1 ngày làm việc</td>');
  });

  test('CSV: the status and the extension counts per agency', () => {
    const [header, ...rows] = parse(renderAgenciesCsv(sampleReport()), { bom: true }) as string[][];
    expect(header!.slice(16)).toEqual([
      'Tình trạng hạn',
      'Số đề nghị gia hạn',
      'Gia hạn được chấp thuận',
      'Gia hạn không được chấp thuận',
      'Đề nghị gia hạn đang chờ trả lời',
      'Cảnh báo Trung tâm đã xử lý',
    ]);
    expect(rows.find((row) => row[1] === '000.00.99.H48')!.slice(16)).toEqual([
      'Quá hạn 3 ngày làm việc',
      '2',
      '1',
      '1',
      '0',
      '',
    ]);
    expect(rows.find((row) => row[1] === '000.00.12.H48')!.slice(16)).toEqual([
      'Còn hạn (còn 5 ngày làm việc)',
      '0',
      '0',
      '0',
      '0',
      '',
    ]);
  });
});

describe('CSV files', () => {
  const read = (csv: string) => parse(csv, { bom: true }) as string[][];

  test('every agency, Vietnamese headers, UTF-8 with BOM for Excel, dates dd/mm/yyyy', () => {
    const csv = renderAgenciesCsv(sampleReport());
    expect(csv.startsWith('\ufeffSTT,Mã cơ quan,Tên cơ quan,Loại cơ quan,Trạng thái')).toBe(true);
    const [header, ...rows] = read(csv);
    expect(header).toHaveLength(22);
    expect(rows).toHaveLength(3);
    const hostile = rows.find((row) => row[1] === '000.00.99.H48')!;
    expect(hostile[2]).toBe(`${HOSTILE} UBND xã "A" & B`); // CSV keeps text as typed: it is not HTML
    expect(hostile[6]).toBe('04/03/2024');
    expect(hostile[10]).toBe('3');
    expect(hostile[13]).toBe('Có');
    expect(hostile[14]).toBe('Quá hạn nộp danh sách');
  });

  test('a name that starts like a formula is stored as text', () => {
    const rows = read(renderAgenciesCsv(sampleReport()));
    expect(rows.find((row) => row[1] === '000.00.98.H48')![2]).toBe("'=1+2 UBND xã Nghĩa Hà");
  });

  test('the list for the Chairman', () => {
    const [header, row, ...rest] = read(renderAttentionCsv(sampleReport()));
    expect(header).toEqual([
      'STT',
      'Mã cơ quan',
      'Tên cơ quan',
      'Loại cơ quan',
      'Trạng thái',
      'Chậm trễ',
      'Đối phó',
      'Số ngày làm việc trễ',
      'Số lần bị trả lại',
      'Nội dung vi phạm',
      'Trách nhiệm',
    ]);
    expect(rest).toHaveLength(0);
    expect(row).toEqual([
      '1',
      '000.00.99.H48',
      `${HOSTILE} UBND xã "A" & B`,
      'UBND cấp xã',
      'Đã giao',
      'Có',
      'Không',
      '3',
      '0',
      `Quá hạn nộp danh sách ${HOSTILE_REASON}`,
      'Cơ quan được giao',
    ]);
  });
});

describe('JSON report', () => {
  test('is the model itself', () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });
});

describe('an escalation the Service Center handled', () => {
  const report = sampleReport();
  const agency = report.agencies.find((a) => a.escalations.length > 0)!;
  agency.escalations[0]!.handled = {
    at: '2024-03-05T02:30:00.000Z',
    personName: 'Nguyễn Thị Lan',
    note: 'Đã gọi điện cho lãnh đạo <b>cơ quan</b>',
  };
  const words = 'Trung tâm đã xử lý 05/03/2024 (Nguyễn Thị Lan): Đã gọi điện cho lãnh đạo';

  test('is shown with who handled it, when and how, in every format', () => {
    expect(renderHtml(report)).toContain(`${words} &lt;b&gt;cơ quan&lt;/b&gt;`);
    expect(renderMarkdown(report)).toContain('Trung tâm đã xử lý 05/03/2024 (Nguyễn Thị Lan)');
    const [header, ...rows] = parse(renderAgenciesCsv(report), { bom: true }) as string[][];
    const column = header!.indexOf('Cảnh báo Trung tâm đã xử lý');
    expect(rows.find((row) => row[1] === agency.code)![column]).toContain(`${words} <b>cơ quan</b>`);
  });

  test('an open escalation nobody handled says so', () => {
    expect(renderHtml(sampleReport())).toContain('(chưa khắc phục; Trung tâm chưa xử lý)');
  });
});

describe('how days late are counted', () => {
  test("follows the campaign's calendar: holidays only where the campaign keeps them", () => {
    const report = sampleReport();
    const restsOnWeekendsOnly = {
      ...report,
      deadlines: { ...report.deadlines, calendar: { ...report.deadlines.calendar, weekendsOnly: true } },
    };
    const holidays = 'không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù';
    const weekends = 'chỉ không tính thứ Bảy, Chủ nhật (chiến dịch không dùng lịch nghỉ lễ)';
    for (const render of [renderHtml, renderMarkdown]) {
      expect(render({ ...report, deadlines: { ...report.deadlines, calendar: { version: 1 } } })).toContain(holidays);
      expect(render(restsOnWeekendsOnly)).toContain(weekends);
      expect(render(restsOnWeekendsOnly)).not.toContain(holidays);
    }
  });
});
