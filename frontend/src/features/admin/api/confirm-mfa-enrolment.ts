import { recoveryCodes } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** Turns the second factor on with a first code; answers the recovery codes, shown once. */
export function confirmMfaEnrolment(code: string): Promise<string[]> {
  return apiClient.post('/api/admin/mfa/confirm', recoveryCodes, { code }).then((answer) => answer.recoveryCodes);
}

// The session is second-factor verified from here on; the caller reloads it once the
// recovery codes have been saved, or the page would move on before showing them.
export function useConfirmMfaEnrolment() {
  return useMutation({ mutationFn: confirmMfaEnrolment });
}
