import { BusyRefusal, HeavyReadLimiter } from '../../server/http/heavy-reads';

// The heavy-read limiter: per person, in all, and the refusal before sign-in of a credential whose
// requests already hold the person's every slot.

describe('HeavyReadLimiter', () => {
  test('refuses a person past their bound (429) and everyone past the global one (503)', () => {
    const limiter = new HeavyReadLimiter({ perPerson: 1, global: 2 });
    const first = limiter.acquire('an');
    expect(typeof first).toBe('function');
    expect(limiter.acquire('an')).toMatchObject({ statusCode: 429 });
    expect(typeof limiter.acquire('binh')).toBe('function');
    expect(limiter.acquire('chi')).toMatchObject({ statusCode: 503 });
    (first as () => void)();
    expect(typeof limiter.acquire('chi')).toBe('function');
  });

  test('refuses a credential before sign-in only while its requests hold every slot of one person', () => {
    const limiter = new HeavyReadLimiter({ perPerson: 2, global: 4 });
    // Never seen: a made-up or idle credential goes on to sign-in.
    expect(limiter.refusalBeforeSignIn('phien-an')).toBeUndefined();
    const one = limiter.acquire('an', 'phien-an') as () => void;
    expect(limiter.refusalBeforeSignIn('phien-an')).toBeUndefined();
    const two = limiter.acquire('an', 'phien-an') as () => void;
    const refusal = limiter.refusalBeforeSignIn('phien-an');
    expect(refusal).toBeInstanceOf(BusyRefusal);
    expect(refusal).toMatchObject({ statusCode: 429, code: 'too_many_heavy_reads' });
    expect((refusal as BusyRefusal).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another credential, even of the same person, is not refused before sign-in (sign-in decides).
    expect(limiter.refusalBeforeSignIn('phien-khac')).toBeUndefined();
    one();
    one();
    expect(limiter.refusalBeforeSignIn('phien-an')).toBeUndefined();
    two();
    expect(limiter.refusalBeforeSignIn('phien-an')).toBeUndefined();
    expect(typeof limiter.acquire('an', 'phien-an')).toBe('function');
  });
});
