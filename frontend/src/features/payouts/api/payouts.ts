import { payoutOnboardingLink, payoutOverview } from '@khadamat/contracts';
import type { Locale } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const payoutsKey = [USER_DATA_KEY, 'payouts'] as const;
const bankAccountSaved = z.object({ ibanMasked: z.string(), country: z.string() });

/** The provider's balances, rail and payouts. */
export function usePayoutOverview() {
  return useQuery({
    queryKey: payoutsKey,
    queryFn: ({ signal }) => apiClient.get('/api/me/payouts', payoutOverview, { signal }),
  });
}

export function useSetBankAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (iban: string) => apiClient.put('/api/me/payouts/bank-account', bankAccountSaved, { iban }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: payoutsKey }),
  });
}

/** A fresh link to Stripe's hosted onboarding, which returns to this page in `locale`. */
export function useStartOnboarding() {
  return useMutation({
    mutationFn: (input: { locale: Locale; country: string }) => apiClient.post('/api/me/payouts/onboarding', payoutOnboardingLink, input),
  });
}
