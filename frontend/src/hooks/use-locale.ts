import type { Locale } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { toLocale } from '@/lib/i18n/i18n';

/** The current UI language; components re-render when it changes. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return toLocale(i18n.resolvedLanguage ?? i18n.language);
}
