import { fc } from '@fast-check/jest';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';
import {
  AGENCY_ROUTE as agency,
  CAMPAIGN_ROUTE as campaign,
  READS,
  wrongValue,
  type Answer,
} from '../support/bad-api-routes';
import { useBadApiWorld } from '../support/bad-api-world';

// Bad requests to every route of the HTTP API (read from the server's own OpenAPI document, so a
// new route cannot go unchecked): malformed JSON, a body that is not an object, each required
// field missing, each field of the wrong type, an oversized body, an unknown campaign or agency, the
// wrong role, actor fields forged in the payload, and a cookie-authenticated change without its
// CSRF token. Each is refused with a Vietnamese message naming the field (or the role, or the
// campaign), and nothing changes: no row, no grant, no workflow history, no campaign state.

describe.each(testDatabases())('bad requests to the HTTP API (%s)', (kind) => {
  const { server, browser, id, emails, routes, reads, ROUTES, before, fill, filled, send, check, everything } =
    useBadApiWorld(kind);

  test('every state-changing API route has its bad-request cases', () => {
    const known = routes.map((r) => `${r.method} ${r.path}`);
    expect(known.length).toBeGreaterThan(20);
    expect(known.filter((route) => !ROUTES[route])).toEqual([]);
  });

  test('every read of a campaign has its cases', () => {
    const known = reads.map((r) => `${r.method} ${r.path}`);
    expect(known.length).toBeGreaterThanOrEqual(10);
    expect(known.filter((route) => !READS[route])).toEqual([]);
  });

  test('reads of a campaign: the wrong role 403, an unknown campaign or agency 404, a bad parameter 400; nothing changes', async () => {
    for (const { method, path, spec } of reads) {
      const read = READS[`${method} ${path}`]!;
      const context = (what: string) => `${method} ${path} ${what}`;
      const allowed = await send(read.who, method, fill(path), {});
      expect({ route: path, status: allowed.status }).toEqual({ route: path, status: 200 });
      if (read.wrong) {
        const refused = await send(read.wrong.who, method, fill(path), {});
        check(refused, 403, [read.wrong.names], context(`as ${read.wrong.who}`));
        // A refusal carries its message and nothing of what it guards.
        expect(Object.keys(refused.body).sort()).toEqual(['error', 'message']);
      }
      check(
        await send('admin', method, fill(path, { campaignId: 'chien-dich-khong-co' }), {}),
        404,
        ['chien-dich-khong-co'],
        context('unknown campaign'),
      );
      if (path.includes('{agencyCode}'))
        check(
          await send('admin', method, fill(path, { agencyCode: 'so-khong-co' }), {}),
          404,
          ['so-khong-co'],
          context('unknown agency'),
        );
      for (const parameter of (spec.parameters ?? []).filter((p) => p.in === 'query'))
        check(
          await send(read.who, method, `${fill(path)}?${parameter.name}=${encodeURIComponent(',')}`, {}),
          400,
          [parameter.name],
          context(`${parameter.name}=,`),
        );
    }
    expect(await everything()).toEqual(before());
  }, 120_000);

  test('malformed JSON, not an object, missing and mistyped fields: 400 naming the field', async () => {
    let cases = 0;
    for (const { method, path, spec } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      const schema = spec.requestBody?.content?.['application/json']?.schema;
      if (!schema || route.multipart) continue;
      const url = fill(path);
      const valid = (filled(route.body?.() ?? {}) ?? {}) as Record<string, unknown>;
      const context = (what: string) => `${method} ${path} ${what}`;
      check(
        await send(route.who, method, url, { raw: '{"list": [' }),
        400,
        ['JSON', 'body'],
        context('malformed JSON'),
      );
      check(await send(route.who, method, url, { raw: '' }), 400, ['JSON', 'body'], context('empty JSON body'));
      for (const raw of ['[]', '"văn bản"', '42', 'null'])
        check(await send(route.who, method, url, { raw }), 400, [], context(`body ${raw}`));
      for (const field of schema.required ?? []) {
        const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
        check(await send(route.who, method, url, { json: rest }), 400, [field], context(`without ${field}`));
        cases++;
      }
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const value = wrongValue(property);
        if (value === undefined) continue;
        check(
          await send(route.who, method, url, { json: { ...valid, [field]: value } }),
          400,
          [field],
          context(`${field} = ${JSON.stringify(value)}`),
        );
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(40);
    expect(await everything()).toEqual(before());
  }, 240_000);

  test('generated junk in every field is refused, naming it', async () => {
    const bodies = routes.filter((r) => r.spec.requestBody?.content?.['application/json']?.schema?.properties);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodies),
        fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({})),
        async ({ method, path, spec }, junk) => {
          const route = ROUTES[`${method} ${path}`]!;
          const schema = spec.requestBody!.content!['application/json']!.schema;
          const fields = Object.entries(schema.properties!).filter(([, p]) => p.type === 'string');
          if (fields.length === 0) return;
          const [field] = fields[Math.abs(JSON.stringify(junk).length) % fields.length]!;
          const valid = (filled(route.body?.() ?? {}) ?? {}) as Record<string, unknown>;
          check(
            await send(route.who, method, fill(path), { json: { ...valid, [field]: junk } }),
            400,
            [field],
            `${method} ${path} ${field} = ${JSON.stringify(junk)}`,
          );
        },
      ),
      { numRuns: 60 },
    );
    expect(await everything()).toEqual(before());
  }, 240_000);

  test('an oversized body: 413 in Vietnamese', async () => {
    const huge = JSON.stringify({ question: 'x'.repeat(11 * 1024 * 1024) });
    // Each route names its own limit: an action's body is small, a whole campaign definition larger.
    for (const [path, limit] of [
      [`${agency}/support`, '1 MB'],
      [`${campaign}/approve`, '1 MB'],
      ['/api/v1/campaigns', '10 MB'],
    ])
      check(await send('admin', 'POST', fill(path!), { raw: huge }), 413, ['body', limit!], `POST ${path} oversized`);
    // Within the server's limit, past the Update's: refused before anything is sent.
    const big = { question: 'Câu hỏi '.repeat(800) };
    check(
      await send('justice', 'POST', fill(`${agency}/support`), { json: big }),
      [400, 413],
      ['question', '5.000'],
      'a question past the string limit',
    );
    expect(await everything()).toEqual(before());
  }, 120_000);

  test('an unknown campaign or agency: 404 naming it, even for an administrator', async () => {
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (!route.body || route.multipart) continue;
      if (path.includes('{agencyCode}')) {
        const url = fill(path, { agencyCode: 'so-khong-co' });
        check(await send('admin', method, url, { json: filled(route.body()) }), 404, ['so-khong-co'], `${path} agency`);
      }
      if (path.includes('{campaignId}') || JSON.stringify(route.body()).includes('{campaignId}')) {
        const url = fill(path, { campaignId: 'chien-dich-khong-co' });
        check(
          await send('admin', method, url, { json: filled(route.body(), 'chien-dich-khong-co') }),
          404,
          ['chien-dich-khong-co'],
          `${method} ${path} unknown campaign`,
        );
      }
    }
    expect(await everything()).toEqual(before());
  }, 120_000);

  test('the wrong role, even with actor fields forged in the payload: 403 naming the role needed', async () => {
    const forged = {
      by: 'Sở Thông tin và Truyền thông',
      actor: 'Chủ tịch UBND tỉnh',
      personId: 'person_mao-danh',
      role: 'admin',
      proof: {
        claims: { personId: 'person_mao-danh', role: 'admin', campaignId: id },
        signatures: [{ keyId: 'k', signature: '0'.repeat(128) }],
      },
    };
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (!route.wrong) continue;
      const { who, names } = route.wrong;
      const form = () => {
        const data = new FormData();
        data.append('file', new Blob([JSON.stringify(justiceDepartmentList)]), 'danh-sach.json');
        return data;
      };
      const body = (extra: object) =>
        // The route's own fields stay valid (a grant's role is a field, not the actor): only the actor is forged.
        route.multipart ? { form: form() } : { json: { ...extra, ...(filled(route.body!()) as object) } };
      check(await send(who, method, fill(path), body({})), 403, [names], `${method} ${path} as ${who}`);
      if (!route.multipart)
        check(await send(who, method, fill(path), body(forged)), 403, [names], `${method} ${path} forged as ${who}`);
    }
    expect(await everything()).toEqual(before());
  }, 120_000);

  test('a change riding on the session cookie without its CSRF token: 403, nothing done', async () => {
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (route.who === 'anonymous') continue;
      const answer = await browser.request(method, fill(path), {
        json: route.multipart ? undefined : filled(route.body?.() ?? { label: 'trình duyệt' }),
        headers: { accept: 'application/json' },
      });
      check(
        { status: answer.status, body: JSON.parse(answer.text) as Answer['body'] },
        403,
        ['CSRF'],
        `${method} ${path} without CSRF`,
      );
    }
    expect(await everything()).toEqual(before());
  }, 120_000);

  test('actor fields forged by an allowed person are ignored: the action is recorded as theirs', async () => {
    const db = server.harness.database.db;
    const health = await db.person.findUniqueOrThrow({ where: { email: emails.health } });
    const answer = await send('health', 'POST', fill(`${agency}/submissions`, { agencyCode: 'so-y-te' }), {
      json: { list: justiceDepartmentList, by: 'Sở Tư pháp', personId: 'person_mao-danh', role: 'reviewer' },
    });
    expect(answer.status).toBe(200);
    const submission = await db.submission.findFirstOrThrow({ where: { assignment: { agencyCode: 'so-y-te' } } });
    expect(submission.submittedBy).toBe('Sở Y tế');
    const access = await db.accessEvent.findFirstOrThrow({
      where: { campaignId: id, agencyCode: 'so-y-te', action: 'submit', outcome: 'done' },
    });
    expect(access).toMatchObject({ personId: health.id, role: 'agency', channel: 'token' });
  });
});
