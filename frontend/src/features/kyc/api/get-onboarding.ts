import { kycOnboarding, type KycOnboarding } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export const onboardingKey = [USER_DATA_KEY, 'kyc-onboarding'] as const;

export function getOnboarding(signal?: AbortSignal): Promise<KycOnboarding> {
  return apiClient.get('/api/kyc/me', kycOnboarding, { signal });
}

export function useOnboarding() {
  return useQuery({ queryKey: onboardingKey, queryFn: ({ signal }) => getOnboarding(signal) });
}
