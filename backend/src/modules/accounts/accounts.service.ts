import type { Locale, PublicUser, SignUpInput } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { appLink } from '../../platform/mail/templates';
import type { RedisClient } from '../../platform/redis/redis';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { enqueueNotification } from '../notifications/notifications.service';
import { catalogueChanged } from '../search/search-index.service';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { createSession, deleteUserSessions, type SessionWithUser } from './sessions.service';
import { hashCode, hashToken, newNumericCode, newToken } from './tokens';

/** What every account operation needs from the app. */
export interface AccountsDeps {
  db: Db;
  redis: RedisClient;
  config: Readonly<Config>;
}

type UserRow = Awaited<ReturnType<Db['user']['findUniqueOrThrow']>>;

// Limits (documented in the README).
export const SIGN_IN_LIMITS = { perAccount: 5, perIp: 30, windowSeconds: 15 * 60 };
export const PHONE_CODE = { ttlMs: 10 * 60_000, maxAttempts: 5, perPhonePerHour: 3, perAccountPerHour: 5 };
export const EMAIL_TOKEN_TTL_MS = 48 * 3600_000;
export const RESET_TOKEN_TTL_MS = 30 * 60_000;

export function toPublicUser(user: UserRow): PublicUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    locale: user.locale as Locale,
    emailVerified: user.emailVerifiedAt !== null,
    phoneVerified: user.phoneVerifiedAt !== null,
    mfaEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

// Links open the web client, which calls the API.
const link = (config: Readonly<Config>, path: string, token: string) => appLink({ baseUrl: config.frontendUrl, path, query: { token } });

/** Counts an event in a fixed window shared by every API process; returns the new count. */
async function countInWindow(redis: RedisClient, key: string, windowSeconds: number): Promise<number> {
  const count = await redis.incr(key);
  if (count === 1) await redis.expire(key, windowSeconds);
  return count;
}

async function sendEmailVerification({ db, config }: AccountsDeps, user: UserRow): Promise<void> {
  const token = newToken();
  await db.authToken.create({
    data: {
      userId: user.id,
      kind: 'email_verification',
      tokenHash: hashToken(token),
      email: user.email,
      expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS),
    },
  });
  await enqueueNotification({
    db,
    notification: {
      channel: 'email',
      recipient: user.email,
      template: 'verify-email',
      locale: user.locale as Locale,
      payload: { name: user.name, link: link(config, '/verify-email', token) },
    },
  });
}

export async function signUp(deps: AccountsDeps, { input, origin }: { input: SignUpInput; origin: RequestOrigin }) {
  const { db } = deps;
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem) throw new AppError('PASSWORD_REJECTED', 400, problem);
  const taken = await db.user.findFirst({ where: { OR: [{ email: input.email }, { phone: input.phone }] } });
  if (taken) {
    throw taken.email === input.email
      ? new AppError('EMAIL_TAKEN', 409, 'An account already uses this email address')
      : new AppError('PHONE_TAKEN', 409, 'An account already uses this phone number');
  }
  const user = await db.user.create({
    data: {
      email: input.email,
      phone: input.phone,
      name: input.name,
      role: input.role,
      locale: input.locale,
      passwordHash: await hashPassword(input.password),
      ...(input.role === 'provider' ? { providerProfile: { create: {} } } : {}),
    },
  });
  await sendEmailVerification(deps, user);
  await recordAudit({ db, action: 'account.sign_up', actorId: user.id, subjectId: user.id, origin, detail: { role: user.role } });
  const { token, session } = await createSession({ db, userId: user.id, role: user.role, origin });
  return { user, token, session };
}

