import { useTranslation } from 'react-i18next';
import { SignUpForm } from '@/features/auth/components/sign-up-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function SignUpRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('signUp.title'));

  return (
    <section className="container section narrow">
      <h1>{t('signUp.heading')}</h1>
      <p className="lead">{t('signUp.intro')}</p>
      <SignUpForm />
    </section>
  );
}

// Loaded on demand by the router.
export default SignUpRoute;
