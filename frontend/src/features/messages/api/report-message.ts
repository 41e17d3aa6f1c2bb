import { reportCreated } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';

/** POST /api/bookings/:id/messages/:messageId/report: the other party's message, to the admins. */
export function reportMessage({ bookingId, messageId, reason }: { bookingId: string; messageId: string; reason: string }) {
  return apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/messages/${encodeURIComponent(messageId)}/report`, reportCreated, {
    reason,
  });
}

export function useReportMessage() {
  return useMutation({ mutationFn: reportMessage });
}
