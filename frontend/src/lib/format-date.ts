import type { Locale } from '@khadamat/contracts';

// Maghreb Arabic writes Western digits (as our mails and SMS do): ar-u-nu-latn.
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', ar: 'ar-u-nu-latn', en: 'en-GB' };

/** A date and time in the user's language and time zone: "29 nov. 2026, 08:21". */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A month and year: "novembre 2026". */
export function formatMonthYear(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: 'long', year: 'numeric' }).format(new Date(iso));
}

// Wall-clock times ("2026-12-03T13:30+01:00") come from the API, computed with its time-zone
// data: they are shown as they are, never converted with the browser's own data, which may
// differ (Morocco's offset around Ramadan). Formatting them "in UTC" keeps the digits as given.
const wallDate = (wall: string) => new Date(`${wall.slice(0, 16)}:00Z`);

/** The time of a wall-clock time: "13:30". */
export function formatWallTime(wall: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: 'short', timeZone: 'UTC' }).format(wallDate(wall));
}

/** A wall-clock date and time: "jeu. 3 déc. 2026, 13:30". */
export function formatWallDateTime(wall: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(wallDate(wall));
}

/** The date (YYYY-MM-DD) of a wall-clock time. */
export function wallDay(wall: string): string {
  return wall.slice(0, 10);
}

/** A time zone named for people, with the offset of a wall-clock time in it: "Casablanca (UTC+01:00)". */
export function zoneName(timeZone: string, wall?: string): string {
  const city = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
  const offset = wall?.slice(16);
  return offset ? `${city} (UTC${offset})` : city;
}

/** The local date (YYYY-MM-DD) of an instant in a time zone, with the browser's time-zone data (for "today" only). */
export function dayKeyIn(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(iso));
}

/** A calendar date n days after another (dates only: no clock, so no offset change can shift it). */
export function addDays(dayKey: string, days: number): string {
  const [year, month, day] = dayKey.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function weekdayOf(dayKey: string): number {
  return ((new Date(`${dayKey}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** A calendar date for people: "mardi 8 décembre" (`short`: "mar. 8 déc."). */
export function formatDay(dayKey: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: style, day: 'numeric', month: style, timeZone: 'UTC' }).format(
    new Date(`${dayKey}T12:00:00Z`),
  );
}
