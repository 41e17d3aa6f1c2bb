import { verifyEmailResult, type VerifyEmailResult } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { sessionQuery, storeSession } from '@/lib/auth';

export function verifyEmail(token: string): Promise<VerifyEmailResult> {
  return apiClient.post('/api/auth/verify-email', verifyEmailResult, { token });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    // The link signs the member in (the API sets the session cookie); otherwise the signed-in user, if it is theirs, is now verified.
    onSuccess: (result) =>
      'user' in result ? storeSession(queryClient, result) : queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey }),
  });
}
