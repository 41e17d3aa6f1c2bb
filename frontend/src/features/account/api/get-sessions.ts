import { sessionList } from '@khadamat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export type SessionSummary = ReturnType<typeof sessionList.parse>['sessions'][number];

export function getSessions(signal?: AbortSignal): Promise<SessionSummary[]> {
  return apiClient.get('/api/me/sessions', sessionList, { signal }).then((list) => list.sessions);
}

export const sessionsQuery = queryOptions({
  queryKey: [USER_DATA_KEY, 'sessions'],
  queryFn: ({ signal }) => getSessions(signal),
  staleTime: 0, // a list of who is signed in: always worth reloading when shown
});

export function useSessions() {
  return useQuery(sessionsQuery);
}
