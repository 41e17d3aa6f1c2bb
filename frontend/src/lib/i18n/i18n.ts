import {
  DEFAULT_LOCALE,
  LOCALE_COOKIE,
  LOCALES,
  RTL_LOCALES,
  isLocale,
  localeFromAcceptLanguage,
  type Locale,
} from '@khadamat/contracts/plain';
import type { LocalizedText } from '@khadamat/contracts';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { FeatureMessages, MainMessages, Messages } from './fr';

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
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
}

/** Picks the text in the current language out of an API `{fr, ar, en}` object. */
export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale] || text[DEFAULT_LOCALE];
}

/**
 * Each language's texts, a chunk of its own: a page loads its language's only (a third of the
 * texts, about 18 KB less JavaScript before the page runs). Every language has every key (the
 * `Messages` type), so there is no fallback to load.
 */
const MESSAGES: Record<Locale, () => Promise<MainMessages>> = {
  fr: () => import('./fr').then((m) => m.fr),
  ar: () => import('./ar').then((m) => m.ar),
  en: () => import('./en').then((m) => m.en),
};
/**
 * The feature pages' texts (bookings and the service page's slot picker, messages, the
 * notifications and their preferences, reviews, the mail links), a chunk of their own per
 * language: the pages that show them load them (loadFeatureMessages), not the others (a third
 * less text before the home and search pages run).
 */
const FEATURE_MESSAGES: Record<Locale, () => Promise<FeatureMessages>> = {
  fr: () => import('./features/fr').then((m) => m.featuresFr),
  ar: () => import('./features/ar').then((m) => m.featuresAr),
  en: () => import('./features/en').then((m) => m.featuresEn),
};
const loading = new Map<Locale, Promise<void>>();
const loadingFeatures = new Map<Locale, Promise<void>>();
/** Set once a page with bookings' texts has been shown: the next languages load them too. */
let featuresWanted = false;

/**
 * One i18next instance per language, each fixed to it: the language comes from the URL
 * (`/ar/…`), and the server renders concurrent requests in different languages with no
 * shared state. `loadMessages(locale)` must have finished before `i18nFor(locale)`.
 */
const instances = new Map<Locale, I18n>();

/** A language's texts (with the bookings' once a page has asked for them). */
export async function loadMessages(locale: Locale): Promise<void> {
  await loadMainMessages(locale);
  if (featuresWanted) await loadFeaturesOf(locale);
}

/** The bookings' texts, in every language loaded and any loaded later: awaited by the pages that show them. */
export async function loadFeatureMessages(): Promise<void> {
  featuresWanted = true;
  await Promise.all([...loading.keys()].map(loadFeaturesOf));
}

function loadFeaturesOf(locale: Locale): Promise<void> {
  let loaded = loadingFeatures.get(locale);
  if (!loaded) {
    loaded = Promise.all([FEATURE_MESSAGES[locale](), loadMainMessages(locale)]).then(([texts]) => {
      instances.get(locale)!.addResourceBundle(locale, 'translation', texts, true, true);
    });
    loaded.catch(() => loadingFeatures.delete(locale));
    loadingFeatures.set(locale, loaded);
  }
  return loaded;
}

function loadMainMessages(locale: Locale): Promise<void> {
  let loaded = loading.get(locale);
  if (!loaded) {
    loaded = MESSAGES[locale]().then(async (messages) => {
      const instance = i18next.createInstance();
      await instance.use(initReactI18next).init({
        resources: { [locale]: { translation: messages } },
        lng: locale,
        fallbackLng: false,
        supportedLngs: [...LOCALES],
        interpolation: { escapeValue: false }, // React escapes
      });
      instances.set(locale, instance);
    });
    // A failed download (the network) may be tried again.
    loaded.catch(() => loading.delete(locale));
    loading.set(locale, loaded);
  }
  return loaded;
}

export function i18nFor(locale: Locale): I18n {
  const instance = instances.get(locale);
  if (!instance) throw new Error(`The ${locale} texts are not loaded: await loadMessages('${locale}') first`);
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
