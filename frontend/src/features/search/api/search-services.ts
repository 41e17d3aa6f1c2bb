import type { SearchResult } from '@khadamat/contracts';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const searchResult = contractSchema((c) => c.searchResult);

/**
 * The filters of the search page, as kept in its URL and sent to the API as they are (prices in
 * minor units; `lat`/`lng`/`radiusKm` a circle around the user's position or a city centre).
 */
export interface SearchFilters {
  q: string;
  category: string;
  city: string;
  lat: string;
  lng: string;
  radiusKm: string;
  priceModel: string;
  priceMin: string;
  priceMax: string;
  minRating: string;
  sort: string;
}

export const PAGE_SIZE = 12;

export function searchServices(filters: SearchFilters, cursor: string | undefined, signal?: AbortSignal): Promise<SearchResult> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  params.set('limit', String(PAGE_SIZE));
  if (cursor) params.set('cursor', cursor);
  return apiClient.get(`/api/search/services?${params.toString()}`, searchResult, { signal });
}

/** The same query for the page's loader (prefetched on the server) and the page. */
export const searchQueryOptions = (filters: SearchFilters) =>
  infiniteQueryOptions({
    queryKey: ['search', filters],
    queryFn: ({ pageParam, signal }) => searchServices(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useSearchServices(filters: SearchFilters) {
  return useInfiniteQuery({
    ...searchQueryOptions(filters),
    // The filters stay usable (with their facets) while the next results load.
    placeholderData: keepPreviousData,
  });
}
