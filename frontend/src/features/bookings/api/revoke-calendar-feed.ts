import { useMutation } from '@tanstack/react-query';
import { apiClient, noContent } from '@/lib/api-client';

/** DELETE /api/me/calendar-feed: the subscription URL stops working. */
export function revokeCalendarFeed() {
  return apiClient.delete('/api/me/calendar-feed', noContent);
}

export function useRevokeCalendarFeed() {
  return useMutation({ mutationFn: revokeCalendarFeed });
}
