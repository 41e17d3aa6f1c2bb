import { useTranslation } from 'react-i18next';
import { Agenda } from '@/features/bookings/components/agenda';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AgendaRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('bookings.agenda.title'));
  return (
    <div className="container section">
      <h1 className="section__heading">{t('bookings.agenda.title')}</h1>
      <Agenda />
    </div>
  );
}

export default AgendaRoute;
