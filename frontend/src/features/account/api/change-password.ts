import { accepted } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { sessionsQuery } from './get-sessions';

export async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  await apiClient.post('/api/me/password', accepted, input);
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // The other sessions have just ended.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
}
