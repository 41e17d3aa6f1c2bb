import { sessionState, type SessionState } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

export function verifyPhone(code: string): Promise<SessionState> {
  return apiClient.post('/api/auth/phone/verify', sessionState, { code });
}

export function useVerifyPhone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyPhone,
    onSuccess: (state) => storeSession(queryClient, state),
  });
}
