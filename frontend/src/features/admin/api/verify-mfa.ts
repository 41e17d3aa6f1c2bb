import { sessionState, type SessionState } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

export type MfaProof = { code: string } | { recoveryCode: string };

export function verifyMfa(proof: MfaProof): Promise<SessionState> {
  return apiClient.post('/api/admin/mfa/verify', sessionState, proof);
}

export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyMfa,
    onSuccess: (state) => storeSession(queryClient, state),
  });
}