export async function signIn(deps: AccountsDeps, { email, password, origin }: { email: string; password: string; origin: RequestOrigin }) {
  const { db, redis } = deps;
  const accountKey = `auth:fail:acct:${hashToken(email)}`;
  const ipKey = `auth:fail:ip:${origin.ip}`;
  const [accountFailures, ipFailures] = await Promise.all([redis.get(accountKey), redis.get(ipKey)]);
  // Known and unknown emails are locked the same way, so the lock reveals nothing.
  if (Number(accountFailures) >= SIGN_IN_LIMITS.perAccount || Number(ipFailures) >= SIGN_IN_LIMITS.perIp) {
    await recordAudit({ db, action: 'auth.sign_in_locked', origin, detail: { emailHash: hashToken(email).slice(0, 16) } });
    throw new AppError('SIGN_IN_LOCKED', 429, 'Too many failed attempts. Try again in 15 minutes or reset your password.');
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user && !user.deletedAt ? user.passwordHash : null, password);
  if (!user || !ok) {
    await Promise.all([
      countInWindow(redis, accountKey, SIGN_IN_LIMITS.windowSeconds),
      countInWindow(redis, ipKey, SIGN_IN_LIMITS.windowSeconds),
    ]);
    await recordAudit({ db, action: 'auth.sign_in_failed', actorId: user?.id ?? null, origin });
    throw new AppError('INVALID_CREDENTIALS', 401, 'Email or password is incorrect');
  }
  await redis.del(accountKey);
  const { token, session } = await createSession({ db, userId: user.id, role: user.role, origin });
  await recordAudit({ db, action: 'auth.sign_in', actorId: user.id, origin });
  return { user, token, session };
}

export async function signOut(
  { db }: AccountsDeps,
  { auth, everywhere, origin }: { auth: SessionWithUser; everywhere: boolean; origin: RequestOrigin },
) {
  if (everywhere) await deleteUserSessions({ db, userId: auth.userId });
  else await db.session.deleteMany({ where: { id: auth.id } });
  await recordAudit({ db, action: everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out', actorId: auth.userId, origin });
}

/** Consumes a single-use link token; the update is conditional so a token works once even under races. */
async function consumeToken(db: Db, token: string, kind: string) {
  const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.kind !== kind || row.usedAt || row.expiresAt <= new Date()) {
    throw new AppError('TOKEN_INVALID', 400, 'This link is invalid or has expired');
  }
  const { count } = await db.authToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) throw new AppError('TOKEN_INVALID', 400, 'This link is invalid or has expired');
  return row;
}

export async function verifyEmail({ db, redis }: AccountsDeps, { token, origin }: { token: string; origin: RequestOrigin }) {
  const row = await consumeToken(db, token, 'email_verification');
  const user = await db.user.findUniqueOrThrow({ where: { id: row.userId } });
  // A link sent to an address the user has since changed proves nothing about the new one.
  if (user.email !== row.email) throw new AppError('TOKEN_INVALID', 400, 'This link is invalid or has expired');
  const updated = await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
  await recordAudit({ db, action: 'account.email_verified', actorId: user.id, origin });
  // A provider may now be allowed to sell: their services can appear in search.
  if (user.role === 'provider') await catalogueChanged({ db, redis, where: { provider: { userId: user.id } } });
  return updated;
}

export async function resendEmailVerification(deps: AccountsDeps, { auth }: { auth: SessionWithUser }) {
  if (auth.user.emailVerifiedAt) return;
  const recent = await countInWindow(deps.redis, `mail:verify:${auth.userId}`, 3600);
  if (recent > 5) throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many emails sent, try again later');
  await sendEmailVerification(deps, auth.user);
}

