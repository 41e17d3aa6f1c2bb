import { conversationList } from '@khadamat/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { conversationsKey, useLiveRefetchInterval } from '@/lib/api/live-events';

/** GET /api/me/conversations: the inbox, latest activity first. */
export function getConversations(before: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: '20' });
  if (before) query.set('before', before);
  return apiClient.get(`/api/me/conversations?${query.toString()}`, conversationList, { signal });
}

export function useConversations() {
  const refetchInterval = useLiveRefetchInterval();
  return useInfiniteQuery({
    queryKey: conversationsKey,
    queryFn: ({ pageParam, signal }) => getConversations(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
    staleTime: 0,
  });
}
