import { sessionState, type Locale, type SessionState } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

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
