import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MyServiceList } from '@/features/provider-services/components/my-service-list';
import { ServiceForm } from '@/features/provider-services/components/service-form';
import { VerificationNotice } from '@/features/provider-services/components/verification-notice';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useSignedInSession } from '../../route-guards';

export function MyServicesRoute() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const listHeading = useId();
  useDocumentTitle(t('myServices.title'));

  return (
    <div className="container section my-services">
      <h1 className="section__heading">{t('myServices.heading')}</h1>
      <VerificationNotice session={session} />
      <section aria-labelledby={listHeading}>
        <h2 id={listHeading} className="section__heading">
          {t('myServices.listHeading')}
        </h2>
        <MyServiceList labelledBy={listHeading} />
      </section>
      <ServiceForm />
    </div>
  );
}

// Loaded on demand by the router.
export default MyServicesRoute;
