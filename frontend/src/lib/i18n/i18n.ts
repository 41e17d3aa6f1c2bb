import { DEFAULT_LOCALE, LOCALES, RTL_LOCALES, locale as localeSchema, type Locale, type LocalizedText } from '@khadamat/contracts';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './ar';
import { en } from './en';
import { fr, type Messages } from './fr';

export const APP_NAME = 'Khadamat';
export const LOCALE_STORAGE_KEY = 'khadamat.locale';

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

function readStoredLocale(): Locale {
  try {
    return toLocale(window.localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return DEFAULT_LOCALE; // storage disabled (privacy settings): fall back silently
  }
}

function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

function applyToDocument(locale: Locale): void {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = directionOf(locale);
}

export const i18n = i18next.createInstance();

i18n.on('languageChanged', (lng) => applyToDocument(toLocale(lng)));

// Resources are bundled, so initialisation completes synchronously.
void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
  lng: readStoredLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false }, // React escapes
});

applyToDocument(toLocale(i18n.language));

/** Switches the language on the user's request and remembers the choice. */
export async function changeLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  await i18n.changeLanguage(locale);
}
