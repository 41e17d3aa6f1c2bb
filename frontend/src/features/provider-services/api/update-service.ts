import { ownServiceView, type OwnServiceView, type ServiceUpdate } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

/** PATCH /api/me/services/:id with the fields to change. */
export function updateService({ id, changes }: { id: string; changes: ServiceUpdate }): Promise<OwnServiceView> {
  return apiClient.patch(`/api/me/services/${encodeURIComponent(id)}`, ownServiceView, changes);
}

export function useUpdateService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateService,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
