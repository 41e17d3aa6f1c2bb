import type { City } from '@khadamat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const cityList = contractSchema((c) => c.cityList);

// The same call as the provider-services feature's (features never import each other): city centres for the distance filter.
export async function getCities(signal?: AbortSignal): Promise<City[]> {
  const { cities } = await apiClient.get('/api/cities', cityList, { signal });
  return cities;
}

export const citiesQueryOptions = () =>
  queryOptions({ queryKey: ['cities'], queryFn: ({ signal }) => getCities(signal), staleTime: 10 * 60_000 });

export function useCities() {
  return useQuery(citiesQueryOptions());
}
