import { useTranslation } from 'react-i18next';
import { PhoneVerification } from '@/features/auth/components/phone-verification';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useSignedInSession } from '../../route-guards';

export function VerifyPhoneRoute() {
  const { t } = useTranslation();
  const { user } = useSignedInSession();
  useDocumentTitle(t('verifyPhone.title'));

  return (
    <section className="container section narrow">
      <h1>{t('verifyPhone.heading')}</h1>
      <PhoneVerification user={user} />
    </section>
  );
}

// Loaded on demand by the router.
export default VerifyPhoneRoute;
