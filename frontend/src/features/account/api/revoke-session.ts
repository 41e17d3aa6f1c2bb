import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient, noContent } from '@/lib/api-client';
import { sessionsQuery } from './get-sessions';

/** Signs out one of the user's other sessions (another device). */
export function revokeSession(sessionId: string): Promise<void> {
  return apiClient.delete(`/api/me/sessions/${encodeURIComponent(sessionId)}`, noContent);
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
}
