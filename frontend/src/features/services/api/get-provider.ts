import { providerProfileView } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

export type ProviderProfile = ReturnType<typeof providerProfileView.parse>;

export function getProvider(id: string, signal?: AbortSignal): Promise<ProviderProfile> {
  return apiClient.get(`/api/providers/${encodeURIComponent(id)}`, providerProfileView, { signal });
}

export function useProvider(id: string) {
  return useQuery({ queryKey: ['provider', id], queryFn: ({ signal }) => getProvider(id, signal) });
}
