import { messageIdFor, outboxKey, renderNotification, type NotifyInput } from '../../activities/notifications';
import { testDatabases } from '../support/test-env';
import { assignedParams, failureOf, FROM, RECORD_PEOPLE, REVIEWER, useOutbox } from '../support/notification-outbox';

// The outbox against a real SMTP server (in process, on 127.0.0.1) and a real HTTP server, on
// every database: each recipient gets each event's message exactly once, whatever fails between.

describe.each(testDatabases())('notification outbox on %s', (kind) => {
  const { database, sink, webhook, campaignId, assignmentId, activities, eventKey, address, rowOf, assigned } =
    useOutbox(kind);

  test("a request that leaves out the campaign's people gets them from the campaign's record", async () => {
    const to = address('people');
    const key = eventKey('assigned');
    const withoutPeople = {
      agencyName: assignedParams.agencyName,
      task: assignedParams.task,
      deadline: assignedParams.deadline,
      howToSubmit: assignedParams.howToSubmit,
    };
    const recipients = [{ channel: 'email' as const, address: to }];
    await activities().notify({ key, kind: 'assigned', campaignId, assignmentId, recipients, params: withoutPeople });
    const [mail] = sink.to(to);
    expect(mail!.parsed.subject).toMatch(/^\[751\/UBND-TTHC\] /);
    expect(mail!.parsed.text).toContain('Cơ quan tiếp nhận, thẩm định: Sở Kiểm tra Mẫu.');
    expect(mail!.parsed.text).toContain('đề nghị Sở Kiểm tra Mẫu hoặc Trung tâm Điều hành Mẫu hỗ trợ');
    expect(mail!.parsed.text).not.toContain(REVIEWER);
  });

  test('a Vietnamese message arrives with its subject, body, recipient and a Message-ID from the key', async () => {
    const to = address('stp');
    const key = eventKey('assigned');

    await expect(activities().notify(assigned(key, [{ channel: 'email', address: to }]))).resolves.toEqual({
      sent: 1,
      skipped: 0,
      alreadySent: 0,
    });

    const expected = renderNotification('assigned', assignedParams);
    const [mail, ...more] = sink.to(to);
    expect(more).toHaveLength(0);
    expect(mail!.rcptTo).toEqual([to]);
    expect(mail!.mailFrom).toBe('dondoc@quangngai.gov.vn');
    expect(mail!.parsed.subject).toBe(expected.subject);
    expect(mail!.parsed.subject).toBe(
      '[751/UBND-TTHC] Giao nhiệm vụ: Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính – hạn 04/03/2024',
    );
    expect(mail!.parsed.text?.replace(/\r\n/g, '\n').trim()).toBe(expected.text.trim());
    expect(mail!.parsed.text).toContain('Hạn gửi kết quả: chậm nhất 23:59 ngày 04/03/2024.');
    expect(mail!.parsed.to).toMatchObject({ value: [{ address: to }] });
    expect(mail!.parsed.messageId).toBe(messageIdFor(outboxKey(key, { channel: 'email', address: to }), FROM));

    const row = await rowOf(key, 'email', to);
    expect(row).toMatchObject({
      campaignId,
      assignmentId,
      kind: 'assigned',
      channel: 'email',
      recipient: to,
      status: 'sent',
      attempts: 1,
      lastError: null,
      subject: expected.subject,
    });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  test('the same event key twice sends once', async () => {
    const to = address('stp');
    const input = assigned(eventKey('assigned'), [{ channel: 'email', address: to }]);

    expect(await activities().notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 0 });
    // A second worker (another activity instance) retrying the same event.
    expect(await activities().notify(input)).toEqual({ sent: 0, skipped: 0, alreadySent: 1 });

    expect(sink.to(to)).toHaveLength(1);
    expect(await database.db.notification.count({ where: { recipient: to } })).toBe(1);
    expect((await rowOf(input.key, 'email', to)).attempts).toBe(1);
  });

  test('SMTP down: notify throws and the row stays pending; SMTP back: delivered exactly once', async () => {
    const to = address('snn');
    const input = assigned(eventKey('assigned'), [{ channel: 'email', address: to }]);
    const notifications = activities();

    await sink.stop();
    const failure = failureOf(await notifications.notify(input).catch((error: unknown) => error));
    expect(failure.type).toBe('NotificationDeliveryFailed');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain(`email:${to}`);
    let row = await rowOf(input.key, 'email', to);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null, nextAttemptAt: null });
    expect(row.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);

    await expect(notifications.notify(input)).rejects.toThrow(/thất bại/);
    expect((await rowOf(input.key, 'email', to)).attempts).toBe(2);

    await sink.start();
    expect(await notifications.notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 0 });
    expect(await notifications.notify(input)).toEqual({ sent: 0, skipped: 0, alreadySent: 1 });

    expect(sink.to(to)).toHaveLength(1);
    expect(sink.to(to)[0]!.parsed.messageId).toBe(
      messageIdFor(outboxKey(input.key, { channel: 'email', address: to }), FROM),
    );
    row = await rowOf(input.key, 'email', to);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(row.lastError).toMatch(/ECONNECTION|ECONNREFUSED/); // kept: the row's history
  });

  test('two recipients, one refused for a while: the other is not sent again on retry', async () => {
    const reviewer = address('sotttt');
    const center = address('ttpvhcc');
    const input: NotifyInput = {
      key: eventKey('support'),
      kind: 'support_request',
      campaignId,
      assignmentId,
      recipients: [
        { channel: 'email', address: reviewer },
        { channel: 'email', address: center },
      ],
      params: {
        directive: '751/UBND-TTHC',
        agencyName: 'Sở Tư pháp',
        question: 'Giấy tờ chỉ xuất trình có phải số hóa không?',
        askedBy: 'stp-can-bo',
      },
    };
    sink.reject(center, 451);

    const failure = failureOf(
      await activities()
        .notify(input)
        .catch((error: unknown) => error),
    );
    expect(failure.type).toBe('NotificationDeliveryFailed');
    expect(failure.message).toContain('1/2');
    expect(sink.to(reviewer)).toHaveLength(1);
    expect(sink.to(center)).toHaveLength(0);
    expect(await rowOf(input.key, 'email', reviewer)).toMatchObject({ status: 'sent', attempts: 1 });
    const refused = await rowOf(input.key, 'email', center);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.lastError).toContain('451');

    sink.accept(center);
    expect(await activities().notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 1 });
    expect(sink.to(reviewer)).toHaveLength(1);
    expect(sink.to(center)).toHaveLength(1);
    expect(sink.to(center)[0]!.parsed.subject).toBe('[751/UBND-TTHC] Yêu cầu hỗ trợ từ Sở Tư pháp');
  });

  test('a recipient refused permanently (5xx) is marked failed with its own error type', async () => {
    const to = address('khongton-tai');
    const input = assigned(eventKey('assigned'), [{ channel: 'email', address: to }]);
    sink.reject(to, 550);

    const failure = failureOf(
      await activities()
        .notify(input)
        .catch((error: unknown) => error),
    );
    expect(failure.type).toBe('NotificationRejected');
    const row = await rowOf(input.key, 'email', to);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toContain('550');

    sink.accept(to);
    expect(await activities().notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 0 });
    expect(sink.to(to)).toHaveLength(1);
  });

  test('a webhook receives the message as JSON with the Idempotency-Key, once', async () => {
    const key = eventKey('returned');
    const rowKey = outboxKey(key, { channel: 'webhook', address: webhook.url });
    const to = address('stp');
    const input: NotifyInput = {
      key,
      kind: 'returned',
      campaignId,
      assignmentId,
      recipients: [
        { channel: 'webhook', address: webhook.url },
        { channel: 'email', address: to },
      ],
      params: {
        directive: '751/UBND-TTHC',
        agencyName: 'Sở Tư pháp',
        version: 1,
        reasons: {
          overall: 'Thiếu TTHC thuộc thẩm quyền.',
          lines: [{ procedureCode: '1.002421', reason: 'Giấy tờ chỉ xuất trình.' }],
        },
        resubmissionDeadline: '2024-03-11T23:59:59+07:00',
      },
    };
    const before = webhook.requests.length;
    webhook.failNext(503);

    const failure = failureOf(
      await activities()
        .notify(input)
        .catch((error: unknown) => error),
    );
    expect(failure.message).toContain('HTTP 503');
    expect(sink.to(to)).toHaveLength(1);
    expect(await rowOf(key, 'webhook', webhook.url)).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await activities().notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 1 });
    expect(await activities().notify(input)).toEqual({ sent: 0, skipped: 0, alreadySent: 2 });

    const received = webhook.requests.slice(before);
    expect(received).toHaveLength(2); // the refused attempt and the accepted one
    for (const request of received) {
      expect(request.headers['idempotency-key']).toBe(rowKey);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    }
    // The request left the campaign's people out: the outbox took them from the campaign's record.
    const expected = renderNotification('returned', { ...input.params, ...RECORD_PEOPLE } as never);
    expect(received[1]!.body).toEqual({
      idempotencyKey: rowKey,
      kind: 'returned',
      campaignId,
      assignmentId,
      subject: expected.subject,
      text: expected.text,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(received[0]!.body).toEqual(received[1]!.body);
    expect(sink.to(to)).toHaveLength(1);
    expect(await rowOf(key, 'webhook', webhook.url)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('without SMTP_URL e-mail rows are skipped, not failed; configured later, they are delivered', async () => {
    const to = address('stp');
    const input = assigned(eventKey('assigned'), [
      { channel: 'email', address: to },
      { channel: 'webhook', address: webhook.url },
    ]);

    expect(await activities({ smtpUrl: undefined }).notify(input)).toEqual({ sent: 1, skipped: 1, alreadySent: 0 });
    expect(await rowOf(input.key, 'email', to)).toMatchObject({ status: 'skipped', attempts: 0, sentAt: null });
    expect(sink.to(to)).toHaveLength(0);

    expect(await activities().notify(input)).toEqual({ sent: 1, skipped: 0, alreadySent: 1 });
    expect(sink.to(to)).toHaveLength(1);
  });

  test('two attempts racing on one event deliver once', async () => {
    const to = address('stp');
    const input = assigned(eventKey('assigned'), [{ channel: 'email', address: to }]);

    const results = await Promise.allSettled([
      activities().notify(input),
      activities().notify(input),
      activities().notify(input),
    ]);

    expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
    expect(sink.to(to)).toHaveLength(1);
    expect(await activities().notify(input)).toEqual({ sent: 0, skipped: 0, alreadySent: 1 });
    expect((await rowOf(input.key, 'email', to)).attempts).toBe(1);
  });

  test('invalid params fail at once, without retry, naming the field, and write nothing', async () => {
    const to = address('stp');
    const key = eventKey('assigned');

    const failure = failureOf(
      await activities()
        .notify({
          ...assigned(key, [{ channel: 'email', address: to }]),
          params: { ...assignedParams, deadline: undefined },
        } as never)
        .catch((error: unknown) => error),
    );
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('NotificationParamsError');
    expect(failure.message).toContain('deadline: Thiếu hạn nộp (deadline).');

    const badAddress = failureOf(
      await activities()
        .notify(assigned(key, [{ channel: 'email', address: 'không-phải-email' }]))
        .catch((error: unknown) => error),
    );
    expect(badAddress.nonRetryable).toBe(true);
    expect(badAddress.message).toContain('recipients.0.address: Địa chỉ email không hợp lệ.');
    expect(await database.db.notification.count({ where: { idempotencyKey: { startsWith: key } } })).toBe(0);
  });
});
