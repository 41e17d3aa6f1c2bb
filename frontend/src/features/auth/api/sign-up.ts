import { signUpAccepted, type SignUpAccepted, type SignUpInput } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/**
 * Asks for the account. The answer is the same whether or not the address already has one
 * (the address gets its verification link, or a note that it has an account), and signs
 * nobody in: the link in the mail does. Sending the same form again re-sends the link.
 */
export function signUp(input: SignUpInput): Promise<SignUpAccepted> {
  return apiClient.post('/api/auth/sign-up', signUpAccepted, input);
}

export function useSignUp() {
  return useMutation({ mutationFn: signUp });
}
