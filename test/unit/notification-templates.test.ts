import {
  NOTIFICATION_KINDS,
  NotificationParamsError,
  renderNotification,
  type NotificationKind,
  type NotificationTemplateInput,
} from '../../activities/notifications';

// Every message in one place: each kind renders, in Vietnamese, with dates of Asia/Ho_Chi_Minh,
// and a missing or malformed param is an error that names the field.

const directive = {
  directive: '751/UBND-TTHC',
  directiveDate: '2024-02-07T00:00:00+07:00',
  reviewerName: 'Sở Thông tin và Truyền thông',
  serviceCenterName: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
};
const agency = { agencyName: 'Sở Tư pháp', agencyCode: '000.00.12.H48' };
const DEADLINE = '2024-03-04T23:59:59+07:00';

/** One extension request, as its notice and the Service Center's reminder both carry it. */
const extensionRequest: NotificationTemplateInput<'extension_requested'> = {
  ...directive,
  ...agency,
  requestId: 'a#extension-1',
  deadlineKind: 'submission',
  currentDeadline: DEADLINE,
  requestedDeadline: '2024-03-08T23:59:59.999+07:00',
  workingDays: 4,
  reason: 'Chờ ý kiến của Bộ Tư pháp về thủ tục liên thông.',
  requestedBy: 'Nguyễn Thị Lan',
  answerDeadline: '2024-02-28T23:59:59.999+07:00',
};
/** What both answers to that request say of it. */
const extensionAnswer = {
  ...directive,
  ...agency,
  requestId: 'a#extension-1',
  deadlineKind: 'submission' as const,
  currentDeadline: DEADLINE,
  requestedDeadline: '2024-03-08T23:59:59.999+07:00',
};

const samples: { [K in NotificationKind]: NotificationTemplateInput<K> } = {
  assigned: {
    ...directive,
    ...agency,
    task: 'Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính',
    deadline: DEADLINE,
    howToSubmit: 'Gửi tệp danh sách (xlsx, csv hoặc json) qua hệ thống dondoc: npm run dondoc -- submit.',
  },
  reminder: { ...directive, ...agency, deadline: DEADLINE, workingDaysLeft: 3 },
  returned: {
    ...directive,
    ...agency,
    version: 2,
    reasons: {
      overall: 'Danh sách chưa đầy đủ các TTHC thuộc thẩm quyền.',
      lines: [
        {
          line: 3,
          procedureCode: '1.002421',
          procedureName: 'Đăng ký khai sinh',
          documentName: 'Giấy chứng sinh',
          reason: 'Thiếu căn cứ pháp lý.',
        },
      ],
    },
    resubmissionDeadline: '2024-03-11T23:59:59+07:00',
  },
  accepted: { ...directive, ...agency, version: 2, note: 'Đạt yêu cầu.' },
  submission_received: {
    ...directive,
    ...agency,
    version: 2,
    submittedAt: '2024-03-01T09:30:00+07:00',
    changes: 'Thêm 2 TTHC; sửa loại giấy tờ ở dòng 3.',
    findings: 'Dòng 5: giấy tờ "Bản sao CCCD" là bản sao, không cần số hóa.',
    reviewDeadline: '2024-03-08T23:59:59+07:00',
  },
  review_reminder: { ...directive, ...agency, version: 1, deadline: '2024-03-08T23:59:59+07:00', workingDaysLeft: 1 },
  deadline_extended: {
    ...directive,
    ...agency,
    deadlineKind: 'submission',
    deadline: '2024-03-12T23:59:59+07:00',
    previousDeadline: DEADLINE,
    reason: 'Cơ quan đề nghị gia hạn do thay đổi nhân sự.',
  },
  escalation: {
    ...directive,
    ...agency,
    escalationKind: 'submission_overdue',
    deadline: DEADLINE,
    raisedAt: '2024-03-05T00:00:01+07:00',
    evidence: ['Chưa nộp danh sách khi hết hạn.', 'Đã nhắc 2 lần (3 và 1 ngày làm việc trước hạn).'],
  },
  extension_requested: extensionRequest,
  extension_answer_reminder: extensionRequest,
  extension_granted: {
    ...extensionAnswer,
    grantedDeadline: '2024-03-06T23:59:59.999+07:00',
    answer: 'Chấp thuận 2 ngày làm việc.',
    decidedBy: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
  },
  extension_refused: {
    ...extensionAnswer,
    answer: 'Thời hạn đã được công bố từ đầu chiến dịch.',
    decidedBy: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
  },
  catalogue: {
    ...directive,
    event: 'approved',
    recipientName: 'Sở Thông tin và Truyền thông',
    entries: 412,
    agencies: 198,
    missing: 8,
    decisionNumber: '512/QĐ-UBND',
    decisionDate: '14/03/2024',
    signer: 'Đặng Văn Minh',
  },
  support_request: {
    ...directive,
    ...agency,
    question: 'Giấy tờ chỉ xuất trình có phải đưa vào danh sách không?',
    askedBy: 'stp-can-bo',
    askedAt: '2024-02-20T08:15:00+07:00',
    requestId: 'r-1',
  },
  support_answer: {
    ...directive,
    ...agency,
    question: 'Giấy tờ chỉ xuất trình có phải đưa vào danh sách không?',
    answer: 'Không: giấy tờ chỉ xuất trình, không nộp thì không số hóa.',
    answeredBy: 'Sở Thông tin và Truyền thông',
    answeredAt: '2024-02-21T14:00:00+07:00',
  },
};

