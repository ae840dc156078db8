// Who may do what is decided in Update validators, before anything reaches the history.

/** Refuses an actor who is none of the expected people, naming who may act. */
export function requireRole(by: string, expected: string | readonly string[], what: string): void {
  const allowed = typeof expected === 'string' ? [expected] : expected;
  if (!allowed.includes(by))
    throw new Error(`Chỉ ${allowed.join(' hoặc ')} mới được ${what}; "${by}" không có quyền này.`);
}
