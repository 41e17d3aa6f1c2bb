import { serviceView, type ServiceView } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export function getService(slug: string, signal?: AbortSignal): Promise<ServiceView> {
  return apiClient.get(`/api/services/${encodeURIComponent(slug)}`, serviceView, { signal });
}

export function useService(slug: string) {
  return useQuery({ queryKey: ['service', slug], queryFn: ({ signal }) => getService(slug, signal) });
}
