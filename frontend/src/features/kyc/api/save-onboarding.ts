import { kycOnboarding, kycStatus, type KycDocumentType, type KycOnboarding, type KycProfileInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiClient } from '@/lib/api-client';
import { onboardingKey } from './get-onboarding';

/** Every onboarding write answers with the whole onboarding, which replaces the cached one. */
function useOnboardingWrite<I>(write: (input: I) => Promise<KycOnboarding>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: (data) => queryClient.setQueryData(onboardingKey, data) });
}

export const useSaveProfile = () =>
  useOnboardingWrite((input: KycProfileInput) => apiClient.put('/api/kyc/me/profile', kycOnboarding, input));

export const useSaveProfessional = () =>
  useOnboardingWrite((input: { businessNumber: string }) => apiClient.put('/api/kyc/me/professional', kycOnboarding, input));

export const useAttachDocument = () =>
  useOnboardingWrite(({ type, uploadId }: { type: KycDocumentType; uploadId: string }) =>
    apiClient.put(`/api/kyc/me/documents/${type}`, kycOnboarding, { uploadId }),
  );

export function useSubmitVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.post('/api/kyc/me/submit', z.object({ status: kycStatus })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: onboardingKey }),
  });
}
