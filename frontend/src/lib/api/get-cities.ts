import type { City } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const cityList = contractSchema((c) => c.cityList);

/** Reference data, shared by the features that need it (cities change rarely). */
export async function getCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await apiClient.get('/api/cities', cityList, { signal });
  return cities;
}

export function useCities() {
  return useQuery({ queryKey: ['cities'], queryFn: ({ signal }) => getCities(signal), staleTime: 10 * 60_000 });
}
