import { bookingView } from '@khadamat/contracts';
import { apiClient } from '@/lib/api-client';

/** GET /api/bookings/:id, read for its status only: whether Stripe's event has moved it on yet. */
export async function getBookingStatus(bookingId: string): Promise<string> {
  return (await apiClient.get(`/api/bookings/${encodeURIComponent(bookingId)}`, bookingView)).status;
}
