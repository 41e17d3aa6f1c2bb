import { message, type Message } from '@khadamat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { addMessage, conversationsKey } from '@/lib/api/live-events';

export interface SendMessageInput {
  bookingId: string;
  body: string;
  attachmentId?: string | undefined;
}

/** POST /api/bookings/:id/messages: text and/or one chat_attachment upload. */
export function sendMessage({ bookingId, body, attachmentId }: SendMessageInput): Promise<Message> {
  return apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/messages`, message, {
    body,
    ...(attachmentId ? { attachmentId } : {}),
  });
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendMessage,
    onSuccess: (sent) => {
      addMessage(queryClient, sent.bookingId, sent);
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
    },
  });
}
