import { categoryTree, type CategoryTree } from '@khadamat/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

// The same call as the catalogue feature's (features never import each other), under its own key.
export function getCategoryTree(signal?: AbortSignal): Promise<CategoryTree> {
  return apiClient.get('/api/categories', categoryTree, { signal });
}

export function useCategoryTree() {
  return useQuery({
    queryKey: ['categories', 'tree-for-services'],
    queryFn: ({ signal }) => getCategoryTree(signal),
    staleTime: 10 * 60_000,
  });
}
