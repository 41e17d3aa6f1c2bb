import { accepted } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { sessionQuery } from '@/lib/auth';

export async function resetPassword(input: { token: string; password: string }): Promise<void> {
  await apiClient.post('/api/auth/password/reset', accepted, input);
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetPassword,
    // A reset ends every session of the account, this browser's included if it was signed in.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey }),
  });
}
