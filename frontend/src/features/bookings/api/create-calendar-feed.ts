import { calendarFeed } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** POST /api/me/calendar-feed: a new secret subscription URL (the previous one stops working). */
export function createCalendarFeed() {
  return apiClient.post('/api/me/calendar-feed', calendarFeed);
}

export function useCreateCalendarFeed() {
  return useMutation({ mutationFn: createCalendarFeed });
}
