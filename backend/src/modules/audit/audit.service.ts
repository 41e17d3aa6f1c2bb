import type { Db, DbClient } from '../../platform/db/client';

export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

export interface RecordAuditInput {
  /** A transaction client to record the event with the change it describes. */
  db: DbClient;
  action: string;
  actorId?: string | null;
  subjectId?: string | null;
  origin: RequestOrigin;
  detail?: Record<string, unknown>;
}

/** Appends one event to the audit log: who, what, when, from which IP and user agent. */
export async function recordAudit({ db, action, actorId, subjectId, origin, detail }: RecordAuditInput): Promise<void> {
  await db.auditLog.create({
    data: {
      action,
      actorId: actorId ?? null,
      subjectId: subjectId ?? null,
      ip: origin.ip,
      userAgent: origin.userAgent.slice(0, 400),
      detail: JSON.stringify(detail ?? {}),
    },
  });
}

export async function listAuditEvents({ db, actorId, limit = 50 }: { db: Db; actorId?: string; limit?: number }) {
  return db.auditLog.findMany({ where: actorId ? { actorId } : {}, orderBy: { createdAt: 'desc' }, take: limit });
}
