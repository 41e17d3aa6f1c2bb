import type { BookingSummary } from '@khadamat/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBookings } from '../api/get-bookings';
import { BookingCard } from './booking-card';
import { LoadState } from '@/components/ui/load-state';

/** The client's bookings: upcoming first (soonest first), then past ones (latest first). */
export function MyBookings() {
  const { t } = useTranslation();
  const id = useId();
  const { data, error, refetch } = useBookings({ as: 'client' });
  const [now] = useState(() => Date.now());

  if (!data) {
    return <LoadState error={error} message={t('bookings.errors.list')} retry={() => void refetch()} />;
  }
  const upcoming = data.filter((booking) => new Date(booking.endAt).getTime() >= now);
  const past = data.filter((booking) => new Date(booking.endAt).getTime() < now).reverse();
  const list = (bookings: BookingSummary[], empty: string, labelledBy: string) =>
    bookings.length === 0 ? (
      <p>{empty}</p>
    ) : (
      <ul className="booking-list" aria-labelledby={labelledBy}>
        {bookings.map((booking) => (
          <li key={booking.id}>
            <BookingCard booking={booking} as="client" />
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <section aria-labelledby={`${id}-upcoming`}>
        <h2 id={`${id}-upcoming`} className="section__heading">
          {t('bookings.list.upcoming')}
        </h2>
        {list(upcoming, t('bookings.list.emptyUpcoming'), `${id}-upcoming`)}
        {upcoming.length === 0 && (
          <Link to="/search" className="button button--secondary">
            {t('bookings.list.findService')}
          </Link>
        )}
      </section>
      <section aria-labelledby={`${id}-past`}>
        <h2 id={`${id}-past`} className="section__heading">
          {t('bookings.list.past')}
        </h2>
        {list(past, t('bookings.list.emptyPast'), `${id}-past`)}
      </section>
    </>
  );
}
