import { AppError } from './errors.ts';

/**
 * Keyset paging: a cursor is the (sort value, id) of the last row of a page, opaque to clients.
 * Lists order by (value desc, id desc) and ask for `limit + 1` rows to know if there is a next page.
 */
export interface Cursor {
  value: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw cursorInvalid();
}

function cursorInvalid(): AppError {
  return new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'after', code: 'CURSOR_INVALID', message: 'CURSOR_INVALID' }] });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor over (timestamp, uuid), checked before it reaches SQL: a forged one is a 400, not a 500. */
export function decodeTimeCursor(raw: string | undefined): { at: Date; id: string } | null {
  const cursor = decodeCursor(raw);
  if (!cursor) return null;
  const at = new Date(cursor.value);
  if (Number.isNaN(at.getTime()) || !UUID.test(cursor.id)) throw cursorInvalid();
  return { at, id: cursor.id };
}

/** A cursor over a numeric id (identity columns), checked the same way. */
export function decodeSerialCursor(raw: string | undefined): number | null {
  const cursor = decodeCursor(raw);
  if (!cursor) return null;
  if (!/^\d{1,18}$/.test(cursor.id)) throw cursorInvalid();
  return Number(cursor.id);
}

/** Cuts the extra row fetched to detect a next page and makes the cursor from the last kept row. */
export function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => Cursor, present: (row: R) => T): { items: T[]; next: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(present), next: more ? encodeCursor(key(kept[kept.length - 1])) : null };
}
