import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  useDocumentTitle(t('resetPassword.title'));

  return (
    <section className="container section narrow">
      <h1>{t('resetPassword.heading')}</h1>
      <ResetPasswordForm token={searchParams.get('token')} />
    </section>
  );
}

// Loaded on demand by the router.
export default ResetPasswordRoute;
