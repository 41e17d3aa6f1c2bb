import { myPaymentList } from '@khadamat/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

/** GET /api/me/payments: the client's payments, newest first, a page at a time. */
export function useMyPayments() {
  return useInfiniteQuery({
    queryKey: [USER_DATA_KEY, 'my-payments'],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '20' });
      if (pageParam) query.set('before', pageParam);
      return apiClient.get(`/api/me/payments?${query.toString()}`, myPaymentList, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The receipt of a booking, a PDF in the page's language. */
export const receiptUrl = (bookingId: string, lang: string) =>
  `/api/bookings/${encodeURIComponent(bookingId)}/receipt.pdf?lang=${encodeURIComponent(lang)}`;
