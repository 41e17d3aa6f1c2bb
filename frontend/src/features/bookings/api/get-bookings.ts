import { bookingList, type BookingSummary } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export const bookingsKey = [USER_DATA_KEY, 'bookings'] as const;

interface BookingsQuery {
  as: 'client' | 'provider';
  from?: string | undefined;
  to?: string | undefined;
}

/** GET /api/bookings: the caller's bookings as a client, or their agenda as a provider. */
export async function getBookings({ as, from, to }: BookingsQuery, signal?: AbortSignal): Promise<BookingSummary[]> {
  const query = new URLSearchParams({ as });
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const { bookings } = await apiClient.get(`/api/bookings?${query.toString()}`, bookingList, { signal });
  return bookings;
}

export function useBookings(query: BookingsQuery) {
  return useQuery({
    queryKey: [...bookingsKey, 'list', query.as, query.from ?? '', query.to ?? ''],
    queryFn: ({ signal }) => getBookings(query, signal),
  });
}
