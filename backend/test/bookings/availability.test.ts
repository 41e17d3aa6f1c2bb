import { describe, expect, it } from 'vitest';
import { bookableStarts, travelMinutes, workingIntervals, type ScheduleRules } from '../../src/modules/bookings/availability';

const rules = (overrides: Partial<ScheduleRules> = {}): ScheduleRules => ({
  timeZone: 'Africa/Casablanca',
  weeklyPlan: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
  exceptions: [],
  minNoticeMinutes: 0,
  horizonDays: 3650,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  ...overrides,
});

const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const slots = (r: ScheduleRules, date: string, extra: Partial<Parameters<typeof bookableStarts>[0]> = {}) =>
  iso(bookableStarts({ rules: r, durationMinutes: 60, from: date, to: date, busy: [], place: null, now: LONG_AGO, ...extra }));

describe('availability in the provider’s time zone', () => {
  // Morocco is on UTC+1 all year except during Ramadan, when it goes back to UTC+0 (in 2026:
  // from 15 February 03:00 to 22 March 02:00; in 2027 from 7 February). 09:00 local is
  // therefore 08:00Z before and after, and 09:00Z during.
  it('keeps 09:00 local at 09:00 across the Ramadan change of Africa/Casablanca', () => {
    expect(slots(rules(), '2026-02-14')[0]).toBe('2026-02-14T08:00:00.000Z');
    expect(slots(rules(), '2026-02-16')[0]).toBe('2026-02-16T09:00:00.000Z');
    expect(slots(rules(), '2026-03-21')[0]).toBe('2026-03-21T09:00:00.000Z');
    expect(slots(rules(), '2026-03-23')[0]).toBe('2026-03-23T08:00:00.000Z');
    expect(slots(rules(), '2027-02-06')[0]).toBe('2027-02-06T08:00:00.000Z');
    expect(slots(rules(), '2027-02-08')[0]).toBe('2027-02-08T09:00:00.000Z');
  });

  it('offers the same local times on the day of the change itself', () => {
    // 15 February 2026: at 03:00 clocks go back to 02:00. Working 09:00–12:00 gives
    // 09:00, 09:30 … 11:00 local, all at UTC+0.
    expect(slots(rules(), '2026-02-15')).toEqual([
      '2026-02-15T09:00:00.000Z',
      '2026-02-15T09:30:00.000Z',
      '2026-02-15T10:00:00.000Z',
      '2026-02-15T10:30:00.000Z',
      '2026-02-15T11:00:00.000Z',
    ]);
  });

  it('skips the hour that does not exist and does not offer the repeated hour twice (Europe/Paris DST)', () => {
    const night = rules({ timeZone: 'Europe/Paris', weeklyPlan: [{ weekday: 7, start: '01:00', end: '05:00' }] });
    // 29 March 2026: 02:00 → 03:00. 02:00 and 02:30 do not exist; the window 01:00–05:00 lasts 3 hours.
    const spring = slots(night, '2026-03-29');
    expect(spring).toEqual([
      '2026-03-29T00:00:00.000Z', // 01:00 +01:00
      '2026-03-29T00:30:00.000Z', // 01:30
      '2026-03-29T01:00:00.000Z', // 03:00 +02:00 (a 60-minute job from 01:30 ends at 03:30 local)
      '2026-03-29T01:30:00.000Z', // 03:30
      '2026-03-29T02:00:00.000Z', // 04:00
    ]);
    expect(new Set(spring).size).toBe(spring.length);
    // 25 October 2026: 03:00 → 02:00. The window 01:00–05:00 lasts 5 hours; each listed local time appears once.
    const autumn = slots(night, '2026-10-25');
    expect(autumn[0]).toBe('2026-10-24T23:00:00.000Z'); // 01:00 +02:00
    expect(autumn.at(-1)).toBe('2026-10-25T03:00:00.000Z'); // 04:00 +01:00
    expect(new Set(autumn).size).toBe(autumn.length);
  });

  it('applies exceptions: a whole day off, a window off, extra hours', () => {
    const r = rules({
      exceptions: [
        { date: '2026-06-01', kind: 'off', start: null, end: null },
        { date: '2026-06-02', kind: 'off', start: '10:00', end: '11:00' },
        { date: '2026-06-03', kind: 'extra', start: '14:00', end: '16:00' },
      ],
    });
    expect(slots(r, '2026-06-01')).toEqual([]);
    // 09:00 only (09:30 would run into the break), then 11:00.
    expect(slots(r, '2026-06-02')).toEqual(['2026-06-02T08:00:00.000Z', '2026-06-02T10:00:00.000Z']);
    expect(slots(r, '2026-06-03')).toContain('2026-06-03T13:00:00.000Z');
    expect(workingIntervals(r, '2026-06-03')).toHaveLength(2);
  });

  it('respects the minimum notice and the horizon', () => {
    const now = new Date('2026-06-01T07:10:00Z'); // 08:10 local
    const r = rules({ minNoticeMinutes: 120, horizonDays: 1 });
    expect(slots(r, '2026-06-01', { now })[0]).toBe('2026-06-01T09:30:00.000Z'); // 10:30 local, 2 h 20 later
    expect(slots(r, '2026-06-03', { now })).toEqual([]);
  });

  it('keeps buffers and the travel from the previous job clear', () => {
    const r = rules({ bufferBeforeMinutes: 0, bufferAfterMinutes: 30 });
    // A job 09:00–10:00 local with its 30-minute buffer holds until 10:30 …
    const busy = [
      { blockStart: new Date('2026-06-01T08:00:00Z'), blockEnd: new Date('2026-06-01T09:30:00Z'), latitude: 34.02, longitude: -6.84 },
    ];
    expect(slots(r, '2026-06-01', { busy })[0]).toBe('2026-06-01T09:30:00.000Z');
    // … and a client 20 km away needs the road too (10 + 48 min → 60 min): 11:30 local, too late for a 60-minute job before 12:00.
    const far = { latitude: 34.02 + 20 / 111, longitude: -6.84 };
    expect(travelMinutes({ latitude: 34.02, longitude: -6.84 }, far)).toBe(60);
    expect(slots(r, '2026-06-01', { busy, place: far })).toEqual([]);
  });
});
