import { bookingCreated, type BookingInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { bookingsKey } from './get-bookings';

/** POST /api/bookings: a request (or a series of them) for a free start. */
export function createBooking(input: BookingInput) {
  return apiClient.post('/api/bookings', bookingCreated, input);
}

export function useCreateBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBooking,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: bookingsKey });
      await queryClient.invalidateQueries({ queryKey: ['slots'] });
    },
  });
}
