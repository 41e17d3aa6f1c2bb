import { unsubscribeState } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

const path = (token: string) => `/api/unsubscribe?token=${encodeURIComponent(token)}`;
const stateKey = (token: string) => ['unsubscribe', token] as const;

/** What a mail's unsubscribe link turns off, and whether it is still on (reading it changes nothing). */
export function useUnsubscribeState(token: string | null) {
  return useQuery({
    queryKey: stateKey(token ?? ''),
    queryFn: ({ signal }) => apiClient.get(path(token!), unsubscribeState, { signal }),
    enabled: Boolean(token),
    retry: false,
  });
}

/** Turns that mail off (no session needed: the link's token names the member and the event). */
export function useUnsubscribe(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.post(path(token), unsubscribeState),
    onSuccess: (state) => queryClient.setQueryData(stateKey(token), state),
  });
}
