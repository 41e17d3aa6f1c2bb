import { bookingPayment } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** GET /api/bookings/:id/payment: the booking's card payment (a refused saved card asks the client to pay now). */
export function getBookingPayment(bookingId: string, signal?: AbortSignal) {
  return apiClient.get(`/api/bookings/${encodeURIComponent(bookingId)}/payment`, bookingPayment, { signal });
}

export function useBookingPayment(bookingId: string, enabled: boolean) {
  return useQuery({ queryKey: ['booking-payment', bookingId], queryFn: ({ signal }) => getBookingPayment(bookingId, signal), enabled });
}

/** Whether the client should pay this card booking now: never paid yet, or its saved card was refused. */
export function mustPayNow(
  booking: { status: string; viewerRole: string; paymentMethod: string },
  payment: { status: string } | null | undefined,
): boolean {
  if (booking.viewerRole !== 'client' || booking.paymentMethod !== 'card') return false;
  if (booking.status === 'awaiting_payment') return true;
  return payment?.status === 'failed' && (booking.status === 'requested' || booking.status === 'accepted');
}
