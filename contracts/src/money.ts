// Prices without zod: the web client's first pages format prices and list price models with
// these, and load the schemas only with the first API answer they check.

export const PRICE_MODELS = ['fixed', 'hourly', 'quote'] as const;
export type PriceModel = (typeof PRICE_MODELS)[number];

export function isPriceModel(value: unknown): value is PriceModel {
  return typeof value === 'string' && (PRICE_MODELS as readonly string[]).includes(value);
}

export const CURRENCIES = ['MAD', 'DZD', 'TND', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];
/** Minor units per major unit (ISO 4217): the Tunisian dinar counts 1,000 millimes. */
export const CURRENCY_DECIMALS: Record<Currency, number> = { MAD: 2, DZD: 2, TND: 3, EUR: 2 };
const decimalsOf = (code: string) => CURRENCY_DECIMALS[code as Currency] ?? 2;
/** An amount in minor units as a number of major units: 25000 MAD → 250, 12500 TND → 12.5. */
export const fromMinor = (minor: number, code: string) => minor / 10 ** decimalsOf(code);
/** Major units to minor units, rounded to the currency's smallest unit. */
export const toMinorUnits = (amount: number, code: string) => Math.round(amount * 10 ** decimalsOf(code));
