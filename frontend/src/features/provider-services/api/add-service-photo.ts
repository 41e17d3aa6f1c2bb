import { ownServiceView, type OwnServiceView } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

export function addServicePhoto({ serviceId, uploadId }: { serviceId: string; uploadId: string }): Promise<OwnServiceView> {
  return apiClient.post(`/api/me/services/${encodeURIComponent(serviceId)}/photos`, ownServiceView, { uploadId });
}

export function useAddServicePhoto() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addServicePhoto,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
