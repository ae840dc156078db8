import { conflictTime } from '../../server/portal/form-page';
import { grantRole } from '../../server/identity/people';
import { justiceDepartmentList } from '../support/sample-lists';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient, WebResponse } from '../support/web-client';

// Every form of the portal, refused, comes back as the same page: what the person typed is still in
// its fields, each problem is written beside its field (or at the top for a refusal of the whole
// form) in plain Vietnamese with no field codes, and a refusal because someone acted first names
// who acted and when and links back to the page. Real server, worker, Temporal and database.

const PEOPLE = {
  justice: 'stp@example.gov.vn',
  health: 'syt@example.gov.vn',
  reviewer: 'stttt@example.gov.vn',
  approver: 'chutich@example.gov.vn',
  operator: 'ttpv@example.gov.vn',
};

const SECOND_REVIEWER = 'stttt2@example.gov.vn';

/** The problems shown: the summary at the top, the errors beside fields, a campaign file's problems. */
function problemsOf(answer: WebResponse): string {
  const parts = [
    ...answer.text.matchAll(/<section class="notice notice--error[^"]*"[\s\S]*?<\/section>/g),
    ...answer.text.matchAll(/<p class="field-error"[^>]*>[\s\S]*?<\/p>/g),
  ].map((m) => m[0]);
  return parts
    .join('\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ');
}

/** Field codes written for programs: "reason-2:", "decisionDate:", "agencies[2].kind:", "(deadline)". */
const FIELD_CODE = /\b[a-z]+-\d+\s*:|\b[a-z]+[A-Z]\w*\s*:|\w+\[\d+\]|\((?:[a-z][\w.-]*)\)|^\s*[a-z]+:\s/m;

