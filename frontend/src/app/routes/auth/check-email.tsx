import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { CheckEmailNotice } from '@/features/auth/components/check-email-notice';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useSignedInSession } from '../../route-guards';

export function CheckEmailRoute() {
  const { t } = useTranslation();
  const { user } = useSignedInSession();
  const location = useLocation();
  const fromSignUp = (location.state as { fromSignUp?: boolean } | null)?.fromSignUp === true;
  useDocumentTitle(t('checkEmail.title'));

  return (
    <section className="container section narrow">
      <h1>{t('checkEmail.title')}</h1>
      <CheckEmailNotice user={user} welcome={fromSignUp} />
    </section>
  );
}

// Loaded on demand by the router.
export default CheckEmailRoute;
