import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiClientError, setCsrfTokenSource } from './api-client';
import { getSession, sessionQuery, storeSession } from './auth';

const MAX_RETRIES = 1;
/** A dependency outage (503/507 with a code) is asked again for about a minute. */
const MAX_RETRIES_WHILE_UNAVAILABLE = 12;

/** Client errors (4xx) will not go away by asking again; server and network errors might. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiClientError && error.temporarilyUnavailable) return failureCount < MAX_RETRIES_WHILE_UNAVAILABLE;
  if (error instanceof ApiClientError && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

/** As long as the API's Retry-After says (5 s for an outage), else React Query's backoff. */
export function retryDelay(failureCount: number, error: unknown): number {
  if (error instanceof ApiClientError && error.retryAfterSeconds) return Math.min(error.retryAfterSeconds, 30) * 1000;
  return Math.min(1000 * 2 ** failureCount, 30_000);
}

export function createQueryClient(): QueryClient {
  // The session ended on the server (expired, signed out everywhere): reload the session
  // state, so pages that need one send the user to the sign-in page.
  const onError = (error: unknown) => {
    if (error instanceof ApiClientError && error.code === 'UNAUTHENTICATED') {
      void client.invalidateQueries({ queryKey: sessionQuery.queryKey });
    }
  };

  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        gcTime: 5 * 60_000,
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: false,
      },
      mutations: {
        retry: false,
      },
    },
  });

  setCsrfTokenSource({
    current: () => client.getQueryData(sessionQuery.queryKey)?.csrfToken,
    refresh: async () => {
      const state = await getSession();
      storeSession(client, state);
      return state?.csrfToken;
    },
  });

  return client;
}
