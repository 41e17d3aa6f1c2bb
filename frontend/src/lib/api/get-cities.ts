import { cityList, type City } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** Reference data, shared by the features that need it (cities change rarely). */
export async function getCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await apiClient.get('/api/cities', cityList, { signal });
  return cities;
}

export function useCities() {
  return useQuery({ queryKey: ['cities'], queryFn: ({ signal }) => getCities(signal), staleTime: 10 * 60_000 });
}
