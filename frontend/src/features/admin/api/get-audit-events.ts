import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient, type ResponseSchema } from '@/lib/api-client';
import { USER_DATA_KEY } from '@/lib/auth';

export interface AuditEvent {
  id: string;
  action: string;
  actorId: string | null;
  subjectId: string | null;
  ip: string;
  userAgent: string;
  createdAt: string;
}

// The API declares this answer on its route only (not in contracts), so it is checked here.
const auditEventList: ResponseSchema<{ events: AuditEvent[] }> = {
  parse(input) {
    const events = (input as { events?: unknown } | null)?.events;
    const isEvent = (e: unknown): e is AuditEvent =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as AuditEvent).id === 'string' &&
      typeof (e as AuditEvent).action === 'string' &&
      typeof (e as AuditEvent).createdAt === 'string';
    if (!Array.isArray(events) || !events.every(isEvent)) throw new Error('Not an audit event list');
    return { events };
  },
};

export function getAuditEvents({ limit, signal }: { limit: number; signal?: AbortSignal }): Promise<AuditEvent[]> {
  return apiClient.get(`/api/admin/audit?limit=${limit}`, auditEventList, { signal }).then((answer) => answer.events);
}

export const auditEventsQuery = (limit = 25) =>
  queryOptions({
    queryKey: [USER_DATA_KEY, 'admin', 'audit', limit],
    queryFn: ({ signal }) => getAuditEvents({ limit, signal }),
    staleTime: 0,
  });

export function useAuditEvents(limit?: number) {
  return useQuery(auditEventsQuery(limit));
}
