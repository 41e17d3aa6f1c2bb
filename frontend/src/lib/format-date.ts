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
