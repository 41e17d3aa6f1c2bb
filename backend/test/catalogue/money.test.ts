import { CURRENCY_DECIMALS, fromMinor, toMinorUnits } from '@khadamat/contracts';
import { describe, expect, it } from 'vitest';

describe('money in minor units', () => {
  it('counts centimes for the dirham, the dinar of Algeria and the euro, millimes for the Tunisian dinar', () => {
    expect(CURRENCY_DECIMALS).toEqual({ MAD: 2, DZD: 2, TND: 3, EUR: 2 });
    expect(fromMinor(25_000, 'MAD')).toBe(250);
    expect(fromMinor(12_500, 'TND')).toBe(12.5);
    expect(toMinorUnits(12.5, 'TND')).toBe(12_500);
    expect(toMinorUnits(150.5, 'MAD')).toBe(15_050);
    // Rounded to the smallest unit, never a fraction of a centime.
    expect(toMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
  });
});
