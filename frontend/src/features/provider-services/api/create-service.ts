import { serviceView, type ServiceInput, type ServiceView } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { myServicesKey } from './get-my-services';

export function createService(input: ServiceInput): Promise<ServiceView> {
  return apiClient.post('/api/me/services', serviceView, input);
}

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createService,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myServicesKey }),
  });
}
