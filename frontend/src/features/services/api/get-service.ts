import type { ServiceView } from '@khadamat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const serviceView = contractSchema((c) => c.serviceView);

export function getService(slug: string, signal?: AbortSignal): Promise<ServiceView> {
  return apiClient.get(`/api/services/${encodeURIComponent(slug)}`, serviceView, { signal });
}

/** The same query for the page's loader (prefetched on the server) and the page. */
export const serviceQueryOptions = (slug: string) =>
  queryOptions({ queryKey: ['service', slug], queryFn: ({ signal }) => getService(slug, signal) });

export function useService(slug: string) {
  return useQuery(serviceQueryOptions(slug));
}
