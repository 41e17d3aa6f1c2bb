import type { OwnServiceView, SessionState } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '@/lib/auth';

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

/**
 * A published service that others cannot see yet (the API's `visible`), and why: the provider's
 * email or phone is not verified, or else its category is no longer offered.
 */
export function ServiceVisibilityNotice({ service }: { service: OwnServiceView }) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  if (service.status !== 'published' || service.visible) return null;
  const verified = Boolean(session?.user.emailVerified && session.user.phoneVerified);
  return (
    <p className="alert alert--warning my-service__visibility">
      {verified ? t('myServices.notVisible.category') : t('myServices.notVisible.verify')}
    </p>
  );
}
