import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useBooking } from '@/features/bookings/api/get-booking';
import { mustPayNow, useBookingPayment } from '@/features/checkout/api/get-booking-payment';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { BookingDetails } from '@/features/bookings/components/booking-details';
import { Conversation } from '@/features/messages/components/conversation';
import { BookingReviews } from '@/features/reviews/components/booking-reviews';

/** `/bookings/:id`: the page our booking mails link to, with the booking's conversation and reviews. */
export function BookingRoute() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id = '' } = useParams();
  // The same query as the details (one request): the parties and the viewer's side.
  const { data: booking } = useBooking(id);
  const payment = useBookingPayment(id, booking?.viewerRole === 'client' && booking.paymentMethod === 'card');
  const party = booking && (booking.viewerRole === 'client' || booking.viewerRole === 'provider') ? booking.viewerRole : null;
  return (
    <div className="container section">
      {booking && mustPayNow(booking, payment.data?.payment) && (
        <div className="alert alert--info">
          <p className="alert__message">
            {payment.data?.payment?.payBy
              ? t('checkout.payBy', { when: formatDateTime(payment.data.payment.payBy, locale) })
              : t('checkout.payNowHint')}
          </p>
          <Link className="button" to={`/bookings/${encodeURIComponent(booking.id)}/pay`}>
            {t('checkout.payNow')}
          </Link>
        </div>
      )}
      <BookingDetails key={id} bookingId={id} />
      {booking && party && <BookingReviews key={`reviews-${id}`} bookingId={booking.id} viewerRole={party} />}
      {booking && party && (
        <Conversation
          key={`conversation-${id}`}
          bookingId={booking.id}
          otherName={party === 'provider' ? booking.client.name : booking.provider.name}
          canWrite
        />
      )}
    </div>
  );
}

export default BookingRoute;
