import { accepted } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { sessionQuery } from '@/lib/auth';

export async function verifyEmail(token: string): Promise<void> {
  await apiClient.post('/api/auth/verify-email', accepted, { token });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    // The signed-in user (if it is theirs) now has a verified address.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey }),
  });
}
