import { AppError } from '../../platform/errors.ts';
import { decodeCursor } from '../../platform/paging.ts';
import { isUuid } from '../identity/index.ts';

/** A cursor over (timestamp, id), checked before it reaches SQL: a forged one is a 400, not a 500. */
export function timeCursor(raw: string | undefined): { at: Date; id: string } | null {
  const cursor = decodeCursor(raw);
  if (!cursor) return null;
  const at = new Date(cursor.value);
  if (Number.isNaN(at.getTime()) || !isUuid(cursor.id)) {
    throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'after', code: 'CURSOR_INVALID', message: 'CURSOR_INVALID' }] });
  }
  return { at, id: cursor.id };
}

/** The first instant of a calendar day in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + 24 * 60 * 60 * 1000);
}
