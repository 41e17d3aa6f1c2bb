import { bookingView, type BookingView } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { bookingsKey } from './get-bookings';

export const bookingKey = (id: string) => [...bookingsKey, 'one', id] as const;

/** GET /api/bookings/:id: the booking, its timeline and what the caller may do now. */
export function getBooking(id: string, signal?: AbortSignal): Promise<BookingView> {
  return apiClient.get(`/api/bookings/${encodeURIComponent(id)}`, bookingView, { signal });
}

export function useBooking(id: string) {
  return useQuery({ queryKey: bookingKey(id), queryFn: ({ signal }) => getBooking(id, signal) });
}
