import { delivery, deliveryList, type DeliveryChannel, type DeliveryStatus } from '@khadamat/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const deliveriesKey = [USER_DATA_KEY, 'deliveries'] as const;

export interface DeliveryFilter {
  status: DeliveryStatus;
  channel: DeliveryChannel | '';
}

/** Deliveries in a state, page after page (the newest first). */
export function useDeliveries({ status, channel }: DeliveryFilter) {
  return useInfiniteQuery({
    queryKey: [...deliveriesKey, status, channel],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ status, limit: '25' });
      if (channel) query.set('channel', channel);
      if (pageParam) query.set('after', pageParam);
      return apiClient.get(`/api/admin/deliveries?${query.toString()}`, deliveryList, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // What is waiting or failing changes by the second: never shown from an old fetch.
    staleTime: 0,
  });
}

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiClient.post(`/api/admin/deliveries/${encodeURIComponent(id)}/retry`, delivery),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveriesKey }),
  });
}
