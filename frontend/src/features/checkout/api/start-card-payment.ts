import { cardPaymentStarted } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/**
 * POST /api/bookings/:id/payment: the booking's held card payment and the client secret the
 * checkout confirms. The API answers the same intent to every call, so it is read as a query.
 */
export function startCardPayment(bookingId: string, signal?: AbortSignal) {
  return apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/payment`, cardPaymentStarted, undefined, { signal });
}

export function useCardPayment(bookingId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['card-payment', bookingId],
    queryFn: ({ signal }) => startCardPayment(bookingId, signal),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}
