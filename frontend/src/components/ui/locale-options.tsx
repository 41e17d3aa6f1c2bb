import { LOCALES } from '@khadamat/contracts';
import { LOCALE_NATIVE_NAMES } from '@/lib/i18n/i18n';

/** The `<option>`s of a language select, each language named in itself. */
export function LocaleOptions() {
  return LOCALES.map((code) => (
    <option key={code} value={code} lang={code}>
      {LOCALE_NATIVE_NAMES[code]}
    </option>
  ));
}
