import { providerReviews } from '@khadamat/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** GET /api/providers/:id/reviews: a provider's published reviews, newest first, and their rating. */
export function useProviderReviews(providerId: string) {
  return useInfiniteQuery({
    queryKey: ['provider-reviews', providerId],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '10' });
      if (pageParam) query.set('before', pageParam);
      return apiClient.get(`/api/providers/${encodeURIComponent(providerId)}/reviews?${query.toString()}`, providerReviews, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
