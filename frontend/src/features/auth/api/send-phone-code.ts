import { accepted } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** Texts a 6-digit code to the account's phone number; a new code replaces the previous one. */
export async function sendPhoneCode(): Promise<void> {
  await apiClient.post('/api/auth/phone/send-code', accepted);
}

export function useSendPhoneCode() {
  return useMutation({ mutationFn: sendPhoneCode });
}
