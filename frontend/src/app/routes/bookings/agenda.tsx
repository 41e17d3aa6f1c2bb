import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Agenda } from '@/features/bookings/components/agenda';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AgendaRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('bookings.agenda.title'));
  return (
    <div className="container section">
      <h1 className="section__heading">{t('bookings.agenda.title')}</h1>
      <p>
        <Link to="/my/availability">{t('bookings.nav.availability')}</Link>
      </p>
      <Agenda />
    </div>
  );
}

export default AgendaRoute;
