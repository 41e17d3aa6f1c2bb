import type { Locale, SessionState } from '@khadamat/contracts';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { sessionQuery, storeSession } from '@/lib/auth';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const sessionState = contractSchema((c) => c.sessionState);

export interface ProfileChanges {
  name?: string;
  phone?: string;
  locale?: Locale;
}

/** A changed phone number comes back unverified. */
export function updateProfile(changes: ProfileChanges): Promise<SessionState> {
  return apiClient.patch('/api/me', sessionState, changes);
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (state) => storeSession(queryClient, state),
  });
}

/**
 * The language switch's choice becomes a signed-in member's saved language, which their mails
 * and SMS use and which a URL without a language falls back to. The page has changed language
 * either way: if the update fails (the session ended meanwhile), the saved one stays as it was
 * and the account page shows it.
 */
export async function saveMemberLocale(queryClient: QueryClient, locale: Locale): Promise<void> {
  const session = queryClient.getQueryData(sessionQuery.queryKey);
  if (!session || session.user.locale === locale) return;
  const state = await updateProfile({ locale }).catch(() => null);
  if (state) storeSession(queryClient, state);
}
