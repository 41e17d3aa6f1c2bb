import { sessionState, type SessionState, type SignUpInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

export function signUp(input: SignUpInput): Promise<SessionState> {
  return apiClient.post('/api/auth/sign-up', sessionState, input);
}

/** Creates the account and signs it in (the API sets the session cookie). */
export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signUp,
    onSuccess: (state) => storeSession(queryClient, state),
  });
}