function render<K extends NotificationKind>(kind: K, overrides: Partial<NotificationTemplateInput<K>> = {}) {
  return renderNotification(kind, { ...samples[kind], ...overrides } as NotificationTemplateInput<K>);
}

function paramsError(run: () => unknown): NotificationParamsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NotificationParamsError);
    return error as NotificationParamsError;
  }
  throw new Error('expected a NotificationParamsError');
}

describe('notification templates', () => {
  test('a sample exists for every kind', () => {
    expect(Object.keys(samples).sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });

  test.each(NOTIFICATION_KINDS)('%s renders a Vietnamese subject and body', (kind) => {
    const { subject, text } = render(kind);
    expect(subject.startsWith('[751/UBND-TTHC] ')).toBe(true);
    expect(subject).not.toContain('\n');
    expect(text).toMatch(/^Kính gửi: .+\.\n/);
    expect(text).toContain('Công văn số 751/UBND-TTHC ngày 07/02/2024');
    for (const junk of ['undefined', 'null', 'NaN', '[object Object]', 'Invalid Date']) {
      expect(subject + text).not.toContain(junk);
    }
    // Precomposed diacritics, as typed by Vietnamese users and searched by mail clients.
    expect(subject).toBe(subject.normalize('NFC'));
    expect(text).toBe(text.normalize('NFC'));
  });

  test('assigned carries the task, the deadline, how to submit and the letter number', () => {
    const { subject, text } = render('assigned');
    expect(subject).toBe(
      '[751/UBND-TTHC] Giao nhiệm vụ: Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính – hạn 04/03/2024',
    );
    expect(text).toContain('Kính gửi: Sở Tư pháp.');
    expect(text).toContain('Thực hiện Công văn số 751/UBND-TTHC ngày 07/02/2024');
    expect(text).toContain('Hạn gửi kết quả: chậm nhất 23:59 ngày 04/03/2024.');
    expect(text).toContain('Cách nộp:\nGửi tệp danh sách');
    expect(text).toContain('Cơ quan tiếp nhận, thẩm định: Sở Thông tin và Truyền thông.');
    expect(text).toContain('Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh');
  });

  test('a re-review agency is told its earlier result was inadequate', () => {
    const { subject, text } = render('assigned', {
      initialStage: 'returned',
      reason: 'Kết quả rà soát trước đây chưa đạt yêu cầu.',
    });
    expect(subject).toContain('Đề nghị rà soát lại');
    expect(text).toContain('chưa đạt yêu cầu; đề nghị quý cơ quan rà soát lại');
    expect(text).toContain('Lý do: Kết quả rà soát trước đây chưa đạt yêu cầu.');
  });

  test('dates are dd/mm/yyyy in Asia/Ho_Chi_Minh (+07:00), whatever the input offset', () => {
    // 17:30 UTC on 04/03 is 00:30 on 05/03 in Việt Nam.
    const late = render('assigned', { deadline: '2024-03-04T17:30:00Z' });
    expect(late.subject).toContain('hạn 05/03/2024');
    expect(late.text).toContain('chậm nhất 00:30 ngày 05/03/2024');
    // A Date object works as well as an ISO string.
    expect(render('assigned', { deadline: new Date('2024-03-04T16:59:59Z') }).text).toContain(
      'chậm nhất 23:59 ngày 04/03/2024',
    );
    // A period ending at midnight ends at 24:00 of the day before (Civil Code art. 148).
    const midnight = render('returned', { resubmissionDeadline: '2024-03-12T00:00:00+07:00' });
    expect(midnight.subject).toContain('hạn nộp lại 11/03/2024');
    expect(midnight.text).toContain('chậm nhất 24:00 ngày 11/03/2024');
    expect(render('support_request').text).toContain('lúc 08:15 ngày 20/02/2024');
  });

  test('reminders count working days', () => {
    expect(render('reminder').subject).toBe(
      '[751/UBND-TTHC] Nhắc hạn: còn 3 ngày làm việc để gửi kết quả (hạn 04/03/2024)',
    );
    expect(render('reminder', { workingDaysLeft: 0, deadlineKind: 'resubmission' }).subject).toContain(
      'hôm nay là ngày làm việc cuối cùng để nộp lại danh sách',
    );
    expect(render('review_reminder').text).toContain('Hạn thẩm định là 23:59 ngày 08/03/2024; còn 1 ngày làm việc.');
  });

  test('a reminder sent by hand carries who asked and their note, and says when the deadline has passed', () => {
    const early = render('reminder', {
      requestedBy: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
      note: 'Còn thiếu 12 TTHC lĩnh vực đất đai.',
    });
    expect(early.text).toContain(
      'Nhắc việc theo yêu cầu của Trung tâm Phục vụ - Kiểm soát TTHC tỉnh.\nLời nhắn: Còn thiếu 12 TTHC lĩnh vực đất đai.',
    );
    const late = render('reminder', { workingDaysLeft: 0, workingDaysLate: 2 });
    expect(late.subject).toBe('[751/UBND-TTHC] Quá hạn: đã quá hạn 2 ngày làm việc để gửi kết quả (hạn 04/03/2024)');
    expect(late.text).toContain('Đề nghị quý cơ quan gửi ngay');
    expect(render('reminder', { workingDaysLeft: 0, workingDaysLate: 0 }).subject).toContain(
      'Quá hạn: đã quá hạn để gửi kết quả',
    );
    const review = render('review_reminder', {
      workingDaysLeft: 0,
      workingDaysLate: 1,
      note: 'Đề nghị thẩm định trong hôm nay.',
    });
    expect(review.subject).toBe(
      '[751/UBND-TTHC] Quá hạn thẩm định: danh sách của Sở Tư pháp (phiên bản 1) – đã quá hạn 1 ngày làm việc',
    );
    expect(review.text).toContain('Lời nhắn: Đề nghị thẩm định trong hôm nay.');
    expect(paramsError(() => render('reminder', { workingDaysLate: -1 })).message).toContain('workingDaysLate');
  });

  test('returned lists the overall reason, the reasons per line and the resubmission deadline', () => {
    const { subject, text } = render('returned');
    expect(subject).toBe('[751/UBND-TTHC] Trả lại danh sách của Sở Tư pháp (phiên bản 2) – hạn nộp lại 11/03/2024');
    expect(text).toContain('Lý do chung:\nDanh sách chưa đầy đủ các TTHC thuộc thẩm quyền.');
    expect(text).toContain(
      '  - Dòng 3, TTHC 1.002421 (Đăng ký khai sinh), giấy tờ "Giấy chứng sinh": Thiếu căn cứ pháp lý.',
    );
    expect(text).toContain('gửi lại danh sách chậm nhất 23:59 ngày 11/03/2024');
  });

  test('submission_received tells a new submission from a resubmission, with changes and findings', () => {
    const resubmitted = render('submission_received');
    expect(resubmitted.subject).toBe(
      '[751/UBND-TTHC] Sở Tư pháp đã nộp lại danh sách (phiên bản 2) – hạn thẩm định 08/03/2024',
    );
    expect(resubmitted.text).toContain(
      'Sở Tư pháp (mã 000.00.12.H48) đã nộp lại danh sách giấy tờ cần số hóa, phiên bản 2, lúc 09:30 ngày 01/03/2024',
    );
    expect(resubmitted.text).toContain(
      'Những thay đổi so với phiên bản trước:\nThêm 2 TTHC; sửa loại giấy tờ ở dòng 3.',
    );
    expect(resubmitted.text).toContain('Kết quả kiểm tra tự động:\nDòng 5:');
    const first = render('submission_received', { version: 1, changes: undefined, findings: '' });
    expect(first.subject).toContain('Sở Tư pháp đã nộp danh sách (phiên bản 1)');
    expect(first.text).not.toContain('Những thay đổi');
    expect(first.text).toContain('Kết quả kiểm tra tự động:\nKhông phát hiện vấn đề.');
  });

  test.each([
    ['submission_overdue', 'Quá hạn nộp danh sách'],
    ['resubmission_overdue', 'Quá hạn nộp lại danh sách sau khi bị trả lại'],
    ['review_overdue', 'Quá hạn thẩm định danh sách'],
    ['perfunctory', 'Thực hiện mang tính đối phó'],
    ['manual', 'Báo cáo của cán bộ theo dõi'],
    ['missing_at_consolidation', 'Chưa có danh sách được chấp nhận khi tổng hợp'],
    ['approval_overdue', 'Quá hạn phê duyệt danh mục tổng hợp'],
  ] as const)('escalation %s is reported to the Service Center', (escalationKind, label) => {
    const { subject, text } = render('escalation', { escalationKind });
    expect(subject).toContain(`Cảnh báo: ${label}`);
    expect(text).toContain('Kính gửi: Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh.');
    expect(text).toContain('Cơ quan: Sở Tư pháp (mã 000.00.12.H48)');
    expect(text).toContain('Thời hạn: 23:59 ngày 04/03/2024');
    expect(text).toContain('  - Chưa nộp danh sách khi hết hạn.');
  });

  test('escalation evidence may be the escalation record object', () => {
    const { text } = render('escalation', {
      escalationKind: 'perfunctory',
      deadline: undefined,
      evidence: { returnCount: 2, lastReasons: 'Thiếu TTHC' },
    });
    expect(text).toContain('  - Số lần bị trả lại: 2\n  - Lý do trả lại gần nhất: Thiếu TTHC');
  });

  test('support messages quote the question and the answer', () => {
    expect(render('support_request').text).toContain(
      'Sở Tư pháp (người hỏi: stp-can-bo) đề nghị hỗ trợ lúc 08:15 ngày 20/02/2024',
    );
    const answer = render('support_answer');
    expect(answer.subject).toBe('[751/UBND-TTHC] Trả lời yêu cầu hỗ trợ của Sở Tư pháp');
    expect(answer.text).toContain(
      'Trả lời của Sở Thông tin và Truyền thông (lúc 14:00 ngày 21/02/2024):\nKhông: giấy tờ chỉ xuất trình',
    );
  });

  test("a review-deadline extension is addressed to the campaign's own reviewer", () => {
    const { text } = render('deadline_extended', {
      deadlineKind: 'review',
      reviewerName: 'Sở Khoa học và Công nghệ',
    });
    expect(text).toMatch(/^Kính gửi: Sở Khoa học và Công nghệ\.\n/);
    expect(text).not.toContain('Thông tin và Truyền thông');
  });

  describe('invalid params', () => {
    test('a missing param names the field', () => {
      const error = paramsError(() => render('assigned', { deadline: undefined }));
      expect(error.kind).toBe('assigned');
      expect(error.issues).toEqual([{ field: 'deadline', message: 'Thiếu hạn nộp (deadline).' }]);
      expect(error.message).toBe(
        'Tham số của thông báo "assigned" không hợp lệ:\n  - deadline: Thiếu hạn nộp (deadline).',
      );
    });

    test('every missing field is named, nested ones with their path', () => {
      const error = paramsError(() =>
        renderNotification('returned', {
          directive: '751/UBND-TTHC',
          agencyName: 'Sở Tư pháp',
          reasons: { overall: 'x', lines: [{ procedureCode: '1.002421' }] },
        } as never),
      );
      // The campaign's people have no default: a message without them is refused, naming them.
      expect(error.issues.map((issue) => issue.field)).toEqual([
        'reviewerName',
        'serviceCenterName',
        'reasons.lines[0].reason',
        'resubmissionDeadline',
      ]);
    });

    test('a deadline without a time zone is refused', () => {
      const error = paramsError(() => render('reminder', { deadline: '2024-03-04 23:59' }));
      expect(error.message).toContain('deadline: hạn nộp (deadline) phải là thời điểm ISO 8601 có múi giờ');
    });

    test('an overdue escalation needs the agency and the deadline; an unknown escalation kind is named', () => {
      const missing = paramsError(() => render('escalation', { agencyName: undefined, deadline: undefined }));
      expect(missing.issues.map((issue) => issue.field)).toEqual(['agencyName', 'deadline']);
      const unknown = paramsError(() => render('escalation', { escalationKind: 'late' as never }));
      expect(unknown.message).toContain('escalationKind phải là một trong: submission_overdue');
    });

    test('an unknown kind and missing params are named', () => {
      expect(paramsError(() => renderNotification('reminded' as never, {} as never)).issues[0]!.field).toBe('kind');
      expect(paramsError(() => renderNotification('accepted', undefined as never)).issues[0]).toEqual({
        field: 'params',
        message: 'Thiếu params (phải là một object).',
      });
    });
  });
});

test('no e-mail people read carries a request’s system identifier', () => {
  for (const kind of [
    'extension_requested',
    'extension_answer_reminder',
    'extension_granted',
    'extension_refused',
    'support_request',
    'support_answer',
  ] as const) {
    const sample = samples[kind] as NotificationTemplateInput<typeof kind> & { requestId?: string };
    const { subject, text } = renderNotification(kind, { ...sample, requestId: 'campaign-x/xa-21211#extension-1' });
    expect({ kind, text: `${subject}\n${text}` }).toEqual({ kind, text: expect.not.stringContaining('#extension-1') });
  }
});
