import { notificationPreferences, type notificationPreferencesInput } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export type NotificationPreferences = z.infer<typeof notificationPreferences>;
export type NotificationPreferencesInput = z.input<typeof notificationPreferencesInput>;
const preferencesKey = [USER_DATA_KEY, 'notification-preferences'] as const;

/** GET /api/me/notification-preferences: every event × channel pair, and the SMS quiet hours. */
export function useNotificationPreferences() {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: ({ signal }) => apiClient.get('/api/me/notification-preferences', notificationPreferences, { signal }),
  });
}

/** PUT /api/me/notification-preferences. */
export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationPreferencesInput) => apiClient.put('/api/me/notification-preferences', notificationPreferences, input),
    onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
  });
}
