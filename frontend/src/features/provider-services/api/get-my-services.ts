import { ownServiceList, type OwnServiceView } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export const myServicesKey = [USER_DATA_KEY, 'my-services'] as const;

export async function getMyServices(signal?: AbortSignal): Promise<OwnServiceView[]> {
  const { services } = await apiClient.get('/api/me/services', ownServiceList, { signal });
  return services;
}

export function useMyServices() {
  return useQuery({ queryKey: myServicesKey, queryFn: ({ signal }) => getMyServices(signal) });
}
