import {
  DEFAULT_LOCALE,
  LOCALE_COOKIE,
  LOCALES,
  RTL_LOCALES,
  isLocale,
  localeFromAcceptLanguage,
  locale as localeSchema,
  type Locale,
  type LocalizedText,
} from '@khadamat/contracts';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './ar';
import { en } from './en';
import { fr, type Messages } from './fr';

export const APP_NAME = 'Khadamat';

/** Each language's own name for itself, shown in the language switch. */
export const LOCALE_NATIVE_NAMES: Record<Locale, string> = {
  fr: 'Français',
  ar: 'العربية',
  en: 'English',
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export function toLocale(value: string | null | undefined): Locale {
  const parsed = localeSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_LOCALE;
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
}

/** Picks the text in the current language out of an API `{fr, ar, en}` object. */
export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale] || text[DEFAULT_LOCALE];
}

/**
 * One i18next instance per language, each fixed to it: the language comes from the URL
 * (`/ar/…`), so a page never changes language in place (the switch loads the other URL), and
 * the server renders concurrent requests in different languages with no shared state.
 */
const instances = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    // Resources are bundled, so initialisation completes synchronously.
    void instance.use(initReactI18next).init({
      resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
      lng: locale,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      interpolation: { escapeValue: false }, // React escapes
    });
    instances.set(locale, instance);
  }
  return instance;
}

/** `/search?q=x` in `locale`: `/ar/search?q=x` (the home page is `/ar`). */
export function localizedHref(locale: Locale, href: string): string {
  return href === '/' || href === '' ? `/${locale}` : `/${locale}${href.startsWith('/') ? '' : '/'}${href}`;
}

/** The language choice kept for URLs that name none (read by the server). */
export function readSavedLocale(): Locale | null {
  const match = document.cookie.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]*)`));
  return match && isLocale(match[1]) ? match[1] : null;
}

export function saveLocale(locale: Locale): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/** The language for a URL that names none, in the browser: the saved choice, the browser's languages, then French. */
export function preferredBrowserLocale(): Locale {
  return readSavedLocale() ?? localeFromAcceptLanguage(navigator.languages.join(',')) ?? DEFAULT_LOCALE;
}

/** Sets `<html lang dir>` in the browser (the server writes them in the page it sends). */
export function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}
