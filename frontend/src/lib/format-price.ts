import { CURRENCY_DECIMALS, fromMinor, type Currency, type Locale } from '@khadamat/contracts/plain';
import type { ServiceView } from '@khadamat/contracts';
import type { TFunction } from 'i18next';

// Moroccan formats; Arabic with Western digits, as in lib/format-date.ts.
const FORMAT_LOCALES: Record<Locale, string> = { fr: 'fr-MA', ar: 'ar-MA-u-nu-latn', en: 'en-MA' };

/** An amount in minor units as money in the UI language: 25000 MAD → "250 MAD", 12500 TND → "12,5 TND". */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const decimals = CURRENCY_DECIMALS[currency as Currency] ?? 2;
  const whole = minor % 10 ** decimals === 0;
  return new Intl.NumberFormat(FORMAT_LOCALES[locale], {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : decimals,
    maximumFractionDigits: decimals,
  }).format(fromMinor(minor, currency));
}

/** "250 MAD", "120 MAD / heure" or "Sur devis". */
export function priceText(service: Pick<ServiceView, 'priceModel' | 'priceMinor' | 'currency'>, locale: Locale, t: TFunction): string {
  if (service.priceModel === 'quote') return t('service.onQuote');
  const price = formatMoney(service.priceMinor, service.currency, locale);
  return t(service.priceModel === 'hourly' ? 'service.pricePerHour' : 'service.priceFixed', { price });
}
