import { ownServiceView, type OwnServiceView, type ServiceInput } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

export function createService(input: ServiceInput): Promise<OwnServiceView> {
  return apiClient.post('/api/me/services', ownServiceView, input);
}

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createService,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
