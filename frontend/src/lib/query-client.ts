import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiClientError, setCsrfTokenSource } from './api-client';
import { getSession, sessionQuery, storeSession } from './auth';

const MAX_RETRIES = 1;

/** Client errors (4xx) will not go away by asking again; server and network errors might. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiClientError && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
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
