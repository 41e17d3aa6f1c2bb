import { AppError } from '../errors/app-error';

/**
 * A page cursor on rows ordered by (createdAt, id): opaque to clients, checked when read
 * back. The id breaks ties between rows written in the same millisecond, so no row is
 * skipped or shown twice across pages.
 */
export interface TimeCursor {
  at: Date;
  id: string;
}

export function encodeTimeCursor({ at, id }: TimeCursor): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeTimeCursor(raw: string): TimeCursor {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      value[1].length <= 40
    ) {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError('CURSOR_INVALID', 400, 'This page cursor is not valid');
}

/** Rows strictly before the cursor in (createdAt, id) order. */
export function beforeCursor(cursor: TimeCursor) {
  return { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] };
}

/** Rows strictly after the cursor in (createdAt, id) order. */
export function afterCursor(cursor: TimeCursor) {
  return { OR: [{ createdAt: { gt: cursor.at } }, { createdAt: cursor.at, id: { gt: cursor.id } }] };
}

/** A page of `limit` rows read as `limit + 1`: the extra one only says there is a next page. */
export function pageOf<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.createdAt, id: last.id }) : null };
}