export async function sendPhoneCode(deps: AccountsDeps, { auth, origin }: { auth: SessionWithUser; origin: RequestOrigin }) {
  const { db, redis, config } = deps;
  const phone = auth.user.phone;
  if (!phone) throw new AppError('PHONE_MISSING', 400, 'Add a phone number first');
  if (auth.user.phoneVerifiedAt) throw new AppError('PHONE_ALREADY_VERIFIED', 409, 'This phone number is already verified');
  const [perPhone, perAccount] = await Promise.all([
    countInWindow(redis, `sms:code:phone:${phone}`, 3600),
    countInWindow(redis, `sms:code:user:${auth.userId}`, 3600),
  ]);
  if (perPhone > PHONE_CODE.perPhonePerHour || perAccount > PHONE_CODE.perAccountPerHour) {
    throw new AppError('SMS_RATE_LIMITED', 429, 'Too many codes sent, try again later');
  }
  const code = newNumericCode();
  // A new code replaces any earlier one.
  await db.phoneCode.updateMany({ where: { userId: auth.userId, usedAt: null }, data: { usedAt: new Date() } });
  await db.phoneCode.create({
    data: {
      userId: auth.userId,
      phone,
      codeHash: hashCode(code, config.sessionSecret),
      expiresAt: new Date(Date.now() + PHONE_CODE.ttlMs),
    },
  });
  await enqueueNotification({
    db,
    notification: {
      channel: 'sms',
      recipient: phone,
      template: 'phone-code',
      locale: auth.user.locale as Locale,
      payload: { code, minutes: PHONE_CODE.ttlMs / 60_000 },
    },
  });
  await recordAudit({ db, action: 'account.phone_code_sent', actorId: auth.userId, origin });
}

export async function verifyPhone(
  { db, redis, config }: AccountsDeps,
  { auth, code, origin }: { auth: SessionWithUser; code: string; origin: RequestOrigin },
) {
  const row = await db.phoneCode.findFirst({ where: { userId: auth.userId, usedAt: null }, orderBy: { createdAt: 'desc' } });
  if (!row || row.expiresAt <= new Date() || row.phone !== auth.user.phone) {
    throw new AppError('CODE_EXPIRED', 400, 'This code has expired, ask for a new one');
  }
  if (row.attempts >= PHONE_CODE.maxAttempts) throw new AppError('TOO_MANY_ATTEMPTS', 429, 'Too many wrong codes, ask for a new one');
  if (row.codeHash !== hashCode(code, config.sessionSecret)) {
    await db.phoneCode.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    await recordAudit({ db, action: 'account.phone_code_failed', actorId: auth.userId, origin });
    throw new AppError('CODE_INVALID', 400, 'This code is not right');
  }
  const { count } = await db.phoneCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) throw new AppError('CODE_EXPIRED', 400, 'This code has expired, ask for a new one');
  const user = await db.user.update({ where: { id: auth.userId }, data: { phoneVerifiedAt: new Date() } });
  await recordAudit({ db, action: 'account.phone_verified', actorId: auth.userId, origin });
  if (user.role === 'provider') await catalogueChanged({ db, redis, where: { provider: { userId: user.id } } });
  return user;
}

/** Always answers the same way, whether or not the address has an account. */
export async function forgotPassword(deps: AccountsDeps, { email, origin }: { email: string; origin: RequestOrigin }) {
  const { db, redis, config } = deps;
  const recent = await countInWindow(redis, `mail:reset:${hashToken(email)}`, 3600);
  const user = await db.user.findUnique({ where: { email } });
  await recordAudit({ db, action: 'auth.password_reset_requested', actorId: user?.id ?? null, origin });
  if (!user || user.deletedAt || recent > 3) return;
  const token = newToken();
  await db.authToken.create({
    data: { userId: user.id, kind: 'password_reset', tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) },
  });
  await enqueueNotification({
    db,
    notification: {
      channel: 'email',
      recipient: user.email,
      template: 'password-reset',
      locale: user.locale as Locale,
      payload: { name: user.name, link: link(config, '/reset-password', token), minutes: RESET_TOKEN_TTL_MS / 60_000 },
    },
  });
}

async function setPassword(deps: AccountsDeps, user: UserRow, password: string, keepSessionId: string | undefined, origin: RequestOrigin) {
  const { db } = deps;
  const problem = passwordProblem(password, { email: user.email, name: user.name });
  if (problem) throw new AppError('PASSWORD_REJECTED', 400, problem);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  const ended = await deleteUserSessions({ db, userId: user.id, exceptSessionId: keepSessionId });
  await db.authToken.updateMany({ where: { userId: user.id, kind: 'password_reset', usedAt: null }, data: { usedAt: new Date() } });
  await enqueueNotification({
    db,
    notification: {
      channel: 'email',
      recipient: user.email,
      template: 'password-changed',
      locale: user.locale as Locale,
      payload: { name: user.name },
    },
  });
  await recordAudit({ db, action: 'account.password_changed', actorId: user.id, origin, detail: { sessionsEnded: ended } });
}