function expectRefusedKeeping(
  answer: WebResponse,
  status: number,
  problem: RegExp,
  kept: Record<string, string>,
  codes = FIELD_CODE,
): string {
  const problems = problemsOf(answer);
  expect({ status: answer.status, problem: problem.test(problems) }).toEqual({ status, problem: true });
  expect(problems).not.toMatch(codes);
  expect(answer.text).not.toContain('Không thực hiện được</h1>');
  for (const [name, value] of Object.entries(kept)) {
    const escaped = value.replace(/"/g, '&quot;');
    const asInput = new RegExp(`name="${name}" value="${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
    const asText = new RegExp(
      `name="${name}"[^>]*>${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</textarea>|name="${name}"[^>]* checked`,
    );
    expect({ name, kept: asInput.test(answer.text) || asText.test(answer.text) }).toEqual({ name, kept: true });
  }
  return problems;
}

describe.each(testDatabases())('a refused portal form keeps what was typed (%s)', (kind) => {
  const server = useServer(kind);
  const definition = sampleCampaign();
  const id = definition.id;
  const web: Record<string, WebClient> = {};
  let tokens: Record<string, string>;
  const api = (who: keyof typeof PEOPLE | 'admin') => apiAs(server.baseUrl, tokens[who]);
  const agencyPage = (code: string) => `/campaigns/${encodeURIComponent(id)}/agencies/${code}`;
  const reviewPage = (code: string) => `/tham-dinh/${encodeURIComponent(id)}/co-quan/${code}`;

  /** Posts a form of a page as a person, with the CSRF token of that page. */
  async function post(who: keyof typeof PEOPLE, page: string, action: string, form: Record<string, string>) {
    const browser = web[who]!;
    return browser.request('POST', action, { form: { ...form, _csrf: await browser.csrfFrom(page) } });
  }

  beforeAll(async () => {
    ({ tokens } = await launchThroughApi(server, definition, PEOPLE, 'token'));
    await grantRole(
      server.harness.database.db,
      { email: SECOND_REVIEWER, name: 'Thẩm định viên thứ hai', role: 'reviewer', campaignId: id },
      'test',
    );
    for (const [who, email] of Object.entries(PEOPLE)) web[who] = await server.signIn(email);
  }, 180_000);

  test('the agency’s support and extension forms keep the question, the day and the reason', async () => {
    const support = await post('justice', agencyPage('so-tu-phap'), `${agencyPage('so-tu-phap')}/support`, {
      question: 'abc',
    });
    expectRefusedKeeping(support, 400, /Câu hỏi quá ngắn/, { question: 'abc' });

    const extension = await post('justice', agencyPage('so-tu-phap'), `${agencyPage('so-tu-phap')}/extension-request`, {
      deadline: '31/02/2099',
      reason: 'Chờ ý kiến của Bộ Tư pháp về mẫu biểu',
    });
    const problems = expectRefusedKeeping(extension, 400, /"31\/02\/2099" không phải một ngày dạng dd\/mm\/yyyy/, {
      deadline: '31/02/2099',
      reason: 'Chờ ý kiến của Bộ Tư pháp về mẫu biểu',
    });
    expect(problems).not.toContain('YYYY-MM-DD');
    // The error sits beside its field, tied to it for screen readers.
    expect(extension.text).toMatch(
      /<p class="field-error" id="extension-deadline-error">[^<]+<\/p>\s*<input type="text" id="extension-deadline"[^>]*aria-invalid="true"[^>]*aria-describedby="extension-deadline-error extension-deadline-hint"/,
    );
  });

  test('the agency’s confirmation refused by the workflow shows the checked list again, naming who acted last and when', async () => {
    expect(
      (
        await api('justice').post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/submissions`, {
          list: justiceDepartmentList,
        })
      ).status,
    ).toBe(200);
    await eventually(async () =>
      expect(
        await server.harness.database.db.auditEvent.count({
          where: { campaignId: id, action: 'submit', personName: { not: null } },
        }),
      ).toBe(1),
    );
    const list = JSON.stringify(justiceDepartmentList);
    const answer = await post('justice', agencyPage('so-tu-phap'), `${agencyPage('so-tu-phap')}/list`, {
      list,
      source: 'json',
      fileName: 'danh-sach.json',
    });
    const person = await server.harness.database.db.person.findUniqueOrThrow({ where: { email: PEOPLE.justice } });
    const submitted = await server.harness.database.db.auditEvent.findFirstOrThrow({
      where: { campaignId: id, action: 'submit', personName: { not: null } },
    });
    const problems = expectRefusedKeeping(
      answer,
      409,
      new RegExp(`Chưa thực hiện được vì ${person.name} đã nộp danh sách lúc ${conflictTime(submitted.at)}`),
      { list, fileName: 'danh-sach.json' },
    );
    expect(problems).toMatch(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, trước thao tác của bạn/);
    // Who acted and when, instead of the stage the workflow names.
    expect(problems).not.toContain('Không thể nộp');
    expect(answer.text).toContain(`<a href="${agencyPage('so-tu-phap')}">Mở lại trang để xem trạng thái hiện tại</a>`);
    expect(answer.text).toContain('Xác nhận nộp');
  });

  test('the reviewer’s return keeps the overall reason, every line’s reason and choice; a second reviewer’s conflict names the first', async () => {
    expect(
      (
        await api('health').post(`/api/v1/campaigns/${id}/agencies/so-y-te/submissions`, {
          list: justiceDepartmentList,
        })
      ).status,
    ).toBe(200);
    const fields = {
      version: '1',
      overall: 'Cần bổ sung căn cứ pháp lý cho các dòng',
      'line-0': 'on',
      'reason-0': 'Ghi rõ điều khoản',
      'line-1': 'on',
      'reason-1': '',
    };
    const missing = await post('reviewer', reviewPage('so-y-te'), `${reviewPage('so-y-te')}/tra-lai`, fields);
    const problems = expectRefusedKeeping(
      missing,
      400,
      /Dòng 2 \(Phiếu lý lịch tư pháp số 1\) được chọn trả lại nhưng chưa có lý do/,
      {
        overall: fields.overall,
        'reason-0': fields['reason-0'],
        'line-0': 'on',
        'line-1': 'on',
      },
    );
    expect(problems).not.toContain('reason-1');
    expect(missing.text).toMatch(/<a href="#reason-1">Dòng 2/);

    // Another reviewer of the same campaign accepted the list meanwhile, on the web: the return is
    // refused, saying who and when, with the first reviewer's reasons kept.
    const colleague = await server.signIn(SECOND_REVIEWER);
    const accepted = await colleague.request('POST', `${reviewPage('so-y-te')}/chap-nhan`, {
      form: { version: '1', note: 'Đủ', _csrf: await colleague.csrfFrom(reviewPage('so-y-te')) },
    });
    expect(accepted.status).toBe(303);
    const acceptedRow = await eventually(async () =>
      server.harness.database.db.auditEvent.findFirstOrThrow({
        where: { campaignId: id, assignmentId: `${id}/so-y-te`, action: 'accept' },
      }),
    );
    const late = await post('reviewer', reviewPage('so-y-te'), `${reviewPage('so-y-te')}/tra-lai`, {
      ...fields,
      'reason-1': 'Sai loại giấy tờ',
    });
    const named = new RegExp(
      `Chưa thực hiện được vì Thẩm định viên thứ hai đã chấp nhận danh sách lúc ${conflictTime(acceptedRow.at)}`,
    );
    const conflict = expectRefusedKeeping(late, 409, named, {
      overall: fields.overall,
      'reason-1': 'Sai loại giấy tờ',
    });
    expect(conflict).not.toContain('Không thể trả lại');
    expect(late.text).toContain(`<a href="${reviewPage('so-y-te')}">Mở lại trang để xem trạng thái hiện tại</a>`);

    const accept = await post('reviewer', reviewPage('so-y-te'), `${reviewPage('so-y-te')}/chap-nhan`, {
      version: '1',
      note: 'Đạt yêu cầu',
    });
    expectRefusedKeeping(accept, 409, named, { note: 'Đạt yêu cầu' });
  });

  test('the reviewer answers a support request on the list’s page: a blank answer refused beside it, answered meanwhile by the Service Center it says who and when, the answer kept', async () => {
    const db = server.harness.database.db;
    const asked = [
      'Giấy tờ nào của TTHC cấp phiếu lý lịch tư pháp cần số hóa?',
      'Bản sao chứng thực có phải kê không?',
    ];
    for (const question of asked)
      expect(
        (await api('justice').post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/support`, { question })).status,
      ).toBe(200);
    const requests = () =>
      db.supportRequest.findMany({ where: { assignmentId: `${id}/so-tu-phap` }, orderBy: { askedAt: 'asc' } });
    const [first, second] = await eventually(async () => {
      const rows = await requests();
      expect(rows).toHaveLength(2);
      return rows;
    });
    const page = reviewPage('so-tu-phap');
    const shown = await web.reviewer!.get(page);
    for (const question of asked) expect(shown.text).toContain(question);

    const blank = await post('reviewer', page, `${page}/tra-loi`, { requestId: first!.id, answer: '  ' });
    expectRefusedKeeping(blank, 400, /Câu trả lời không được để trống/, { requestId: first!.id });
    expect(blank.text).toMatch(/<textarea id="answer-[\w-]+" name="answer" rows="3" aria-invalid="true"/);

    const answered = await post('reviewer', page, `${page}/tra-loi`, {
      requestId: first!.id,
      answer: 'Kê các giấy tờ trong thành phần hồ sơ.',
    });
    expect(answered.status).toBe(303);
    await eventually(async () => expect((await requests())[0]!.answer).toBe('Kê các giấy tờ trong thành phần hồ sơ.'));

    // The Service Center answers the second first: the reviewer's answer is refused, naming them, kept.
    expect(
      (
        await api('operator').post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/support/answer`, {
          requestId: second!.id,
          answer: 'Không phải kê bản sao chứng thực.',
        })
      ).status,
    ).toBe(200);
    const row = await eventually(async () =>
      db.auditEvent.findFirstOrThrow({
        where: { assignmentId: `${id}/so-tu-phap`, action: 'support_answer' },
        orderBy: { at: 'desc' },
      }),
    );
    const late = await post('reviewer', page, `${page}/tra-loi`, {
      requestId: second!.id,
      answer: 'Chỉ kê giấy tờ gốc.',
    });
    const conflict = expectRefusedKeeping(
      late,
      409,
      new RegExp(`Chưa thực hiện được vì ${row.personName} đã trả lời đề nghị hỗ trợ lúc ${conflictTime(row.at)}`),
      {},
    );
    expect(conflict).not.toContain('đã được trả lời');
    // Its request is answered, so no form is left for it: the answer written is shown, not lost.
    expect(late.text).toContain('<strong>Câu trả lời bạn đã viết, chưa gửi</strong>: Chỉ kê giấy tờ gốc.');
    expect((await requests())[1]!.answer).toBe('Không phải kê bản sao chứng thực.');
  });

  test('the consolidation confirmation keeps the acknowledgement; the approver’s decision keeps number, date and signer', async () => {
    const consolidation = `/tham-dinh/${encodeURIComponent(id)}/tong-hop`;
    const stale = await post('reviewer', consolidation, consolidation, { included: '7', daHieu: 'co' });
    expectRefusedKeeping(stale, 400, /số danh sách được tổng hợp đã đổi \(7 → \d+\)/, { daHieu: 'co' });

    const catalogue = `/phe-duyet/${encodeURIComponent(id)}`;
    // Before consolidation the Chairman sees the agencies' progress by stage.
    const progress = (await web.approver!.get(catalogue)).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(progress).toMatch(/Tiến độ của các cơ quan Lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}: 3 cơ quan được giao\./);
    expect(progress).toContain('Đã giao 1 cơ quan Đã nộp lại 1 cơ quan Đã chấp nhận 1 cơ quan');
    const decision = { decisionNumber: '512/QĐ-UBND', decisionDate: '32/13/2024', signer: 'Đặng Văn Minh' };
    const badDate = await post('approver', catalogue, `${catalogue}/phe-duyet`, decision);
    expectRefusedKeeping(badDate, 400, /Ngày quyết định phải có dạng dd\/mm\/yyyy/, decision);
    expect(badDate.text).toMatch(/<a href="#decisionDate">Ngày quyết định/);

    // Not consolidated yet: the workflow refuses; the decision typed is kept.
    const early = await post('approver', catalogue, `${catalogue}/phe-duyet`, {
      ...decision,
      decisionDate: '13/03/2024',
    });
    expectRefusedKeeping(early, 409, /./, { ...decision, decisionDate: '13/03/2024' });

    const noReason = await post('approver', catalogue, `${catalogue}/tra-lai`, { reasons: '   ' });
    expectRefusedKeeping(noReason, 400, /Hãy điền lý do trả lại danh mục/, {});
  });

  test('the Service Center’s bulk forms keep the reason and refuse a date not written dd/mm/yyyy', async () => {
    const bulk = `/dieu-hanh/${encodeURIComponent(id)}/hang-loat`;
    const preview = await web.operator!.get(
      `${bulk}?loai=extend&chon=pending&han=2026-12-23&lyDo=${encodeURIComponent('Chờ hướng dẫn của Bộ')}`,
    );
    expectRefusedKeeping(preview, 400, /"2026-12-23" không phải một ngày dạng dd\/mm\/yyyy/, {
      han: '2026-12-23',
      lyDo: 'Chờ hướng dẫn của Bộ',
    });
    const confirmed = await post('operator', `${bulk}?loai=extend`, bulk, {
      loai: 'extend',
      batch: 'batch-0001-kept',
      agencies: 'so-tu-phap',
      han: '2026-12-23',
      lyDo: 'Chờ hướng dẫn của Bộ',
    });
    expectRefusedKeeping(confirmed, 400, /không phải một ngày dạng dd\/mm\/yyyy/, {
      han: '2026-12-23',
      lyDo: 'Chờ hướng dẫn của Bộ',
    });
  });

  test('the launch page keeps the pasted campaign file and says where each problem is without field codes', async () => {
    const launch = '/dieu-hanh/khoi-chay';
    const yaml = [
      `id: ${id}-b`,
      'title: Thử',
      'agencies:',
      '  - code: xa-1',
      '    name: Xã Một',
      '    kind: hamlet',
      '    email: xa1@example.gov.vn',
    ].join('\n');
    const answer = await post('operator', launch, `${launch}/kiem-tra`, { yaml, name: 'thu.yaml' });
    // Where each problem is, in words; the fix may name the key to write in the file ("ghi reviewer: …").
    const problems = expectRefusedKeeping(
      answer,
      400,
      /Cơ quan thứ 1 — mục kind: Loại cơ quan không hợp lệ/,
      { yaml, name: 'thu.yaml' },
      /\w+\[\d+\]|\((?:[a-z][\w-]*)\)/,
    );
    expect(problems).toMatch(/Văn bản giao việc: Thiếu/);
    expect([...answer.text.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).not.toContainEqual(
      expect.stringMatching(/^[a-z]\w*(\[\d+\])?(\.\w+)*:/),
    );
  });
});
