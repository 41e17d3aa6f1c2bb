import { markReadResult } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { notificationsKey } from '@/lib/api/live-events';

/** POST /api/me/notifications/read: these notifications, or (without ids) all of them. */
export function markNotificationsRead(ids?: string[]) {
  return apiClient.post('/api/me/notifications/read', markReadResult, ids ? { ids } : {});
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
