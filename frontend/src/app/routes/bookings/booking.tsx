import { useParams } from 'react-router';
import { BookingDetails } from '@/features/bookings/components/booking-details';

/** `/bookings/:id`: the page our booking mails link to. */
export function BookingRoute() {
  const { id = '' } = useParams();
  return (
    <div className="container section">
      <BookingDetails key={id} bookingId={id} />
    </div>
  );
}

export default BookingRoute;
