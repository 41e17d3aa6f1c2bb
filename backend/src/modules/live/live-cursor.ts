import { AppError } from '../../platform/errors/app-error';

/**
 * Where a stream stands, sent as each event's SSE id and given back to resume: every event
 * written before `floor` has been delivered (or predates the stream), and so have the events
 * named in `seen` (written after it). A row's time is taken when it is written, not when it
 * commits, so a row can show up after later ones: the floor only moves to a time old enough
 * that every transaction that wrote before it has ended (LIVE_SETTLE_MS), and the ids sent
 * since then are kept to skip them, never to skip an older row that commits late.
 */
export interface LiveCursor {
  floor: number;
  /** Event id → its row's time (ms), for the events delivered after `floor`. */
  seen: Map<string, number>;
}

/** Longer than the longest transaction that writes what streams show (the agenda's: 20 s), plus clock skew between processes. */
export const LIVE_SETTLE_MS = 30_000;
/** Ids kept in a cursor at most; past it (a burst of events within LIVE_SETTLE_MS) the floor moves up to the oldest kept. */
export const MAX_SEEN = 150;

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const TIME = /^[0-9a-z]{1,10}$/;

/** `v1.<floor>.<id>~<its time after the floor>…`, times in base-36 milliseconds: short enough for a header. */
export function encodeLiveCursor({ floor, seen }: LiveCursor): string {
  return ['v1', floor.toString(36), ...[...seen].map(([id, at]) => `${id}~${Math.max(0, at - floor).toString(36)}`)].join('.');
}

/** The cursor of `Last-Event-ID` or `?after=`; anything else is CURSOR_INVALID (400). */
export function decodeLiveCursor(raw: string): LiveCursor {
  const invalid = () => new AppError('CURSOR_INVALID', 400, 'This event id is not one this stream gave');
  const [version, floorText = '', ...entries] = raw.trim().split('.');
  if (version !== 'v1' || !TIME.test(floorText) || entries.length > MAX_SEEN) throw invalid();
  const floor = parseInt(floorText, 36);
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const [id = '', delta = ''] = entry.split('~');
    if (!ID.test(id) || !TIME.test(delta)) throw invalid();
    seen.set(id, floor + parseInt(delta, 36));
  }
  return { floor, seen };
}

/** The floor moved up to `to` (never down): ids at or before it are dropped, and the oldest beyond MAX_SEEN. */
export function advanceFloor(cursor: LiveCursor, to: number): void {
  if (to > cursor.floor) cursor.floor = to;
  if (cursor.seen.size > MAX_SEEN) {
    const times = [...cursor.seen.values()].sort((a, b) => a - b);
    cursor.floor = Math.max(cursor.floor, times[cursor.seen.size - MAX_SEEN - 1]!);
  }
  for (const [id, at] of cursor.seen) if (at <= cursor.floor) cursor.seen.delete(id);
}
