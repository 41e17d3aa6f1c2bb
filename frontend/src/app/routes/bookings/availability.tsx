import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Availability } from '@/features/bookings/components/availability';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AvailabilityRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('bookings.schedule.title'));
  return (
    <div className="container section narrow">
      <h1 className="section__heading">{t('bookings.schedule.title')}</h1>
      <p>
        <Link to="/my/agenda">{t('bookings.nav.agenda')}</Link>
      </p>
      <Availability />
    </div>
  );
}

export default AvailabilityRoute;
