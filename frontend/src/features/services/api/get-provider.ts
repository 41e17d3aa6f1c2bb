import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const providerProfileView = contractSchema((c) => c.providerProfileView);

export type ProviderProfile = ReturnType<typeof providerProfileView.parse>;

export function getProvider(id: string, signal?: AbortSignal): Promise<ProviderProfile> {
  return apiClient.get(`/api/providers/${encodeURIComponent(id)}`, providerProfileView, { signal });
}

/** The same query for the page's loader (prefetched on the server) and the page. */
export const providerQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['provider', id], queryFn: ({ signal }) => getProvider(id, signal) });

export function useProvider(id: string) {
  return useQuery(providerQueryOptions(id));
}
