import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';
import { notificationsKey, useLiveRefetchInterval, type NotificationPage } from '@/lib/api/live-events';

/** GET /api/me/notifications: the bell, newest first, with the unread count. */
// The header's bell asks for it on every page: its schema loads on demand (not in the first bundle).
const notificationList = contractSchema((c) => c.notificationList);

export function getNotifications(before: string | null, signal?: AbortSignal): Promise<NotificationPage> {
  const query = new URLSearchParams({ limit: '20' });
  if (before) query.set('before', before);
  return apiClient.get(`/api/me/notifications?${query.toString()}`, notificationList, { signal });
}

/** Kept current by the live stream (or polling without it): the header's bell and the notifications page share it. */
export function useNotifications({ enabled = true }: { enabled?: boolean } = {}) {
  const refetchInterval = useLiveRefetchInterval();
  return useInfiniteQuery({
    queryKey: notificationsKey,
    queryFn: ({ pageParam, signal }) => getNotifications(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval,
    staleTime: 0,
    enabled,
  });
}
