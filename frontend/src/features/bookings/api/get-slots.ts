import type { SlotList } from '@khadamat/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const slotList = contractSchema((c) => c.slotList);

/** GET /api/services/:id/slots?from&to: bookable starts between two of the provider's local dates. */
export function getSlots(
  { serviceId, from, to }: { serviceId: string; from: string; to: string },
  signal?: AbortSignal,
): Promise<SlotList> {
  const query = new URLSearchParams({ from, to });
  return apiClient.get(`/api/services/${encodeURIComponent(serviceId)}/slots?${query.toString()}`, slotList, { signal });
}

export function useSlots(input: { serviceId: string; from: string; to: string }) {
  return useQuery({
    queryKey: ['slots', input.serviceId, input.from, input.to],
    queryFn: ({ signal }) => getSlots(input, signal),
    // Free times change as others book: never older than a minute.
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
