import fc from 'fast-check';
import { safeReturnPath, signInPath } from '../../server/identity/return-path';

// After signing in, a browser returns only to a path on dondoc itself: never to another site.

describe('the page to return to after signing in', () => {
  test.each([
    ['/campaigns/751-a/agencies/so-y-te', '/campaigns/751-a/agencies/so-y-te'],
    ['/tham-dinh/751-a?da=returned', '/tham-dinh/751-a?da=returned'],
    ['/nhiem-vu#muc-2', '/nhiem-vu#muc-2'],
    ['/phe-duyet/751-a/../751-b', '/phe-duyet/751-b'],
    ['/%0a/evil', '/%0a/evil'], // an encoded character stays inside the path
  ])('a path on dondoc is kept: %s', (value, kept) => {
    expect(safeReturnPath(value)).toBe(kept);
  });

  test.each([
    'https://evil.example/',
    'http:evil.example',
    '//evil.example',
    '//evil.example/nhiem-vu',
    '/\\evil.example',
    '/.//evil', // normalised into `//evil`, another site
    '/./\\evil',
    '/x/..//evil',
    '/%2e//evil',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'nhiem-vu',
    ' /nhiem-vu',
    '',
    '/',
    '/sign-in?next=/nhiem-vu',
    '/sign-in/confirm?token=x',
    '/api/v1/campaigns',
    undefined,
    42,
    ['/nhiem-vu'],
  ])('anything that could leave the site or go round in circles is dropped: %p', (value) => {
    expect(safeReturnPath(value)).toBeUndefined();
  });

  test('an overlong path is dropped', () => {
    expect(safeReturnPath(`/${'a'.repeat(2_000)}`)).toBeUndefined();
  });

  test('the sign-in page carries a safe path, encoded, and nothing else', () => {
    expect(signInPath('/campaigns/a b/agencies/x?y=1')).toBe(
      `/sign-in?next=${encodeURIComponent('/campaigns/a%20b/agencies/x?y=1')}`,
    );
    expect(signInPath('//evil.example')).toBe('/sign-in');
    expect(signInPath(undefined)).toBe('/sign-in');
  });

  // Paths built from the pieces that trip normalisers, beside arbitrary text.
  const piece = fc.constantFrom(
    '/',
    '.',
    '..',
    '\\',
    '%2e',
    '%2f',
    '%5c',
    'a',
    'é',
    ' ',
    '?',
    '#',
    ':',
    '@',
    'sign-in',
    'api/',
  );
  const candidate = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(piece, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
    fc.string({ unit: 'grapheme', minLength: 1_990, maxLength: 2_000 }).map((text) => `/${text}`),
  );

  test('the check is idempotent and what it keeps starts with a single /', () => {
    fc.assert(
      fc.property(candidate, (value) => {
        const once = safeReturnPath(value);
        expect(safeReturnPath(once)).toBe(once);
        if (once !== undefined) {
          expect(once.startsWith('/')).toBe(true);
          expect(once.startsWith('//') || once.startsWith('/\\')).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
