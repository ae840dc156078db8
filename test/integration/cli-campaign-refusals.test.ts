import fs from 'node:fs';
import path from 'node:path';
import { APPROVER, dayFromNow, OPERATOR_ROLE, REVIEWER, SERVICE_CENTER } from '../support/cli-world';
import { useCliCampaign } from '../support/cli-campaign';
import { freePort } from '../support/free-port';
import { testDatabases } from '../support/test-env';

// Every command of the admin script refusing bad input, on a campaign with an accepted list
// (two versions), an answered support request and extended deadlines.

describe.each(testDatabases())('admin script: one campaign (npm run dondoc) on %s', (kind) => {
  const { dir, campaignId, fails, ok, assignment } = useCliCampaign(kind, 'extended');

  test('every command rejects bad input with a Vietnamese message and a non-zero exit code', async () => {
    const c = campaignId;
    // Usage errors.
    await fails(['campaign', 'extnd'], 'Không có lệnh "extnd". Có phải ý bạn là extend?');
    await fails(['review', 'accept', c], 'Thiếu đối số bắt buộc <agencyCode>.');
    await fails(
      ['review', 'accept', c, 'so-y-te', '--notes', 'x'],
      'Không có tùy chọn --notes. Có phải ý bạn là --note?',
    );
    await fails(['review', 'return', c, 'so-y-te', 'Thiếu', 'căn cứ'], 'Thừa đối số');
    // Reads go through the server too: an unknown campaign is "no such campaign" for an administrator,
    // and a refusal for a person with no role in it (which says nothing of whether it exists).
    await fails(['campaign', 'status', 'khong-co'], 'Không có chiến dịch khong-co.', { as: 'admin' });
    await fails(['campaign', 'status', 'khong-co'], 'Bạn không có quyền này', { as: 'operator' });
    // An agency member is told which campaign-wide roles read it, not their own role as a way in.
    const wide = await fails(['campaign', 'status', c], `Bạn không có quyền này: cần vai trò`, { as: 'health' });
    expect(wide).toContain('(reviewer)');
    expect(wide).not.toContain('(agency)');
    await fails(['campaign', 'status', 'mã có dấu'], '<campaignId>: mã chiến dịch chỉ gồm chữ không dấu');

    // campaign extend
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '31/02/2030', '--reason', 'x'],
      '--deadline: "31/02/2030" không phải thời hạn hợp lệ',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2020', '--reason', 'x'],
      '--deadline: thời hạn mới (01/01/2020) phải ở sau thời điểm hiện tại',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099'],
      '--reason: thiếu; hãy ghi --reason',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--late', '--deadline', '01/01/2099', '--reason', 'x'],
      'cần đúng một trong hai: --agency <mã…> (các cơ quan đã nêu) hoặc --late',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', 'so-khong-co', '--deadline', '01/01/2099', '--reason', 'x'],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
    );
    const kindErr = await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', 'so-tu-phap', '--deadline', '01/01/2099', '--reason', 'x'],
      'Không gia hạn cho cơ quan nào, vì:',
    );
    expect(kindErr).toContain(
      'Sở Tư pháp (so-tu-phap): không có thời hạn nào đang chạy ở trạng thái "Đã chấp nhận"; hãy nêu --kind.',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--kind', 'review', '--deadline', '01/01/2099', '--reason', 'x'],
      'Sở Y tế (so-y-te): chưa có hạn thẩm định để gia hạn.',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--kind', 'later', '--deadline', '01/01/2099', '--reason', 'x'],
      '--kind: phải là submission (hạn nộp), resubmission (hạn nộp lại) hoặc review (hạn thẩm định)',
    );
    const notOperator = await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE} trong chiến dịch ${c}.`,
      { as: 'reviewer' },
    );
    expect(notOperator).not.toContain('ttpv@');
    expect(notOperator).not.toContain(SERVICE_CENTER);
    expect((await assignment('so-y-te')).submissionDeadline.toISOString()).toBe(dayFromNow(45).endIso); // nothing moved

    // campaign remind, escalate, withdraw, cancel
    await fails(['campaign', 'remind', c, '--agency', 'so-khong-co'], 'Không tìm thấy cơ quan so-khong-co');
    await fails(
      ['campaign', 'remind', c],
      'cần đúng một trong ba: --agency <mã…> (các cơ quan đã nêu), --late (mọi cơ quan đang quá hạn) hoặc --pending',
    );
    await fails(['campaign', 'remind', c, '--late', '--pending'], 'cần đúng một trong ba');
    await fails(
      ['campaign', 'remind', c, '--schedule', '--late'],
      '--schedule chỉ xem lịch nhắc (có thể kèm --agency)',
    );
    await fails(['campaign', 'escalate', c, '--reason', 'x'], '--agency: thiếu mã cơ quan; ví dụ --agency so-tu-phap');
    await fails(['campaign', 'escalate', c, '--agency', 'so-y-te'], '--reason: thiếu; hãy ghi --reason');
    await fails(
      ['campaign', 'escalate', c, '--agency', 'so-y-te', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`,
      { as: 'health' },
    );
    await fails(
      ['campaign', 'withdraw', c, '--agency', 'so-khong-co', '--reason', 'x'],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
    );
    await fails(
      ['campaign', 'withdraw', c, '--agency', 'so-y-te', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`,
      { as: 'reviewer' },
    );
    await fails(['campaign', 'cancel', c], '--reason: thiếu; hãy ghi --reason');
    await fails(['campaign', 'cancel', c, '--reason', 'x'], `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`, {
      as: 'approver',
    });
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099', '--reason', 'x', '--by', REVIEWER],
      'Không có tùy chọn --by.',
    );

    // agency submit, support, template, diff
    await fails(['agency', 'submit', c, 'so-y-te'], '--file: thiếu; hãy ghi --file "so-tu-phap.xlsx"');
    const badList = path.join(dir, 'sai.json');
    fs.writeFileSync(
      badList,
      JSON.stringify({
        procedures: [{ code: '1.0001', name: 'Cấp giấy phép', documents: [{ name: 'Đơn đề nghị', kind: 'ket_qua' }] }],
      }),
    );
    await fails(
      ['agency', 'submit', c, 'so-y-te', '--file', badList],
      'Không đọc được danh sách giấy tờ từ tệp "sai.json" (1 lỗi)',
    );
    await fails(
      ['agency', 'submit', c, 'so-y-te', '--file', path.join(dir, 'danh-sach.txt')],
      'tệp phải có đuôi .xlsx, .csv hoặc .json',
    );
    // An agency member learns nothing of other agencies, not even whether they exist.
    await fails(
      ['agency', 'submit', c, 'so-khong-co', '--file', path.join(dir, 'so-tu-phap.json')],
      `Bạn không có quyền này: cần vai trò cán bộ của cơ quan được giao (agency) của cơ quan so-khong-co`,
    );
    await fails(
      ['agency', 'submit', c, 'so-khong-co', '--file', path.join(dir, 'so-tu-phap.json')],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
      { as: 'admin' },
    );
    await fails(
      ['agency', 'submit', c, 'so-tu-phap', '--file', path.join(dir, 'so-tu-phap.json')],
      'Không thể nộp danh sách khi hồ sơ đang ở trạng thái "Đã chấp nhận"',
    );
    await fails(['agency', 'support', c, 'so-y-te'], '--question: thiếu');
    await fails(['agency', 'support', c, 'so-y-te', '--question', 'Hỏi'], 'question: Câu hỏi quá ngắn');
    await fails(
      ['agency', 'template', '--out', path.join(dir, 'mau.ods')],
      '--out: tệp mẫu phải có đuôi .xlsx (khuyên dùng) hoặc .csv',
    );
    await fails(
      ['agency', 'template', '--out', path.join(dir, 'so-tu-phap.xlsx')],
      'đã có. Cách sửa: chọn tên khác, hoặc thêm --force để ghi đè.',
    );
    await fails(['agency', 'diff', c, 'so-y-te'], 'Sở Y tế (so-y-te) chưa nộp danh sách nào');
    await fails(['agency', 'diff', c, 'so-tu-phap', '--from', '5'], '--from: phải nhỏ hơn phiên bản 2 (--to).');
    await fails(
      ['agency', 'diff', c, 'so-tu-phap', '--to', '7'],
      '--to: Sở Tư pháp (so-tu-phap) không có phiên bản 7; các phiên bản đã nộp: 1, 2.',
    );
    await fails(['agency', 'diff', c, 'so-tu-phap', '--from', 'một'], '--from: phải là số nguyên dương');

    // review accept, return, consolidate, answer
    await fails(
      ['review', 'accept', c, 'so-y-te'],
      'Không thể chấp nhận danh sách khi hồ sơ đang ở trạng thái "Đã giao"',
    );
    const notReviewer = await fails(
      ['review', 'accept', c, 'so-tu-phap'],
      'Bạn không có quyền này: cần vai trò cơ quan thẩm định (reviewer)',
      { as: 'justice' },
    );
    expect(notReviewer).not.toContain(REVIEWER);
    // An agency member acts for their own agency only.
    await fails(
      ['agency', 'support', c, 'so-tu-phap', '--question', 'Sở Y tế hỏi thay cho Sở Tư pháp được không?'],
      'cần vai trò cán bộ của cơ quan được giao (agency) của cơ quan so-tu-phap',
      { as: 'health' },
    );
    await fails(
      ['review', 'return', c, 'so-y-te'],
      'cần đúng một trong hai: --reason "<lý do chung>" hoặc --reasons-file',
    );
    const reasonsFile = path.join(dir, 'ly-do.yaml');
    fs.writeFileSync(reasonsFile, 'lines:\n  - procedureCode: "1.001612"\n    reason: Thiếu căn cứ\n');
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--reasons-file', reasonsFile],
      'cần đúng một trong hai',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reasons-file', reasonsFile],
      `--reasons-file: tệp ${reasonsFile} không hợp lệ:\n  - overall: Thiếu lý do trả lại (overall).`,
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--line', 'Thiếu căn cứ'],
      '--line (giá trị thứ 1): "Thiếu căn cứ" phải có dạng <mã TTHC>[:<tên giấy tờ>]=<lý do>',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--line', '1.0001=Sai mã'],
      'mã TTHC "1.0001" không đúng dạng',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'Chưa đạt'],
      'Không thể trả lại danh sách khi hồ sơ đang ở trạng thái "Đã giao"',
    );
    await fails(['review', 'consolidate', c], 'Bạn không có quyền này: cần vai trò cơ quan thẩm định (reviewer)', {
      as: 'operator',
    });
    await fails(
      ['review', 'answer', c, 'so-y-te', '--request', '9', '--answer', 'Có'],
      `Không có yêu cầu hỗ trợ ${c}/so-y-te#support-9.`,
    );
    await fails(['review', 'answer', c, 'so-y-te', '--request', '1', '--answer', 'Lần nữa'], 'đã được trả lời');
    await fails(['review', 'answer', c, 'so-y-te', '--request', '1'], '--answer: thiếu');

    // approver approve, send-back
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '32/13/2024', '--signer', 'Đặng Văn Minh'],
      '--date: "32/13/2024" không phải ngày hợp lệ',
    );
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '01/01/2099', '--signer', 'Đặng Văn Minh'],
      '--date: ngày quyết định không được sau hôm nay',
    );
    await fails(['approver', 'approve', c, '--date', '2024-03-14'], '--decision: thiếu');
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '14/03/2024', '--signer', 'Đặng Văn Minh'],
      'Không thể phê duyệt danh mục khi chiến dịch đang ở giai đoạn "Đang thu thập, thẩm định danh sách"',
    );
    const notApprover = await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '14/03/2024', '--signer', 'Đặng Văn Minh'],
      'Bạn không có quyền này: cần vai trò người phê duyệt (approver)',
      { as: 'reviewer' },
    );
    expect(notApprover).not.toContain(APPROVER);
    await fails(['approver', 'send-back', c], '--reason: thiếu');
    await fails(
      ['approver', 'send-back', c, '--reason', 'Thiếu cấp xã'],
      'Không thể trả lại danh mục tổng hợp khi chiến dịch đang ở giai đoạn "Đang thu thập, thẩm định danh sách"',
    );

    // Environment: no dondoc server, no Temporal at the address, a bad DATABASE_URL.
    const port = await freePort();
    await fails(['campaign', 'status', c], `Không kết nối được máy chủ dondoc tại http://127.0.0.1:${port}`, {
      env: { DONDOC_SERVER_URL: `http://127.0.0.1:${port}` },
    });
    // The admin script opens neither Temporal nor the database: their settings do not matter to it.
    const elsewhere = { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: 'mysql://localhost/dondoc' };
    expect((await ok(['campaign', 'status', c], { env: elsewhere })).out).toContain(`Chiến dịch ${c}`);
    await fails(['review', 'accept', c, 'so-tu-phap'], 'Không thể chấp nhận danh sách khi hồ sơ đang ở trạng thái', {
      env: elsewhere,
    });
  });
});
