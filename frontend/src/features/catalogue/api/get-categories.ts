import type { CategoryTree } from '@khadamat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

// Checked with the contracts' schemas, loaded on demand (see contract-schemas.ts).
const categoryTree = contractSchema((c) => c.categoryTree);

export function getCategories(signal?: AbortSignal): Promise<CategoryTree> {
  return apiClient.get('/api/categories', categoryTree, { signal });
}

export const categoriesQueryOptions = () =>
  queryOptions({
    queryKey: ['categories'],
    queryFn: ({ signal }) => getCategories(signal),
    staleTime: 10 * 60_000, // reference data, rarely changes
  });

export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
