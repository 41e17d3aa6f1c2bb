import { scheduleView, type ScheduleView } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export const scheduleKey = [USER_DATA_KEY, 'schedule'] as const;

/** GET /api/me/schedule: the provider's weekly plan, exceptions and booking rules. */
export function getSchedule(signal?: AbortSignal): Promise<ScheduleView> {
  return apiClient.get('/api/me/schedule', scheduleView, { signal });
}

export function useSchedule() {
  return useQuery({ queryKey: scheduleKey, queryFn: ({ signal }) => getSchedule(signal) });
}
