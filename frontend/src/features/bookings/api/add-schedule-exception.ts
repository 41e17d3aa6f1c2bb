import { scheduleException, type ScheduleExceptionInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { scheduleKey } from './get-schedule';

/** POST /api/me/schedule/exceptions: a day off (or part of one) or extra hours on a date. */
export function addScheduleException(input: ScheduleExceptionInput) {
  return apiClient.post('/api/me/schedule/exceptions', scheduleException, input);
}

export function useAddScheduleException() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addScheduleException, onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduleKey }) });
}
