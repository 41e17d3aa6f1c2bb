import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient, noContent } from '@/lib/api-client';
import { scheduleKey } from './get-schedule';

/** DELETE /api/me/schedule/exceptions/:id */
export function removeScheduleException(id: string) {
  return apiClient.delete(`/api/me/schedule/exceptions/${encodeURIComponent(id)}`, noContent);
}

export function useRemoveScheduleException() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeScheduleException, onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduleKey }) });
}
