import type { SessionState } from '@khadamat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate, type NavigateFunction } from 'react-router';
import { ApiClientError, apiClient, noContent } from './api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const currentSession = contractSchema((c) => c.currentSession);
const sessionState = contractSchema((c) => c.sessionState);

// The session is shared by every feature (header, guards, auth, account, admin), so it lives
// here rather than in one of them: features never import each other.

/**
 * Query keys of data that belongs to the signed-in user start with this: it is dropped
 * whenever the user changes (sign-in as someone else, sign-out), never shown to the next one.
 */
export const USER_DATA_KEY = 'user-data';

/** The session state, or null when signed out (answered with 200: anonymous pages make no failing request). */
export async function getSession(signal?: AbortSignal): Promise<SessionState | null> {
  const { session } = await apiClient.get('/api/auth/current-session', currentSession, { signal });
  return session;
}

/**
 * Resolves once the page has loaded (its pictures, scripts and styles), at once if it has. The
 * session check loads the schemas' chunk (zod) to check its answer, so it waits for the page's
 * own downloads, which a phone on a slow network needs first (docs/decisions/0020-web-performance-budget.md).
 */
function pageLoaded(): Promise<void> {
  if (typeof document === 'undefined' || document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async ({ signal }) => {
    await pageLoaded();
    return getSession(signal);
  },
  staleTime: 5 * 60_000,
  // Another tab may have signed in or out meanwhile.
  refetchOnWindowFocus: true,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** Keeps the session state an API call answered with (sign-in, profile update…), or null after signing out. */
export function storeSession(queryClient: QueryClient, state: SessionState | null): void {
  const previous = queryClient.getQueryData(sessionQuery.queryKey);
  if (!state || previous?.user.id !== state.user.id) queryClient.removeQueries({ queryKey: [USER_DATA_KEY] });
  queryClient.setQueryData(sessionQuery.queryKey, state);
}

// Sign-in is here too: both the member and the admin sign-in pages use it.
export function signIn(input: { email: string; password: string }): Promise<SessionState> {
  return apiClient.post('/api/auth/sign-in', sessionState, input);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (state) => storeSession(queryClient, state),
  });
}

export async function signOut(): Promise<void> {
  try {
    await apiClient.post('/api/auth/sign-out', noContent);
  } catch (error) {
    // The session had already ended (expired, revoked elsewhere): signed out all the same.
    if (error instanceof ApiClientError && error.status === 401) return;
    throw error;
  }
}

/**
 * After the session ended (sign-out, deletion…): goes to `to`, then forgets the session.
 * In this order and synchronously (flushSync): React Router renders navigations in a
 * transition, and a page that needs a session would otherwise see it gone first and
 * bounce to the sign-in page.
 */
export async function leaveThenForgetSession({
  navigate,
  queryClient,
  to,
  replace = false,
}: {
  navigate: NavigateFunction;
  queryClient: QueryClient;
  to: string;
  replace?: boolean;
}): Promise<void> {
  await navigate(to, { replace, flushSync: true });
  storeSession(queryClient, null);
}

/** Signs out, then goes to `to` (the home page by default). */
export function useSignOut({ to = '/' }: { to?: string } = {}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => leaveThenForgetSession({ navigate, queryClient, to }),
  });
}

/** A path inside this app to go back to after signing in, never another site (`//evil.example`). */
export function safeRedirectPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** An admin whose second factor is still pending may do nothing but pass it. */
export function needsSecondFactor(state: SessionState): boolean {
  return state.mfa === 'enrolment-required' || state.mfa === 'verification-required';
}

/** Where to go once signed in: the second-factor step for admins, else back where the user came from. */
export function destinationAfterSignIn(state: SessionState, next: string | null): string {
  return needsSecondFactor(state) ? '/admin/sign-in' : safeRedirectPath(next);
}
