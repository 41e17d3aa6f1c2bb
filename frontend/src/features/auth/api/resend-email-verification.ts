import { accepted } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export async function resendEmailVerification(): Promise<void> {
  await apiClient.post('/api/auth/verify-email/resend', accepted);
}

export function useResendEmailVerification() {
  return useMutation({ mutationFn: resendEmailVerification });
}
