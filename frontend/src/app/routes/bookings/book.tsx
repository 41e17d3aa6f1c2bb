import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { BookingForm } from '@/features/bookings/components/booking-form';
import { QueryState } from '@/features/services/components/query-state';
import { useService } from '@/features/services/api/get-service';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { serviceText } from '@/lib/service-text';

/** `/services/:slug/book?start=<UTC instant>`: the booking form for a time chosen on the service page. */
export function BookRoute() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const start = params.get('start') ?? '';
  const validStart = !Number.isNaN(Date.parse(start)) && /^\d{4}-\d{2}-\d{2}T/.test(start);
  const { data: service, error, refetch } = useService(slug);
  const title = service ? serviceText(service, locale).title : '';
  useDocumentTitle(title ? t('bookings.form.heading', { title }) : t('bookings.form.title'));

  return (
    <div className="container section narrow">
      {!service ? (
        <QueryState error={error} retry={() => void refetch()} />
      ) : (
        <>
          <h1 className="section__heading">{t('bookings.form.heading', { title })}</h1>
          {validStart ? (
            <BookingForm service={service} startAt={new Date(start).toISOString()} />
          ) : (
            <div className="state">
              <p className="state__message">{t('bookings.form.badStart')}</p>
              <Link to={`/services/${encodeURIComponent(slug)}`} className="button">
                {t('bookings.form.backToService')}
              </Link>
            </div>
          )}
        </>
      )}
    </div>
  );
}

export default BookRoute;
