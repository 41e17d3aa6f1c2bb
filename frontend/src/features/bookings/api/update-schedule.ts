import { scheduleView, type ScheduleInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { scheduleKey } from './get-schedule';

/** PUT /api/me/schedule: replaces the weekly plan and the booking rules. */
export function updateSchedule(input: ScheduleInput) {
  return apiClient.put('/api/me/schedule', scheduleView, input);
}

export function useUpdateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateSchedule, onSuccess: (view) => queryClient.setQueryData(scheduleKey, view) });
}
