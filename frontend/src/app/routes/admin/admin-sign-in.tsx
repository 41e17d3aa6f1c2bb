import { useTranslation } from 'react-i18next';
import { AdminSignIn } from '@/features/admin/components/admin-sign-in';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AdminSignInRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.signIn.title'));

  return (
    <section className="container section narrow">
      <h1>{t('admin.signIn.heading')}</h1>
      <AdminSignIn />
    </section>
  );
}

// Loaded on demand by the router.
export default AdminSignInRoute;
