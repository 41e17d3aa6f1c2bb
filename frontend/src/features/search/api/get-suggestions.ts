import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const suggestions = contractSchema((c) => c.suggestions);

export type Suggestions = ReturnType<typeof suggestions.parse>;

export function getSuggestions(q: string, signal?: AbortSignal): Promise<Suggestions> {
  return apiClient.get(`/api/search/suggestions?${new URLSearchParams({ q }).toString()}`, suggestions, { signal });
}

/** The suggestions for `q` (two characters at least), fetched while `wanted`. */
export function useSuggestions(q: string, wanted = true) {
  const term = q.trim();
  return useQuery({
    queryKey: ['suggestions', term],
    queryFn: ({ signal }) => getSuggestions(term, signal),
    enabled: wanted && term.length >= 2,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
