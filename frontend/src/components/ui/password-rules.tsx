import { useTranslation } from 'react-i18next';

/** The password policy, shown as the hint of every new-password field (the API enforces it). */
export function PasswordRules() {
  const { t } = useTranslation();
  return (
    <>
      <span>{t('passwordRules.title')}</span>
      <ul className="field__rules">
        <li>{t('passwordRules.length')}</li>
        <li>{t('passwordRules.common')}</li>
        <li>{t('passwordRules.email')}</li>
      </ul>
    </>
  );
}
