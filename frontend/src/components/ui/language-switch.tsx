import { LOCALES } from '@khadamat/contracts/plain';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/hooks/use-locale';
import { useSwitchLocale } from '@/app/locale-switch';
import { LOCALE_NATIVE_NAMES, toLocale } from '@/lib/i18n/i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const switchLocale = useSwitchLocale();

  return (
    <div className="language-switch">
      <label htmlFor={id} className="language-switch__label">
        {t('language.label')}
      </label>
      <select id={id} className="language-switch__select" value={locale} onChange={(event) => switchLocale(toLocale(event.target.value))}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NATIVE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
