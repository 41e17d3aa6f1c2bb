import { bookingView, type BookingAction, type BookingChange, type BookingView } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { bookingKey } from './get-booking';
import { bookingsKey } from './get-bookings';

export interface ChangeBookingInput extends BookingChange {
  bookingId: string;
  action: Exclude<BookingAction, 'expire'>;
}

/** POST /api/bookings/:id/actions/:action, carrying the version the page shows (a stale one is refused). */
export function changeBooking({ bookingId, action, ...change }: ChangeBookingInput): Promise<BookingView> {
  return apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/actions/${action}`, bookingView, change);
}

export function useChangeBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeBooking,
    onSuccess: async (view) => {
      queryClient.setQueryData(bookingKey(view.id), view);
      await queryClient.invalidateQueries({ queryKey: bookingsKey, predicate: (query) => query.queryKey[2] === 'list' });
    },
  });
}
