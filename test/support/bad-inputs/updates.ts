import fc from 'fast-check';
import { mutatedList } from './lists';
import { blank, invisibleOnly, notText, preview, validList, type Json } from './values';

// Update payloads the agency workflow's validators must refuse (who may act: proof-matrix.test.ts), each with the fragments the
// rejection must contain: a field path followed by ":", or the words of the rule (a role, a stage).

export type UpdateName =
  | 'submitList'
  | 'returnList'
  | 'acceptList'
  | 'extendDeadline'
  | 'withdraw'
  | 'escalate'
  | 'remindNow'
  | 'requestSupport'
  | 'answerSupport';

export interface UpdateCase {
  update: UpdateName;
  mutation: string;
  payload: unknown;
  /** Each must appear in the rejection message. */
  expect: string[];
  what: string;
}

export interface UpdateContext {
  agencyActor: string;
  reviewer: string;
  serviceCenter: string;
  /** An open support request of the target workflow. */
  requestId: string;
  /** A deadline in the future, ISO. */
  futureDeadline: string;
}

const notAnObject = fc.oneof(
  fc.constantFrom(null, 'x', 5, true, []),
  fc.array(fc.constant({ by: 'x' }), { minLength: 1, maxLength: 2 }),
);
const payloadNotObject = (update: UpdateName) =>
  notAnObject.map((payload): UpdateCase => ({
    update,
    mutation: 'payload-not-object',
    payload,
    // What is not an object cannot carry the server's proof: refused for that before its shape.
    expect: ['thiếu xác nhận người thực hiện'],
    what: `payload = ${preview(payload, 80)}`,
  }));

/** `key` dropped, blank, invisible only, or not text, in an otherwise valid payload. */
function badText(update: UpdateName, valid: () => Json, key: string): fc.Arbitrary<UpdateCase> {
  return fc.oneof(fc.constant(undefined), blank, invisibleOnly, notText).map((value) => {
    const payload = valid();
    if (value === undefined) delete payload[key];
    else payload[key] = value;
    return {
      update,
      mutation: `${key}-bad`,
      payload,
      expect: [`${key}:`],
      what: value === undefined ? `bỏ ${key}` : `${key} = ${preview(value)}`,
    };
  });
}

const with_ = (
  update: UpdateName,
  valid: () => Json,
  mutation: string,
  changes: fc.Arbitrary<Json>,
  expect: (c: Json) => string[],
) =>
  changes.map((c): UpdateCase => ({
    update,
    mutation,
    payload: { ...valid(), ...c },
    expect: expect(c),
    what: preview(c, 120),
  }));

export function submitListCase(ctx: Pick<UpdateContext, 'agencyActor'>): fc.Arbitrary<UpdateCase> {
  const update: UpdateName = 'submitList';
  const valid = () => ({
    by: ctx.agencyActor,
    list: {
      procedures: [
        { code: '1.002421', name: 'Cấp Phiếu lý lịch tư pháp', documents: [{ name: 'Tờ khai', kind: 'ket_qua' }] },
      ],
    },
  });
  return fc.oneof(
    {
      weight: 85,
      arbitrary: fc
        .tuple(mutatedList('update'), fc.option(fc.constantFrom('json', 'csv', 'xlsx'), { nil: undefined }))
        .map(([m, source]) => ({
          update,
          mutation: m.mutation,
          payload: { by: ctx.agencyActor, list: m.list, ...(source && { source }) },
          // A list problem is reported under list.…, or (duplicates) under the list's own path.
          expect: m.paths.map((path) => (m.check ? `${path}:` : `${path === '' ? 'list' : `list.${path}`}:`)),
          what: m.what,
        })),
    },
    { weight: 2, arbitrary: payloadNotObject(update) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          notAnObject,
          validList().map((l) => l.procedures),
        )
        .map((list) => ({
          update,
          mutation: 'list-not-object',
          payload: { by: ctx.agencyActor, list },
          expect: ['list:'],
          what: `list = ${preview(list, 80)}`,
        })),
    },
    {
      weight: 3,
      arbitrary: with_(
        update,
        valid,
        'source-invalid',
        fc.record({
          source: fc.constantFrom<unknown>('pdf', 'XLSX', 'Excel', '', ' json', 'xls', 1, null, ['json'], {}),
        }),
        () => ['source:'],
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constant<UpdateCase>({
        update,
        mutation: 'list-at-top',
        payload: { by: ctx.agencyActor, procedures: valid().list.procedures },
        expect: ['list:'],
        what: 'procedures thẳng trong payload',
      }),
    },
  );
}

