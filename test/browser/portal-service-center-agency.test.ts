import { grantRole } from '../../server/identity/people';
import { conflictTime } from '../../server/portal/form-page';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';
import { typedDay, vnDay, weekdayAfter } from '../support/vietnam-days';

// The province's Service Center, in a real Chromium on a real server, worker, Temporal and database:
// an administrator grants the province-wide role on the web (the only administrator step); its holder,
// named in no campaign, launches one, answers an agency's extension request, reminds and extends the
// agency, suspends and resumes its deadline and withdraws it, each from the agency's page, each
// recorded by the workflow under the holder's own name (the workflow accepted the signed proof).
// Refused forms come back with what was typed; people without the role are refused; axe-core at
// desktop and phone width.

describe.each(testDatabases())('the province-wide Service Center on an agency page (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const { url, db, signedIn } = suite;
  const center = 'canbo.ttpv@example.gov.vn';
  const agency = 'syt@example.gov.vn';
  const definition = sampleCampaign();
  const id = definition.id;
  const page = (code: string) => `/dieu-hanh/${id}/co-quan/${code}`;

  beforeAll(async () => {
    await grantRole(db(), { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
  });

  test('an administrator grants the role on the web; its holder launches a campaign, but never as its reviewer or approver', async () => {
    const { page: admin } = await signedIn('admin@example.gov.vn');
    await admin.goto(url('/dieu-hanh/can-bo-cap-tinh'));
    await expectAccessible(admin, 'province-wide Service Center people');
    await admin.getByLabel('Email của cán bộ').fill('không phải email');
    await admin.getByLabel('Họ và tên (không bắt buộc)').fill('Lê Thị Điều Hành');
    await admin.getByRole('button', { name: 'Cấp vai trò' }).click();
    expect(await admin.locator('.field__error').innerText()).toContain('Hãy điền một địa chỉ email');
    // What was typed is kept.
    expect(await admin.getByLabel('Họ và tên (không bắt buộc)').inputValue()).toBe('Lê Thị Điều Hành');
    await admin.getByLabel('Email của cán bộ').fill(center);
    await admin.getByRole('button', { name: 'Cấp vai trò' }).click();
    await admin.getByText('Đã cấp vai trò.').waitFor();
    expect(await admin.locator('main').innerText()).toMatch(
      /Lê Thị Điều Hành \(canbo\.ttpv@example\.gov\.vn\) — cấp lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} bởi Quản trị/,
    );
    const adminId = (await db().person.findUniqueOrThrow({ where: { email: 'admin@example.gov.vn' } })).id;
    const holder = await db().person.findUniqueOrThrow({ where: { email: center }, include: { grants: true } });
    expect(holder.grants).toMatchObject([{ role: 'operator', campaignId: '', grantedBy: adminId, revokedAt: null }]);
    expect(
      await db().accessEvent.count({ where: { personId: adminId, action: 'grant', outcome: 'done', channel: 'web' } }),
    ).toBe(1);

    const asCenter = await suite.api(center);
    // Only an administrator grants the province-wide role, even to someone else.
    const widened = await asCenter.post('/api/v1/grants', { email: 'khac@example.gov.vn', role: 'operator' });
    expect(widened.status).toBe(403);
    expect(widened.body.message).toContain(
      'Chỉ quản trị hệ thống (admin) được cấp hoặc thu hồi vai trò Trung tâm Phục vụ cấp tỉnh',
    );
    // The Service Center names who reviews and approves, never itself.
    const selfNamed = await asCenter.post(
      '/api/v1/campaigns',
      sampleCampaign({ approver: { name: 'Tôi', email: center } }),
    );
    expect(selfNamed.status).toBe(409);
    expect(selfNamed.body.message).toContain('không ai được tự giao cho mình vai trò người phê duyệt');
    expect((await asCenter.post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db().assignment.count({ where: { campaignId: id } })).toBe(3));
    // Someone without the role may not launch.
    const asAgency = await suite.api(agency);
    expect((await asAgency.post('/api/v1/campaigns', sampleCampaign())).status).toBe(403);
  });

  test('from the agency page: answer an extension request, remind, extend, suspend and resume, withdraw; each by the holder, in the history', async () => {
    const asAgency = await suite.api(agency);
    const row = () => db().assignment.findUniqueOrThrow({ where: { id: `${id}/so-y-te` } });
    const current = (await row()).submissionDeadline.getTime();
    const asked = weekdayAfter(current, 1);
    const requested = await asAgency.post(`/api/v1/campaigns/${id}/agencies/so-y-te/extension-requests`, {
      deadline: asked,
      reason: 'Đang chờ ý kiến của Bộ Y tế',
    });
    expect(requested.status).toBe(200);

    const { page: p } = await signedIn(center);
    // The address every e-mail about the agency links to brings the Service Center to its own page of it.
    await p.goto(url(`/campaigns/${id}/agencies/so-y-te`));
    expect(new URL(p.url()).pathname).toBe(page('so-y-te'));
    // The Service Center's own trail, not the agency's.
    expect(await p.getByRole('navigation', { name: 'Đường dẫn' }).innerText()).toMatch(
      /Điều hành[\s\S]*751\/UBND-TTHC[\s\S]*Sở Y tế/,
    );
    await expectAccessible(p, 'agency page with a pending extension request');
    const pending = p.getByRole('region', { name: 'Đề nghị gia hạn đang chờ trả lời' });
    expect(await pending.innerText()).toContain('Đang chờ ý kiến của Bộ Y tế');

    // Another day, typed the wrong way: refused beside the field, what was typed kept.
    const other = weekdayAfter(Date.parse(`${asked}T00:00:00Z`), 1);
    await pending.getByLabel('Chấp thuận với ngày khác').check();
    await pending.getByLabel(/Ngày chấp thuận/).fill(other);
    await pending.getByLabel(/Lý do/).fill('Cho thêm một ngày để tổng hợp');
    await pending.getByRole('button', { name: 'Gửi trả lời' }).click();
    expect(await pending.locator('.field__error').innerText()).toContain(
      `"${other}" không phải một ngày dạng dd/mm/yyyy`,
    );
    expect(await pending.getByLabel(/Lý do/).inputValue()).toBe('Cho thêm một ngày để tổng hợp');
    expect(await pending.getByLabel('Chấp thuận với ngày khác').isChecked()).toBe(true);
    expect(await p.locator('main').innerText()).not.toMatch(/\b(ngay|lyDo|traLoi|deadline|reason)\b/);
    await expectAccessible(p, 'agency page with a refused form');
    await pending.getByLabel(/Ngày chấp thuận/).fill(typedDay(other));
    await pending.getByRole('button', { name: 'Gửi trả lời' }).click();
    await p.getByText('Đã trả lời đề nghị gia hạn; cơ quan được thông báo.').waitFor();
    await eventually(async () => expect(vnDay((await row()).submissionDeadline.getTime())).toBe(other));

    await p.getByLabel('Ghi chú kèm lời nhắc (không bắt buộc)').fill('Còn thiếu danh sách TTHC lĩnh vực dược');
    await p.getByRole('button', { name: 'Gửi lời nhắc' }).click();
    await p.getByText('Đã gửi lời nhắc.').waitFor();

    const extended = weekdayAfter(Date.parse(`${other}T00:00:00Z`), 3);
    await p.getByLabel('Thời hạn mới').fill(typedDay(extended));
    await p.getByLabel('Lý do gia hạn').fill('Theo chỉ đạo của UBND tỉnh');
    await p.getByRole('button', { name: 'Gia hạn', exact: true }).click();
    await p.getByText('Đã gia hạn; cơ quan được thông báo thời hạn mới.').waitFor();
    await eventually(async () => expect(vnDay((await row()).submissionDeadline.getTime())).toBe(extended));

    await p.getByLabel('Lý do tạm dừng').fill('Cơ quan đang sáp nhập');
    await p.getByRole('button', { name: 'Tạm dừng' }).click();
    await p.getByText('Đã tạm dừng tính thời hạn của cơ quan.').waitFor();
    await p.getByRole('button', { name: 'Tiếp tục tính thời hạn' }).click();
    await p.getByText('Đã tiếp tục tính thời hạn').waitFor();

    // Withdrawal cannot be undone: without the confirmation it is refused, the reason kept.
    await p.getByLabel('Lý do rút').fill('Cơ quan đã giải thể');
    await p.getByRole('button', { name: 'Rút cơ quan khỏi chiến dịch' }).click();
    expect(await p.locator('.field__error').innerText()).toContain('việc rút cơ quan không hoàn tác được');
    expect(await p.getByLabel('Lý do rút').inputValue()).toBe('Cơ quan đã giải thể');
    expect((await row()).stage).toBe('assigned');
    await p.getByLabel('Tôi hiểu việc rút cơ quan không hoàn tác được').check();
    await p.getByRole('button', { name: 'Rút cơ quan khỏi chiến dịch' }).click();
    await p.getByText('Đã rút cơ quan khỏi chiến dịch.').waitFor();
    await eventually(async () => expect((await row()).stage).toBe('withdrawn'));
    // A form sent once the agency can no longer take it: the workflow's refusal, in words, on the page.
    const late = await p.request.post(url(`${page('so-y-te')}/tam-dung`), {
      form: { _csrf: await p.locator('input[name="_csrf"]').first().inputValue(), lyDoTamDung: 'Thử lại' },
      headers: { accept: 'text/html' },
    });
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain('Hồ sơ của cơ quan đã kết thúc: không còn nhận thao tác nào');

    // The workflow recorded every action under the holder's name: it accepted the server's proof of
    // a province-wide operator as it does a campaign's own.
    const holder = await db().person.findUniqueOrThrow({ where: { email: center } });
    const actions = await db().auditEvent.findMany({
      where: { assignmentId: `${id}/so-y-te`, personId: holder.id },
      select: { action: true },
      orderBy: { at: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'extension_grant',
      'remind',
      'extend',
      'suspend',
      'resume',
      'withdraw',
    ]);
    await p.reload();
    const history = await p.locator('.history').innerText();
    for (const label of [
      'Xin gia hạn',
      'Chấp thuận gia hạn',
      'Nhắc việc',
      'Gia hạn',
      'Tạm dừng thời hạn',
      'Tiếp tục tính thời hạn',
      'Rút khỏi chiến dịch',
      'Giao nhiệm vụ',
    ])
      expect(history).toContain(label);
    expect(history).toContain(
      `Gia hạn (Lê Thị Điều Hành): Hạn nộp mới: ${typedDay(extended)}. Theo chỉ đạo của UBND tỉnh`,
    );
    // Nothing is offered that a withdrawn agency can no longer do.
    expect(await p.getByRole('button', { name: 'Gửi lời nhắc' }).count()).toBe(0);
  });

  test('at phone width the page fits and passes axe; an agency member is refused the page and its actions', async () => {
    const { page: phone } = await signedIn(center, PHONE_VIEWPORT);
    await phone.goto(url(page('ubnd-huyen-binh-son')));
    await expectAccessible(phone, 'agency page at 390 px');
    expect(await phone.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    const asAgency = await suite.api(agency);
    expect((await asAgency.get(page('ubnd-huyen-binh-son'))).status).toBe(403);
    const refused = await asAgency.post(`${page('so-tu-phap')}/nhac-viec`, { ghiChu: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('Bạn không có quyền này');
    const reminders = await db().auditEvent.count({ where: { assignmentId: `${id}/so-tu-phap`, action: 'remind' } });
    expect(reminders).toBe(0);
  });

  test("the Service Center answers an agency's support request on its page; answered meanwhile by the reviewer, it says who and when, the answer kept", async () => {
    const asker = await suite.api('stp@example.gov.vn');
    const questions = [
      'Giấy tờ nào của TTHC cấp phiếu lý lịch tư pháp cần số hóa?',
      'Bản sao chứng thực có phải kê vào danh sách không?',
      'Giấy tờ do cơ quan khác cấp có phải kê không?',
    ];
    for (const question of questions)
      expect((await asker.post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/support`, { question })).status).toBe(200);
    const requests = () =>
      db().supportRequest.findMany({ where: { assignmentId: `${id}/so-tu-phap` }, orderBy: { askedAt: 'asc' } });
    await eventually(async () => expect(await requests()).toHaveLength(3));

    const { page: p } = await signedIn(center);
    await p.goto(url(page('so-tu-phap')));
    const support = p.getByRole('region', { name: 'Yêu cầu hỗ trợ của cơ quan' });
    for (const question of questions) expect(await support.innerText()).toContain(question);
    await expectAccessible(p, 'agency page with support requests');
    await p.setViewportSize(PHONE_VIEWPORT);
    await expectAccessible(p, 'agency page with support requests (390 px)');

    // A blank answer is refused beside its field.
    const first = support.getByRole('article').filter({ hasText: questions[0]! });
    await first.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    expect(await first.locator('.field__error').innerText()).toContain('Hãy viết câu trả lời');
    expect(await first.getByLabel('Câu trả lời').getAttribute('aria-invalid')).toBe('true');
    await first.getByLabel('Câu trả lời').fill('Kê các giấy tờ trong thành phần hồ sơ và kết quả giải quyết.');
    await first.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await p.getByText('Đã trả lời yêu cầu hỗ trợ; cơ quan được thông báo.').waitFor();
    const holder = await db().person.findUniqueOrThrow({ where: { email: center } });
    await eventually(async () =>
      expect((await requests())[0]).toMatchObject({
        answer: 'Kê các giấy tờ trong thành phần hồ sơ và kết quả giải quyết.',
        answeredBy: definition.serviceCenter.name,
      }),
    );
    // Recorded under the holder's own name.
    expect(
      await db().auditEvent.count({
        where: { assignmentId: `${id}/so-tu-phap`, action: 'support_answer', personId: holder.id },
      }),
    ).toBe(1);
    expect(await support.getByRole('article').filter({ hasText: questions[0]! }).innerText()).toContain('Đã trả lời');

    // The reviewer answers the second while the Service Center writes its own answer.
    const second = support.getByRole('article').filter({ hasText: questions[1]! });
    await second.getByLabel('Câu trả lời').fill('Không; chỉ kê giấy tờ gốc.');
    const reviewer = await suite.api('stttt@example.gov.vn');
    const requestId = (await requests())[1]!.id;
    const answered = await reviewer.post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/support/answer`, {
      requestId,
      answer: 'Không phải kê bản sao chứng thực.',
    });
    expect(answered.status).toBe(200);
    const reviewerRow = await eventually(async () =>
      db().auditEvent.findFirstOrThrow({
        where: { assignmentId: `${id}/so-tu-phap`, action: 'support_answer', personId: { not: holder.id } },
      }),
    );
    await second.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    const alert = await p.getByRole('alert').innerText();
    expect(alert).toContain(
      `${reviewerRow.personName} đã trả lời đề nghị hỗ trợ lúc ${conflictTime(reviewerRow.at)}, trước thao tác của bạn`,
    );
    expect(alert).not.toContain('đã được trả lời');
    expect(await p.getByRole('article').filter({ hasText: questions[1]! }).innerText()).toContain(
      'Câu trả lời bạn đã viết, chưa gửi: Không; chỉ kê giấy tờ gốc.',
    );
    expect((await requests())[1]!.answer).toBe('Không phải kê bản sao chứng thực.');
    await expectAccessible(p, 'agency page after a support answer conflict (390 px)');

    // The reviewer finds the open request on the list's page, with its own answer form.
    const { page: r } = await signedIn('stttt@example.gov.vn');
    await r.goto(url(`/tham-dinh/${id}/co-quan/so-tu-phap`));
    const open = r.getByRole('region', { name: 'Yêu cầu hỗ trợ chưa trả lời' });
    expect(await open.innerText()).toContain(questions[2]!);
    expect(await open.innerText()).not.toContain(questions[0]!);
    await expectAccessible(r, 'review page with an open support request');
    await open.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    expect(await r.getByRole('alert').innerText()).toContain('Câu trả lời không được để trống');
    await r.setViewportSize(PHONE_VIEWPORT);
    await expectAccessible(r, 'review page with a refused support answer (390 px)');
  });
});
