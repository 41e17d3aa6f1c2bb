import type { SessionState } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Services of providers whose email and phone are not both verified stay out of search. */
export function VerificationNotice({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const { emailVerified, phoneVerified } = session.user;
  if (emailVerified && phoneVerified) return null;
  return (
    <div className="alert alert--warning">
      <p className="alert__message">{t('myServices.verifyFirst')}</p>
      <ul className="alert__links">
        {!emailVerified && (
          <li>
            <Link to="/check-email">{t('myServices.verifyEmail')}</Link>
          </li>
        )}
        {!phoneVerified && (
          <li>
            <Link to="/verify-phone">{t('myServices.verifyPhone')}</Link>
          </li>
        )}
      </ul>
    </div>
  );
}
