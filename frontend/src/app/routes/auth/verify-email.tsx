import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmailVerification } from '@/features/auth/components/email-verification';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function VerifyEmailRoute() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  useDocumentTitle(t('verifyEmail.title'));

  return (
    <section className="container section narrow">
      <EmailVerification token={searchParams.get('token')} />
    </section>
  );
}

// Loaded on demand by the router.
export default VerifyEmailRoute;
