import { suggestions } from '@khadamat/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export type Suggestions = ReturnType<typeof suggestions.parse>;

export function getSuggestions(q: string, signal?: AbortSignal): Promise<Suggestions> {
  return apiClient.get(`/api/search/suggestions?${new URLSearchParams({ q }).toString()}`, suggestions, { signal });
}

export function useSuggestions(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['suggestions', term],
    queryFn: ({ signal }) => getSuggestions(term, signal),
    enabled: term.length >= 2,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
