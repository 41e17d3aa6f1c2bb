// Bookable times, computed from a provider's weekly plan, exceptions and existing bookings.
// Every conversion between a local time of day and an instant goes through Luxon (the
// IANA zone data of the runtime): Africa/Casablanca moves by an hour around Ramadan and
// other zones have DST, so no offset is ever added by hand.
import { DateTime, Interval } from 'luxon';

export interface WeeklyWindow {
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  weekday: number;
  /** HH:MM local. */
  start: string;
  end: string;
}

export interface ScheduleException {
  /** YYYY-MM-DD local. */
  date: string;
  kind: 'off' | 'extra';
  start: string | null;
  end: string | null;
}

export interface ScheduleRules {
  timeZone: string;
  weeklyPlan: WeeklyWindow[];
  exceptions: ScheduleException[];
  minNoticeMinutes: number;
  horizonDays: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** Time the provider already gives to other jobs: the job with its buffers, and where it is. */
export interface BusyBlock {
  blockStart: Date;
  blockEnd: Date;
  latitude: number | null;
  longitude: number | null;
}

export interface Place {
  latitude: number;
  longitude: number;
}

/** Candidate start times are on this grid of the local day. */
export const SLOT_STEP_MINUTES = 30;
/** The longest range one slot request may cover. */
export const MAX_SLOT_RANGE_DAYS = 31;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return TIME.test(value) || value === '24:00';
}