interface UpdateSpec {
  update: UpdateName;
  valid: () => Json;
  /** Required text fields (not `by`: the workflow records the holder of the proven role instead). */
  texts: string[];
  extra?: fc.Arbitrary<UpdateCase>[];
}

/** Every other Update, with a bad payload or an actor who may not act. */
export function otherUpdateCase(ctx: UpdateContext): fc.Arbitrary<UpdateCase> {
  const sc = ctx.serviceCenter;
  const specs: UpdateSpec[] = [
    {
      update: 'returnList',
      valid: () => ({
        by: ctx.reviewer,
        reasons: { overall: 'Thiếu căn cứ pháp lý', lines: [{ procedureCode: '1.002421', reason: 'Thiếu' }] },
      }),
      texts: [],
      extra: [
        fc.oneof(fc.constant(undefined), fc.constantFrom<unknown>(null, 'Thiếu căn cứ', [], 5)).map((reasons) => ({
          update: 'returnList' as const,
          mutation: 'reasons-bad',
          payload: { by: ctx.reviewer, ...(reasons !== undefined && { reasons }) },
          expect: ['reasons:'],
          what: `reasons = ${preview(reasons)}`,
        })),
        fc.oneof(fc.constant(undefined), blank, invisibleOnly, notText).map((overall) => ({
          update: 'returnList' as const,
          mutation: 'overall-bad',
          payload: { by: ctx.reviewer, reasons: { overall, lines: [] } },
          expect: ['reasons.overall:'],
          what: `reasons.overall = ${preview(overall)}`,
        })),
        fc.constantFrom<unknown>('1.002421=Thiếu', {}, 5, null).map((lines) => ({
          update: 'returnList' as const,
          mutation: 'lines-not-array',
          payload: { by: ctx.reviewer, reasons: { overall: 'Thiếu', lines } },
          expect: ['reasons.lines:'],
          what: `reasons.lines = ${preview(lines)}`,
        })),
        fc
          .tuple(
            fc.nat({ max: 3 }),
            fc.constantFrom('procedureCode', 'reason', 'documentName'),
            fc.oneof(fc.constant(undefined), blank, notText),
          )
          .filter(([, key, v]) => key !== 'documentName' || (v !== undefined && typeof v !== 'string'))
          .map(([before, key, value]) => {
            const line: Json = { procedureCode: '1.002421', reason: 'Thiếu' };
            if (value === undefined) delete line[key];
            else line[key] = value;
            const lines = [
              ...Array.from({ length: before }, () => ({ procedureCode: '1.002422', reason: 'Đủ' })),
              line,
            ];
            return {
              update: 'returnList' as const,
              mutation: `line-${key}-bad`,
              payload: { by: ctx.reviewer, reasons: { overall: 'Thiếu', lines } },
              expect: [`reasons.lines[${before + 1}].${key}:`],
              what: `reasons.lines[${before + 1}].${key} = ${preview(value)}`,
            };
          }),
      ],
    },
    {
      update: 'acceptList',
      valid: () => ({ by: ctx.reviewer, note: 'Đạt yêu cầu' }),
      texts: [],
      extra: [
        notText
          .filter((v) => v !== null)
          .map((note) => ({
            update: 'acceptList' as const,
            mutation: 'note-wrong-type',
            payload: { by: ctx.reviewer, note },
            expect: ['note:'],
            what: `note = ${preview(note)}`,
          })),
      ],
    },
    {
      update: 'extendDeadline',
      valid: () => ({ by: sc, kind: 'review', deadline: ctx.futureDeadline, reason: 'Cơ quan xin gia hạn' }),
      texts: ['reason'],
      extra: [
        fc
          .oneof(
            fc.constant(undefined),
            fc.constantFrom<unknown>(
              Date.parse(ctx.futureDeadline),
              45_366,
              '15/03/2099',
              '2099-03-15',
              '2099-03-15T17:00:00',
              '2099-02-30T00:00:00+07:00',
              '2099-13-01T00:00:00+07:00',
              '2099-03-15T25:00:00+07:00',
              '2099-03-15 17:00+07:00',
              'ngày mai',
              '',
              null,
              {},
              [ctx.futureDeadline],
              `${ctx.futureDeadline}\u200b`,
              '２０９９-03-15T17:00:00+07:00',
              'x'.repeat(100_000),
            ),
          )
          .map((deadline) => ({
            update: 'extendDeadline' as const,
            mutation: 'deadline-bad',
            payload: { by: sc, reason: 'Gia hạn', ...(deadline !== undefined && { deadline }) },
            expect: ['deadline:'],
            what: `deadline = ${preview(deadline)}`,
          })),
        fc
          .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true })
          .map((at) => ({
            update: 'extendDeadline' as const,
            mutation: 'deadline-past',
            payload: { by: sc, deadline: at.toISOString(), reason: 'Gia hạn' },
            expect: ['Thời hạn mới phải ở sau thời điểm hiện tại'],
            what: `deadline = ${at.toISOString()}`,
          })),
        fc.constantFrom<unknown>('approval', 'Submission', 'nop', '', 5, null, ['review']).map((kind) => ({
          update: 'extendDeadline' as const,
          mutation: 'kind-invalid',
          payload: { by: sc, kind, deadline: ctx.futureDeadline, reason: 'Gia hạn' },
          expect: ['kind:'],
          what: `kind = ${preview(kind)}`,
        })),
        fc.constant<UpdateCase>({
          update: 'extendDeadline',
          mutation: 'kind-not-running',
          payload: { by: sc, kind: 'resubmission', deadline: ctx.futureDeadline, reason: 'Gia hạn' },
          expect: ['Chưa có thời hạn "resubmission"'],
          what: 'kind = resubmission khi chưa bị trả lại',
        }),
      ],
    },
    {
      update: 'withdraw',
      valid: () => ({ by: sc, reason: 'Đã sáp nhập' }),
      texts: ['reason'],
    },
    {
      update: 'escalate',
      valid: () => ({ by: sc, reason: 'Không phối hợp' }),
      texts: ['reason'],
    },
    {
      update: 'remindNow',
      valid: () => ({ by: sc, note: 'Còn thiếu kết quả' }),
      texts: [],
      extra: [
        notText
          .filter((v) => v !== null)
          .map((note) => ({
            update: 'remindNow' as const,
            mutation: 'note-wrong-type',
            payload: { by: sc, note },
            expect: ['note:'],
            what: `note = ${preview(note)}`,
          })),
      ],
    },
    {
      update: 'requestSupport',
      valid: () => ({
        by: ctx.agencyActor,
        question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?',
      }),
      texts: ['question'],
      extra: [
        fc
          .string({ minLength: 1, maxLength: 4 })
          .map((s) => ` ${s}\u200b `)
          .map((question) => ({
            update: 'requestSupport' as const,
            mutation: 'question-too-short',
            payload: { by: ctx.agencyActor, question },
            expect: ['question:'],
            what: `question = ${preview(question)}`,
          })),
      ],
    },
    {
      update: 'answerSupport',
      valid: () => ({ by: ctx.reviewer, requestId: ctx.requestId, answer: 'Có, theo Thông tư 01/2023/TT-VPCP' }),
      texts: ['requestId', 'answer'],
      extra: [
        fc
          .constantFrom(
            `${ctx.requestId}0`,
            ctx.requestId.replace(/\d+$/, '99'),
            ctx.requestId.toUpperCase(),
            'support-1',
            '1',
            ctx.requestId.replace('#', ''),
          )
          .map((requestId) => ({
            update: 'answerSupport' as const,
            mutation: 'requestId-unknown',
            payload: { by: ctx.reviewer, requestId, answer: 'Có' },
            expect: ['Không có yêu cầu hỗ trợ'],
            what: `requestId = ${preview(requestId)}`,
          })),
      ],
    },
  ];
  return fc.oneof(
    ...specs.map((spec) =>
      fc.oneof(
        payloadNotObject(spec.update),
        ...spec.texts.map((key) => badText(spec.update, spec.valid, key)),
        ...(spec.extra ?? []),
      ),
    ),
  );
}
