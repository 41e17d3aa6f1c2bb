import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { useBooking } from '@/features/bookings/api/get-booking';
import { bookingsKey } from '@/features/bookings/api/get-bookings';
import { Checkout } from '@/features/checkout/components/checkout';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/bookings/:id/pay`: the card step of a booking, after the booking form or from the booking page. */
export function CheckoutRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data: booking, error, refetch } = useBooking(id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const paid = async () => {
    await queryClient.invalidateQueries({ queryKey: bookingsKey });
    await queryClient.invalidateQueries({ queryKey: ['booking-payment', id] });
    await navigate(`/bookings/${encodeURIComponent(id)}`);
  };
  useDocumentTitle(t('checkout.title'));
  return (
    <div className="container section narrow">
      <h1 className="section__heading">{t('checkout.title')}</h1>
      {booking ? (
        <>
          <p>
            <bdi>{booking.service.title}</bdi> · <bdi>{booking.provider.name}</bdi>
          </p>
          <Checkout booking={booking} onPaid={() => void paid()} />
        </>
      ) : (
        <LoadState error={error} message={t('checkout.errors.booking')} retry={() => void refetch()} />
      )}
      <p>
        <Link to={`/bookings/${encodeURIComponent(id)}`}>{t('checkout.back')}</Link>
      </p>
    </div>
  );
}

export default CheckoutRoute;
