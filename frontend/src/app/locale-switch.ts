import type { Locale } from '@khadamat/contracts';
import { createContext, useContext } from 'react';

/**
 * Puts the current page in another language. In the browser the page changes language in place,
 * keeping what is on it (a form being filled, codes shown once); see `main.tsx`.
 */
export type SwitchLocale = (locale: Locale) => void;

export const LocaleSwitchContext = createContext<SwitchLocale>(() => {
  throw new Error('The language switch works in the browser only');
});

export function useSwitchLocale(): SwitchLocale {
  return useContext(LocaleSwitchContext);
}
