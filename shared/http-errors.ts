// Refusals the routes raise on purpose; the error handler turns them into JSON (or a page) with a
// Vietnamese message that says what to do.

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthenticated = () =>
  new HttpError(
    401,
    'unauthenticated',
    'Bạn chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại (trang /sign-in, hoặc "npm run dondoc -- login").',
  );

export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/** What was asked cannot be done in the state things are in (as a workflow's own refusal reads). */
export const refused = (message: string) => new HttpError(409, 'refused', message);

export const invalid = (field: string, message: string) =>
  new HttpError(400, 'invalid_request', `${field}: ${message}`, [{ field, message }]);

/** Several fields refused at once, each with its own message. */
export const invalidFields = (issues: { field: string; message: string }[]) =>
  new HttpError(400, 'invalid_request', issues.map((i) => `${i.field}: ${i.message}`).join('\n'), issues);
