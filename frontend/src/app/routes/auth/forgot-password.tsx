import { useTranslation } from 'react-i18next';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('forgotPassword.title'));

  return (
    <section className="container section narrow">
      <h1>{t('forgotPassword.heading')}</h1>
      <ForgotPasswordForm />
    </section>
  );
}

// Loaded on demand by the router.
export default ForgotPasswordRoute;
