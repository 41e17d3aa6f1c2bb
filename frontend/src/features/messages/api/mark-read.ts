import { markReadResult } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { conversationsKey } from '@/lib/api/live-events';

/** POST /api/bookings/:id/messages/read: read receipts for what the other party sent, up to a message. */
export function markRead({ bookingId, upTo }: { bookingId: string; upTo: string }) {
  return apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/messages/read`, markReadResult, { upTo });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markRead,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: conversationsKey }),
  });
}
