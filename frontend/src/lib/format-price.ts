import type { Locale, ServiceView } from '@khadamat/contracts';
import type { TFunction } from 'i18next';

// Moroccan formats; Arabic with Western digits, as in lib/format-date.ts.
const FORMAT_LOCALES: Record<Locale, string> = { fr: 'fr-MA', ar: 'ar-MA-u-nu-latn', en: 'en-MA' };

/** An amount in minor units (centimes) as money in the UI language: 25000 MAD → "250 MAD". */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(FORMAT_LOCALES[locale], {
    style: 'currency',
    currency,
    minimumFractionDigits: minor % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
}

/** "250 MAD", "120 MAD / heure" or "Sur devis". */
export function priceText(service: Pick<ServiceView, 'priceModel' | 'priceMinor' | 'currency'>, locale: Locale, t: TFunction): string {
  if (service.priceModel === 'quote') return t('service.onQuote');
  const price = formatMoney(service.priceMinor, service.currency, locale);
  return t(service.priceModel === 'hourly' ? 'service.pricePerHour' : 'service.priceFixed', { price });
}
