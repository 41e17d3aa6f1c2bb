import { adminDisputes, bookingView, type DisputeResolutionInput } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const disputesKey = [USER_DATA_KEY, 'admin-disputes'] as const;

/** GET /api/admin/disputes: bookings waiting for an outcome, and card chargebacks. */
export function useDisputes() {
  return useQuery({
    queryKey: disputesKey,
    queryFn: ({ signal }) => apiClient.get('/api/admin/disputes', adminDisputes, { signal }),
    staleTime: 0,
  });
}

/** POST /api/admin/bookings/:id/dispute-resolution: the refund to the client and the reason. */
export function useResolveDispute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ bookingId, ...input }: DisputeResolutionInput & { bookingId: string }) =>
      apiClient.post(`/api/admin/bookings/${encodeURIComponent(bookingId)}/dispute-resolution`, bookingView, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: disputesKey }),
  });
}
