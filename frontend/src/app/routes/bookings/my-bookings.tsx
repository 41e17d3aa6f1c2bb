import { useTranslation } from 'react-i18next';
import { MyBookings } from '@/features/bookings/components/my-bookings';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function MyBookingsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('bookings.list.title'));
  return (
    <div className="container section">
      <h1 className="section__heading">{t('bookings.list.title')}</h1>
      <MyBookings />
    </div>
  );
}

export default MyBookingsRoute;
