import { useTranslation } from 'react-i18next';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function SignInRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('signIn.title'));

  return (
    <section className="container section narrow">
      <h1>{t('signIn.heading')}</h1>
      <SignInForm />
    </section>
  );
}

// Loaded on demand by the router.
export default SignInRoute;
