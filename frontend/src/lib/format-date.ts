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

/** A time of day in a time zone: "14:30". */
export function formatTimeIn(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A date and time in a time zone: "mar. 8 déc. 2026, 14:30". */
export function formatDateTimeIn(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
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

/** A time zone named for people: "heure du Maroc (Casablanca)". */
export function zoneName(timeZone: string, locale: Locale): string {
  const city = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
  const generic = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  return generic && !generic.startsWith('GMT') ? `${generic} (${city})` : city;
}
