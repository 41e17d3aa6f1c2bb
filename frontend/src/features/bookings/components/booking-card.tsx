import type { BookingSummary } from '@khadamat/contracts';
import { Link } from 'react-router';
import { useLocale } from '@/hooks/use-locale';
import { formatWallDateTime, formatWallTime } from '@/lib/format-date';
import { BookingStatusBadge } from './booking-status-badge';

/** One booking in a list or an agenda: its service, time, other party and state, linking to its page. */
export function BookingCard({ booking, as, timeOnly = false }: { booking: BookingSummary; as: 'client' | 'provider'; timeOnly?: boolean }) {
  const locale = useLocale();
  const when = timeOnly
    ? `${formatWallTime(booking.local.startAt, locale)} – ${formatWallTime(booking.local.endAt, locale)}`
    : formatWallDateTime(booking.local.startAt, locale);
  return (
    <article className="booking-card">
      <h3 className="booking-card__title">
        <Link to={`/bookings/${encodeURIComponent(booking.id)}`}>
          <bdi>{booking.service.title}</bdi>
        </Link>
      </h3>
      <p className="booking-card__meta">
        <bdi>{when}</bdi> · <bdi>{as === 'provider' ? booking.client.name : booking.provider.name}</bdi>
      </p>
      <BookingStatusBadge status={booking.status} />
    </article>
  );
}
