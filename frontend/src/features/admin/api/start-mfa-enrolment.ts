import { mfaEnrolment } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export type MfaEnrolment = ReturnType<typeof mfaEnrolment.parse>;

/** A new TOTP secret for the admin (replacing any unconfirmed one), with its QR code. */
export function startMfaEnrolment(): Promise<MfaEnrolment> {
  return apiClient.post('/api/admin/mfa/enrol', mfaEnrolment);
}

export function useStartMfaEnrolment() {
  return useMutation({ mutationFn: startMfaEnrolment });
}
