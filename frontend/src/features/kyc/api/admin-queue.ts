import { kycCase, kycQueue, kycStatus, type KycStatus } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const queueKey = (status: KycStatus) => [USER_DATA_KEY, 'kyc-queue', status] as const;
const caseKey = (id: string) => [USER_DATA_KEY, 'kyc-case', id] as const;

export function useKycQueue(status: KycStatus) {
  return useQuery({
    queryKey: queueKey(status),
    queryFn: ({ signal }) => apiClient.get(`/api/admin/kyc/queue?status=${status}`, kycQueue, { signal }),
  });
}

export function useKycCase(id: string) {
  // The case carries short-lived document links: refetched rather than kept.
  return useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => apiClient.get(`/api/admin/kyc/providers/${encodeURIComponent(id)}`, kycCase, { signal }),
    staleTime: 0,
  });
}

export type KycDecision =
  | { action: 'start-review' | 'reinstate' }
  | { action: 'approve'; certificateVerified: boolean }
  | { action: 'reject' | 'suspend'; reason: string };

export function useKycDecision(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: KycDecision) => {
      const { action, ...rest } = decision;
      const body =
        action === 'approve'
          ? { checklist: { documentsReadable: true, nameMatches: true, selfieMatches: true, notExpired: true }, ...rest }
          : rest;
      return apiClient.post(`/api/admin/kyc/providers/${encodeURIComponent(id)}/${action}`, z.object({ status: kycStatus }), body);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [USER_DATA_KEY] }),
  });
}
