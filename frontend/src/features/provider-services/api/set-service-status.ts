import { ownServiceView, type OwnServiceView } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

/** POST /api/me/services/:id/publish or /pause. */
export function setServiceStatus({ id, action }: { id: string; action: 'publish' | 'pause' }): Promise<OwnServiceView> {
  return apiClient.post(`/api/me/services/${encodeURIComponent(id)}/${action}`, ownServiceView);
}

export function useSetServiceStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setServiceStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
