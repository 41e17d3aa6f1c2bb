import { useMutation } from '@tanstack/react-query';
import { apiClient, noContent } from '@/lib/api-client';

/** Ends every session of the account, this one included. */
export function signOutEverywhere(): Promise<void> {
  return apiClient.post('/api/auth/sign-out-everywhere', noContent);
}

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: signOutEverywhere });
}
