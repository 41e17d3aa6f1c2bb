import { reconciliationList, reconciliationReport } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

const reconciliationKey = [USER_DATA_KEY, 'reconciliation'] as const;

/** GET /api/admin/reconciliation: the latest daily reports, the newest day first. */
export function useReconciliationReports() {
  return useQuery({
    queryKey: reconciliationKey,
    queryFn: ({ signal }) => apiClient.get('/api/admin/reconciliation?limit=14', reconciliationList, { signal }),
    staleTime: 0,
  });
}

/** Reconciles a day again now; its report is replaced. */
export function useRerunReconciliation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => apiClient.post(`/api/admin/reconciliation/${encodeURIComponent(day)}/run`, reconciliationReport),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reconciliationKey }),
  });
}
