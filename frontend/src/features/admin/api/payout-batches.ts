import { payoutBatch, payoutBatchLine, payoutBatches, payoutRunResult } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const batchesKey = [USER_DATA_KEY, 'payout-batches'] as const;

export function usePayoutBatches() {
  return useQuery({
    queryKey: batchesKey,
    queryFn: ({ signal }) => apiClient.get('/api/admin/payout-batches', payoutBatches, { signal }),
    staleTime: 0,
  });
}

export function useRunPayouts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.post('/api/admin/payouts/run', payoutRunResult),
    onSettled: () => queryClient.invalidateQueries({ queryKey: batchesKey }),
  });
}

export function useCreateBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.post('/api/admin/payout-batches', payoutBatch),
    onSettled: () => queryClient.invalidateQueries({ queryKey: batchesKey }),
  });
}

export type LineAnswer = { status: 'paid' } | { status: 'failed'; reason: string };

export function useMarkLine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId, lineId, answer }: { batchId: string; lineId: string; answer: LineAnswer }) =>
      apiClient.post(
        `/api/admin/payout-batches/${encodeURIComponent(batchId)}/lines/${encodeURIComponent(lineId)}`,
        payoutBatchLine,
        answer,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: batchesKey }),
  });
}

/** Where the batch's file downloads from (an ordinary link: the session cookie goes with it). */
export const batchFileUrl = (batchId: string) => `/api/admin/payout-batches/${encodeURIComponent(batchId)}/csv`;
