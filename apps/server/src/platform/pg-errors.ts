/** The constraint a unique violation (SQLSTATE 23505) broke, on either engine; null otherwise. */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: string; constraint?: string; detail?: string; message?: string };
  if (e.code !== '23505') return null;
  if (e.constraint) return e.constraint;
  const match = /constraint "([^"]+)"/.exec(e.message ?? '');
  return match ? match[1] : 'unknown';
}

/** True for errors that mean the database cannot be reached right now (connection refused, shutdown, ...). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: string; message?: string };
  const codes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
  if (e.code && codes.has(e.code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '');
}

/** PostgreSQL chose this transaction to break a deadlock (40P01), or could not serialize it (40001): run it again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}