export async function resetPassword(
  deps: AccountsDeps,
  { token, password, origin }: { token: string; password: string; origin: RequestOrigin },
) {
  const row = await consumeToken(deps.db, token, 'password_reset');
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: row.userId } });
  // Every session ends: whoever knew the old password is signed out.
  await setPassword(deps, user, password, undefined, origin);
  await deps.redis.del(`auth:fail:acct:${hashToken(user.email)}`);
}

export async function changePassword(
  deps: AccountsDeps,
  {
    auth,
    currentPassword,
    newPassword,
    origin,
  }: { auth: SessionWithUser; currentPassword: string; newPassword: string; origin: RequestOrigin },
) {
  if (!(await verifyPassword(auth.user.passwordHash, currentPassword))) {
    await recordAudit({ db: deps.db, action: 'account.password_change_failed', actorId: auth.userId, origin });
    throw new AppError('INVALID_CREDENTIALS', 401, 'Current password is incorrect');
  }
  await setPassword(deps, auth.user, newPassword, auth.id, origin);
}

export async function updateProfile(
  deps: AccountsDeps,
  { auth, changes, origin }: { auth: SessionWithUser; changes: { name?: string; phone?: string; locale?: Locale }; origin: RequestOrigin },
) {
  const { db } = deps;
  const phoneChanged = changes.phone !== undefined && changes.phone !== auth.user.phone;
  if (phoneChanged && (await db.user.findFirst({ where: { phone: changes.phone, id: { not: auth.userId } } }))) {
    throw new AppError('PHONE_TAKEN', 409, 'An account already uses this phone number');
  }
  const user = await db.user.update({
    where: { id: auth.userId },
    // A new number must be proved again.
    data: { ...changes, ...(phoneChanged ? { phoneVerifiedAt: null } : {}) },
  });
  await recordAudit({ db, action: 'account.profile_updated', actorId: auth.userId, origin, detail: { fields: Object.keys(changes) } });
  // Provider names are searchable; a new phone suspends selling until it is verified.
  if (user.role === 'provider') await catalogueChanged({ db, redis: deps.redis, where: { provider: { userId: user.id } } });
  return user;
}

/**
 * Deletes an account: personal data is wiped and every session ends; the row stays
 * (anonymised) so audit events and, later, bookings that the law requires us to keep
 * still point somewhere.
 */
export async function deleteAccount(
  deps: AccountsDeps,
  { auth, password, origin }: { auth: SessionWithUser; password: string; origin: RequestOrigin },
) {
  const { db } = deps;
  if (!(await verifyPassword(auth.user.passwordHash, password))) throw new AppError('INVALID_CREDENTIALS', 401, 'Password is incorrect');
  await db.$transaction([
    db.session.deleteMany({ where: { userId: auth.userId } }),
    db.authToken.deleteMany({ where: { userId: auth.userId } }),
    db.phoneCode.deleteMany({ where: { userId: auth.userId } }),
    db.recoveryCode.deleteMany({ where: { userId: auth.userId } }),
    db.user.update({
      where: { id: auth.userId },
      data: {
        email: `deleted-${auth.userId}@deleted.invalid`,
        phone: null,
        name: 'Deleted user',
        passwordHash: null,
        totpSecret: null,
        totpEnabledAt: null,
        deletedAt: new Date(),
      },
    }),
  ]);
  await recordAudit({ db, action: 'account.deleted', actorId: auth.userId, origin });
  // A deleted provider's services leave search (sellerWhere excludes deleted accounts).
  if (auth.user.role === 'provider') await catalogueChanged({ db, redis: deps.redis, where: { provider: { userId: auth.userId } } });
}
