import type { Role } from '@khadamat/contracts';
import type { Db, DbClient } from '../../platform/db/client';
import type { RequestOrigin } from '../audit/audit.service';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = '__Host-khadamat_session';

/**
 * Session lifetimes (documented in the README). Clients and providers stay signed in on
 * their phone for weeks; admin sessions are short because they can do much more.
 */
export const SESSION_POLICY: Record<'member' | 'admin', { idleMs: number; absoluteMs: number }> = {
  member: { idleMs: 14 * 24 * 3600_000, absoluteMs: 30 * 24 * 3600_000 },
  admin: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
};
// lastSeenAt is written at most once a minute per session, not on every request.
const TOUCH_EVERY_MS = 60_000;

const policyFor = (role: Role) => SESSION_POLICY[role === 'admin' ? 'admin' : 'member'];

export async function createSession({ db, userId, role, origin }: { db: DbClient; userId: string; role: Role; origin: RequestOrigin }) {
  const token = newToken();
  const now = new Date();
  const session = await db.session.create({
    data: {
      id: hashToken(token),
      userId,
      csrfToken: newToken(),
      ip: origin.ip,
      userAgent: origin.userAgent.slice(0, 400),
      expiresAt: new Date(now.getTime() + policyFor(role).absoluteMs),
    },
  });
  return { token, session };
}

export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof findActiveSession>>>;

/** The live session of a cookie token, or null when unknown, expired, idle too long or the user is gone. */
export async function findActiveSession({ db, token, now = new Date() }: { db: Db; token: string; now?: Date }) {
  const session = await db.session.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
  if (!session || session.user.deletedAt) return null;
  const idleLimit = new Date(session.lastSeenAt.getTime() + policyFor(session.user.role).idleMs);
  if (session.expiresAt <= now || idleLimit <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return session;
}

export async function deleteSession({ db, sessionId }: { db: Db; sessionId: string }) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, or every one but `exceptSessionId`. */
export async function deleteUserSessions({ db, userId, exceptSessionId }: { db: DbClient; userId: string; exceptSessionId?: string }) {
  const { count } = await db.session.deleteMany({ where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) } });
  return count;
}

export async function listUserSessions({ db, userId, currentSessionId }: { db: Db; userId: string; currentSessionId: string }) {
  const sessions = await db.session.findMany({ where: { userId }, orderBy: { lastSeenAt: 'desc' } });
  return sessions.map((s) => ({
    // The id shown to the user is a prefix of the hash: enough to revoke, useless as a credential.
    id: s.id.slice(0, 16),
    current: s.id === currentSessionId,
    ip: s.ip,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
  }));
}

export async function revokeUserSession({ db, userId, publicId }: { db: Db; userId: string; publicId: string }) {
  const { count } = await db.session.deleteMany({ where: { userId, id: { startsWith: publicId } } });
  return count > 0;
}
