import { useMutation } from '@tanstack/react-query';
import { apiClient, noContent } from '@/lib/api-client';

/** Deletes the account for good; the password confirms it is really the owner. */
export function deleteAccount(password: string): Promise<void> {
  return apiClient.delete('/api/me', noContent, { password });
}

export function useDeleteAccount() {
  return useMutation({ mutationFn: deleteAccount });
}
