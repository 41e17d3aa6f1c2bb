import { messageList } from '@khadamat/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { conversationKey, useLiveRefetchInterval, type MessagePage } from '@/lib/api/live-events';

/** GET /api/bookings/:id/messages: a page of the conversation, newest first, older ones `before` a cursor. */
export function getMessages(bookingId: string, before: string | null, signal?: AbortSignal): Promise<MessagePage> {
  const query = new URLSearchParams({ limit: '20' });
  if (before) query.set('before', before);
  return apiClient.get(`/api/bookings/${encodeURIComponent(bookingId)}/messages?${query.toString()}`, messageList, { signal });
}

/** The conversation, paging back; kept current by the live stream, or by polling without it. */
export function useMessages(bookingId: string) {
  const refetchInterval = useLiveRefetchInterval();
  return useInfiniteQuery({
    queryKey: conversationKey(bookingId),
    queryFn: ({ pageParam, signal }) => getMessages(bookingId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
    staleTime: 0,
  });
}
