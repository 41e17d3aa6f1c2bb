import { ownServiceView, type OwnServiceView } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

/** DELETE /api/me/services/:id/photos/:uploadId: the photo leaves the service. */
export function removeServicePhoto({ serviceId, uploadId }: { serviceId: string; uploadId: string }): Promise<OwnServiceView> {
  return apiClient.delete(`/api/me/services/${encodeURIComponent(serviceId)}/photos/${encodeURIComponent(uploadId)}`, ownServiceView);
}

export function useRemoveServicePhoto() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeServicePhoto,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
