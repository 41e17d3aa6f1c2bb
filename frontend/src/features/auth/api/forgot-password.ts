import { accepted } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** Mails a reset link if the address has an account; the answer is the same either way. */
export async function forgotPassword(email: string): Promise<void> {
  await apiClient.post('/api/auth/password/forgot', accepted, { email });
}

export function useForgotPassword() {
  return useMutation({ mutationFn: forgotPassword });
}
