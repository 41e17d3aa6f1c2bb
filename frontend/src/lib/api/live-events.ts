import type { LiveNotificationEvent, Message } from '@khadamat/contracts';
import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { USER_DATA_KEY } from '@/lib/auth';
import { loadContracts, type Contracts } from './contract-schemas';

/**
 * What the member's pages keep live, and the one connection that keeps them so: the query
 * keys the stream writes into live here, so the features reading them and this hook agree.
 */
export const conversationKey = (bookingId: string) => [USER_DATA_KEY, 'messages', bookingId] as const;
export const conversationsKey = [USER_DATA_KEY, 'conversations'] as const;
export const notificationsKey = [USER_DATA_KEY, 'notifications'] as const;
export const bookingReviewsKey = (bookingId: string) => [USER_DATA_KEY, 'reviews', bookingId] as const;

/** How often the pages ask again when the live stream is not there. */
export const POLL_INTERVAL_MS = 4_000;

/** A page of a conversation as GET /api/bookings/:id/messages gives it (newest first). */
export interface MessagePage {
  messages: Message[];
  nextCursor: string | null;
  latestCursor: string | null;
  revealed: boolean;
}

/** A page of the bell as GET /api/me/notifications gives it. */
export interface NotificationPage {
  notifications: LiveNotificationEvent[];
  unreadCount: number;
  nextCursor: string | null;
}

type Mode = 'connecting' | 'live' | 'polling';
let mode: Mode = 'connecting';
const listeners = new Set<() => void>();
function setMode(next: Mode) {
  if (mode === next) return;
  mode = next;
  listeners.forEach((listener) => listener());
}

/**
 * `refetchInterval` for the queries the stream keeps fresh: nothing while it is open, a short
 * interval while it is not (not offered by this server, or reconnecting), so pages stay
 * current either way.
 */
export function useLiveRefetchInterval(): number | false {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => mode,
    () => 'connecting' as Mode,
  );
  return current === 'live' ? false : POLL_INTERVAL_MS;
}

/** Puts a message into the conversation's first page (the newest), once: the sender's answer and the stream may both bring it. */
export function addMessage(queryClient: QueryClient, bookingId: string, incoming: Message): void {
  queryClient.setQueryData<InfiniteData<MessagePage>>(conversationKey(bookingId), (data) => {
    if (!data || data.pages.some((page) => page.messages.some((m) => m.id === incoming.id))) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    return { ...data, pages: [{ ...first, messages: [incoming, ...first.messages] }, ...rest] };
  });
}

function addNotification(queryClient: QueryClient, incoming: LiveNotificationEvent): void {
  queryClient.setQueryData<InfiniteData<NotificationPage>>(notificationsKey, (data) => {
    if (!data || data.pages.some((page) => page.notifications.some((n) => n.id === incoming.id))) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    const unreadCount = first.unreadCount + (incoming.readAt ? 0 : 1);
    return {
      ...data,
      pages: [{ ...first, notifications: [incoming, ...first.notifications], unreadCount }, ...rest.map((p) => ({ ...p, unreadCount }))],
    };
  });
}

/**
 * An event's data checked against its contract, or null. The schemas (and zod) load on demand,
 * out of the first bundle; events parsed one after another resolve in the order they came.
 */
async function parse<T>(pick: (contracts: Contracts) => z.ZodType<T>, raw: string): Promise<T | null> {
  try {
    const parsed = pick(await loadContracts()).safeParse(JSON.parse(raw) as unknown);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** After the stream failed for good (this server has none, or it went away), it is tried again this much later. */
const RETRY_STREAM_MS = 60_000;

/**
 * One EventSource on GET /api/me/events for the signed-in member (mount once, in the layout):
 * `message` events go into the open conversation (deduplicated by id) and the inbox,
 * `notification` events into the bell. EventSource resumes by itself after a drop (with the
 * last event id); while it is not open, the queries above poll instead.
 */
export function useLiveEvents(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      source = new EventSource('/api/me/events', { withCredentials: true });
      source.onopen = () => setMode('live');
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) {
          // Refused (no such route, signed out) rather than dropped: poll, and look again later.
          source.close();
          setMode('polling');
          retry = setTimeout(open, RETRY_STREAM_MS);
        } else {
          setMode('polling'); // reconnecting by itself
        }
      };
      source.addEventListener('message', async (event: MessageEvent<string>) => {
        const data = await parse((c) => c.liveMessageEvent, event.data);
        if (!data) return;
        addMessage(queryClient, data.bookingId, data.message);
        // Shown at once; then read again in the background for the read receipts of the reader's own messages.
        void queryClient.invalidateQueries({ queryKey: conversationKey(data.bookingId) });
        void queryClient.invalidateQueries({ queryKey: conversationsKey });
      });
      source.addEventListener('notification', async (event: MessageEvent<string>) => {
        const data = await parse((c) => c.liveNotificationEvent, event.data);
        if (!data) return;
        addNotification(queryClient, data);
        // A booking changed, or the other party reviewed it: what its page shows may be stale.
        if (data.bookingId) {
          void queryClient.invalidateQueries({ queryKey: [USER_DATA_KEY, 'bookings', 'one', data.bookingId] });
          void queryClient.invalidateQueries({ queryKey: bookingReviewsKey(data.bookingId) });
          // An acceptance reveals the contact details of the conversation.
          void queryClient.invalidateQueries({ queryKey: conversationKey(data.bookingId) });
        }
      });
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
      setMode('connecting');
    };
  }, [enabled, queryClient]);
}
