import { describe, expect, it } from 'vitest';
import { advanceFloor, decodeLiveCursor, encodeLiveCursor, LIVE_SETTLE_MS, MAX_SEEN } from '../../src/modules/live/live-cursor';

describe('the live stream cursor', () => {
  it('reads back what it wrote: the floor and each delivered id with its time', () => {
    const cursor = {
      floor: 1_764_000_000_000,
      seen: new Map([
        ['cmabc123', 1_764_000_000_500],
        ['cmdef456', 1_764_000_012_345],
      ]),
    };
    const text = encodeLiveCursor(cursor);
    expect(text).toMatch(/^v1\.[0-9a-z]+\.cmabc123~[0-9a-z]+\.cmdef456~[0-9a-z]+$/);
    expect(decodeLiveCursor(text)).toEqual(cursor);
    expect(decodeLiveCursor(encodeLiveCursor({ floor: 5, seen: new Map() }))).toEqual({ floor: 5, seen: new Map() });
  });

  it('refuses what it did not write, with CURSOR_INVALID', () => {
    const many = ['v1', 'a', ...Array.from({ length: MAX_SEEN + 1 }, (_, i) => `id${i}~1`)].join('.');
    for (const bad of ['', 'v1', 'v2.abc', 'v1.ABC', 'v1.abc.id', 'v1.abc.id~', 'v1.abc.i d~1', 'v1.abc.id~-1', 'v1.12345678901', many]) {
      expect(() => decodeLiveCursor(bad), bad).toThrow(expect.objectContaining({ code: 'CURSOR_INVALID', statusCode: 400 }));
    }
  });

  it('moves the floor up only, dropping the ids it passes', () => {
    const cursor = {
      floor: 1_000,
      seen: new Map([
        ['a', 1_500],
        ['b', 2_500],
      ]),
    };
    advanceFloor(cursor, 500);
    expect(cursor).toEqual({
      floor: 1_000,
      seen: new Map([
        ['a', 1_500],
        ['b', 2_500],
      ]),
    });
    advanceFloor(cursor, 2_000);
    expect(cursor).toEqual({ floor: 2_000, seen: new Map([['b', 2_500]]) });
    advanceFloor(cursor, 2_500);
    expect(cursor).toEqual({ floor: 2_500, seen: new Map() });
  });

  it('keeps at most MAX_SEEN ids, raising the floor to the newest one it lets go', () => {
    const seen = new Map(Array.from({ length: MAX_SEEN + 10 }, (_, i) => [`id${i}`, 10_000 + i] as [string, number]));
    const cursor = { floor: 0, seen };
    advanceFloor(cursor, 10_000 - LIVE_SETTLE_MS);
    expect(cursor.seen.size).toBe(MAX_SEEN);
    expect(cursor.floor).toBe(10_009);
    expect([...cursor.seen.keys()][0]).toBe('id10');
  });
});