export function minutesOfDay(value: string): number {
  if (value === '24:00') return 24 * 60;
  const match = TIME.exec(value);
  if (!match) throw new Error(`not a time of day: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/**
 * Travel between two jobs: straight-line distance at 25 km/h (city traffic), plus 10 minutes
 * to park and get in, rounded up to 5 minutes. Unknown places cost nothing: the buffers
 * cover them.
 */
export function travelMinutes(a: Place | null, b: Place | null): number {
  if (!a || !b) return 0;
  const km = distanceKm(a, b);
  if (km < 0.5) return 0;
  return Math.ceil((10 + (km / 25) * 60) / 5) * 5;
}

export function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A wall-clock time of a local date in its zone; 24:00 is the next day's midnight. */
function localTime(day: DateTime, minutes: number): DateTime {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/** The working windows of one local date, as instants: the weekly plan, with that day's exceptions applied. */
export function workingIntervals(rules: Pick<ScheduleRules, 'timeZone' | 'weeklyPlan' | 'exceptions'>, date: string): Interval[] {
  const day = DateTime.fromISO(date, { zone: rules.timeZone });
  if (!day.isValid) return [];
  // Local wall-clock times of that date, set in the zone (not added to midnight: on a
  // clock-change day, 09:00 is not midnight + 9 h). A time the change skips moves forward.
  const at = (time: string) => localTime(day, minutesOfDay(time));
  const window = (start: string, end: string) => Interval.fromDateTimes(at(start), at(end));
  const exceptions = rules.exceptions.filter((exception) => exception.date === date);
  if (exceptions.some((exception) => exception.kind === 'off' && !exception.start)) {
    return exceptions.filter((e) => e.kind === 'extra' && e.start && e.end).map((e) => window(e.start!, e.end!));
  }
  let windows = rules.weeklyPlan.filter((w) => w.weekday === day.weekday).map((w) => window(w.start, w.end));
  windows = [...windows, ...exceptions.filter((e) => e.kind === 'extra' && e.start && e.end).map((e) => window(e.start!, e.end!))];
  const off = exceptions.filter((e) => e.kind === 'off' && e.start && e.end).map((e) => window(e.start!, e.end!));
  const merged = Interval.merge(windows.filter((w) => w.isValid));
  return off.length ? merged.flatMap((w) => w.difference(...off)) : merged;
}

export interface SlotQuery {
  rules: ScheduleRules;
  durationMinutes: number;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  busy: BusyBlock[];
  /** Where the job would be (for travel time from and to the neighbouring jobs). */
  place: Place | null;
  now: Date;
}

/**
 * Start times (UTC instants) a client may book: inside a working window, after the
 * minimum notice, before the horizon, and with the job, its buffers and the travel from
 * and to the neighbouring jobs clear of every busy block.
 */
export function bookableStarts({ rules, durationMinutes, from, to, busy, place, now }: SlotQuery): Date[] {
  const earliest = now.getTime() + rules.minNoticeMinutes * 60_000;
  const latest = now.getTime() + rules.horizonDays * 86_400_000;
  const reaches = reachesOf(busy, place);
  const starts: Date[] = [];
  let day = DateTime.fromISO(from, { zone: rules.timeZone });
  const last = DateTime.fromISO(to, { zone: rules.timeZone });
  if (!day.isValid || !last.isValid) return starts;
  for (; day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    for (const window of workingIntervals(rules, date)) {
      const windowEnd = window.end!.toMillis();
      const consider = (startMs: number) => {
        const endMs = startMs + durationMinutes * 60_000;
        if (endMs > windowEnd || startMs < earliest || startMs > latest) return;
        if (clearOfReaches(reaches, startMs, endMs, rules)) starts.push(new Date(startMs));
      };
      // The first point of the day's local grid (09:00, 09:30…) in the window.
      const from = window.start!;
      const firstMinute =
        Math.ceil((from.hour * 60 + from.minute + (from.second || from.millisecond ? 1 : 0)) / SLOT_STEP_MINUTES) * SLOT_STEP_MINUTES;
      if (from.offset === window.end!.offset) {
        // No clock change inside the window: its grid points are a fixed step apart in real time.
        const first = localTime(day, firstMinute).toMillis();
        for (let t = first; t + durationMinutes * 60_000 <= windowEnd; t += SLOT_STEP_MINUTES * 60_000) consider(t);
        continue;
      }
      // A clock change inside the window: each point is placed by the zone's rules.
      for (let minute = firstMinute; minute < 24 * 60; minute += SLOT_STEP_MINUTES) {
        const start = localTime(day, minute);
        // Skipped by the change (02:30 on a spring-forward night): not a time of that day.
        if (start.hour * 60 + start.minute !== minute || start.toISODate() !== date) continue;
        if (start < from) continue;
        if (start.toMillis() >= windowEnd) break;
        consider(start.toMillis());
      }
    }
  }
  return starts;
}

/** Whether a job at [start, end) with its buffers and travel fits between the busy blocks. */
export function isClear({
  start,
  end,
  rules,
  blocks,
  place,
}: {
  start: Date;
  end: Date;
  rules: Pick<ScheduleRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>;
  blocks: BusyBlock[];
  place: Place | null;
}): boolean {
  return clearOfReaches(reachesOf(blocks, place), start.getTime(), end.getTime(), rules);
}

/**
 * The time each busy block keeps from a job at `place`: the block, widened on both sides by
 * the road between the two places (computed once per block, not once per candidate start).
 * Sorted by start.
 */
function reachesOf(blocks: BusyBlock[], place: Place | null): { start: number; end: number }[] {
  return blocks
    .map((block) => {
      const travel = travelMinutes(placeOf(block), place) * 60_000;
      return { start: block.blockStart.getTime() - travel, end: block.blockEnd.getTime() + travel };
    })
    .sort((a, b) => a.start - b.start);
}

function clearOfReaches(
  reaches: { start: number; end: number }[],
  startMs: number,
  endMs: number,
  rules: Pick<ScheduleRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): boolean {
  const blockStart = startMs - rules.bufferBeforeMinutes * 60_000;
  const blockEnd = endMs + rules.bufferAfterMinutes * 60_000;
  for (const reach of reaches) {
    if (reach.start >= blockEnd) return true;
    if (reach.end > blockStart) return false;
  }
  return true;
}

function placeOf(block: BusyBlock): Place | null {
  return block.latitude === null || block.longitude === null ? null : { latitude: block.latitude, longitude: block.longitude };
}

/** The provider's time a job takes: the job and its buffers. */
export function blockOf(start: Date, durationMinutes: number, rules: Pick<ScheduleRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>) {
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  return {
    startAt: start,
    endAt: end,
    blockStart: new Date(start.getTime() - rules.bufferBeforeMinutes * 60_000),
    blockEnd: new Date(end.getTime() + rules.bufferAfterMinutes * 60_000),
  };
}

/** Whether `start` is one of the bookable starts of its local day (same rules as the slot list). */
export function isBookableStart(query: Omit<SlotQuery, 'from' | 'to'> & { start: Date }): boolean {
  const date = DateTime.fromJSDate(query.start, { zone: query.rules.timeZone }).toISODate()!;
  return bookableStarts({ ...query, from: date, to: date }).some((slot) => slot.getTime() === query.start.getTime());
}
