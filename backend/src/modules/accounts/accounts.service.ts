import type { Locale, PublicUser, SignUpInput } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db, DbClient } from '../../platform/db/client';
import { dependencyFailure } from '../../platform/errors/dependency-errors';
import { AppError } from '../../platform/errors/app-error';
import { appLink } from '../../platform/mail/templates';
import type { RedisClient } from '../../platform/redis/redis';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/jobs';
import { enqueueNotification } from '../notifications/notifications.service';
import { catalogueChanged } from '../search/search-index.service';
import { KYC_JOBS } from '../kyc/kyc.jobs';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { createSession, deleteUserSessions, type SessionWithUser } from './sessions.service';
import { countAttempt, countAttempts, giveBackAttempt } from './attempts';
import { hashCode, hashToken, newNumericCode, newToken, sameSecret } from './tokens';
import { isUniqueViolation } from '../../platform/db/unique-violation';

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

// Kinds of the accounts jobs (see accountJobs): the per-account work that requests queue in
// the outbox instead of doing, so that they do the same work for every address.
export const ACCOUNT_JOBS = {
  sendVerification: 'accounts.send-verification',
  signUpNotice: 'accounts.sign-up-notice',
  passwordReset: 'accounts.password-reset',
} as const;

/** Mails that sign-up and forgot-password may cause per address and hour (more attempts get the same answer and no mail). */
export const MAILS_PER_ADDRESS_PER_HOUR = { signUp: 5, passwordReset: 3 };

const addressKey = (email: string) => hashToken(email);

/** Makes an email-verification link for `user` and queues its mail, with the caller's other writes. */
async function queueVerificationMail({ db, config }: { db: DbClient; config: Readonly<Config> }, user: UserRow): Promise<void> {
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

/**
 * The jobs of the accounts module, run by the job runner. Each is transactional: its writes
 * (link token, mail, audit event) commit with the record that it ran, so each runs exactly
 * once; it does nothing for an account that is gone or no longer needs it.
 */
export function accountJobs({ config }: { config: Readonly<Config> }): JobHandlers {
  return {
    [ACCOUNT_JOBS.sendVerification]: {
      transactional: true,
      run: async ({ userId }, { db: tx }) => {
        const user = await tx.user.findUnique({ where: { id: userId! } });
        if (!user || user.deletedAt || user.emailVerifiedAt) return;
        await queueVerificationMail({ db: tx, config }, user);
      },
    },
    [ACCOUNT_JOBS.signUpNotice]: {
      transactional: true,
      run: async ({ userId }, { db: tx }) => {
        const user = await tx.user.findUnique({ where: { id: userId! } });
        if (!user || user.deletedAt) return;
        await enqueueNotification({
          db: tx,
          notification: {
            channel: 'email',
            recipient: user.email,
            template: 'account-exists',
            locale: user.locale as Locale,
            payload: {
              name: user.name,
              signInLink: appLink({ baseUrl: config.frontendUrl, path: '/sign-in' }),
              resetLink: appLink({ baseUrl: config.frontendUrl, path: '/forgot-password' }),
            },
          },
        });
      },
    },
    [ACCOUNT_JOBS.passwordReset]: {
      transactional: true,
      run: async ({ email, ip, userAgent }, { db: tx }) => {
        const user = await tx.user.findUnique({ where: { email: email! } });
        if (!user || user.deletedAt) return;
        const token = newToken();
        await tx.authToken.create({
          data: {
            userId: user.id,
            kind: 'password_reset',
            tokenHash: hashToken(token),
            // The address the link goes to: using it proves that address too.
            email: user.email,
            expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
          },
        });
        await enqueueNotification({
          db: tx,
          notification: {
            channel: 'email',
            recipient: user.email,
            template: 'password-reset',
            locale: user.locale as Locale,
            payload: { name: user.name, link: link(config, '/reset-password', token), minutes: RESET_TOKEN_TTL_MS / 60_000 },
          },
        });
        await recordAudit({
          db: tx,
          action: 'auth.password_reset_sent',
          actorId: user.id,
          origin: { ip: ip ?? '', userAgent: userAgent ?? '' },
        });
      },
    },
  };
}

/**
 * Sign-up answers the same whatever the address and phone (no account enumeration); what
 * differs is the mail the address receives:
 * - a new address: the account is created (without the phone if another account has that
 *   number: the phone is added and verified later) and gets its verification mail;
 * - an unverified account signed up again with its password (a retry after a lost
 *   answer, or a lost mail): its verification mail is sent again;
 * - any other existing account: its owner is told that someone tried to register with
 *   the address, with links to sign in and to reset the password.
 * Either way the request does one argon2id computation, one transaction and queues one
 * job; the links and mails are made by the job. No session is opened: the verification
 * link signs the member in.
 */
export async function signUp(deps: AccountsDeps, { input, origin }: { input: SignUpInput; origin: RequestOrigin }): Promise<void> {
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem) throw new AppError('PASSWORD_REJECTED', 400, problem);
  const mailsThisHour = await countAttempt(deps.redis, `mail:signup:${addressKey(input.email)}`, 3600);
  // Two sign-ups of one new address (or phone) at once: the second one to write meets the
  // unique index, and is answered as a sign-up of the now existing account.
  for (let attempt = 0; ; attempt++) {
    try {
      return await signUpOnce(deps, { input, origin, mailAllowed: mailsThisHour <= MAILS_PER_ADDRESS_PER_HOUR.signUp });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

async function signUpOnce(
  { db }: AccountsDeps,
  { input, origin, mailAllowed }: { input: SignUpInput; origin: RequestOrigin; mailAllowed: boolean },
): Promise<void> {
  const [existing, phoneOwner] = await Promise.all([
    db.user.findUnique({ where: { email: input.email } }),
    db.user.findUnique({ where: { phone: input.phone }, select: { id: true } }),
  ]);
  if (!existing) {
    const passwordHash = await hashPassword(input.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          phone: phoneOwner ? null : input.phone,
          name: input.name,
          role: input.role,
          locale: input.locale,
          passwordHash,
          ...(input.role === 'provider' ? { providerProfile: { create: {} } } : {}),
        },
      });
      await recordAudit({
        db: tx,
        action: 'account.sign_up',
        actorId: user.id,
        subjectId: user.id,
        origin,
        detail: { role: user.role, phoneKept: !phoneOwner },
      });
      await enqueueJob({ db: tx, job: { kind: ACCOUNT_JOBS.sendVerification, payload: { userId: user.id } } });
    });
    return;
  }
  // As much argon2id work as a new account's hash; a retry is told apart by its password.
  const samePassword = await verifyPassword(existing.passwordHash, input.password);
  const retry = samePassword && !existing.emailVerifiedAt;
  await db.$transaction(async (tx) => {
    await recordAudit({
      db: tx,
      action: retry ? 'account.sign_up_retried' : 'account.sign_up_existing',
      subjectId: existing.id,
      origin,
      detail: { mailed: mailAllowed },
    });
    if (!mailAllowed) return;
    const kind = retry ? ACCOUNT_JOBS.sendVerification : ACCOUNT_JOBS.signUpNotice;
    await enqueueJob({ db: tx, job: { kind, payload: { userId: existing.id } } });
  });
}

export async function signIn(deps: AccountsDeps, { email, password, origin }: { email: string; password: string; origin: RequestOrigin }) {
  const { db, redis } = deps;
  const accountKey = `auth:fail:acct:${hashToken(email)}`;
  const ipKey = `auth:fail:ip:${origin.ip}`;
  // Every attempt takes a slot before the password is checked; a right password gives it back.
  const [accountAttempts, ipAttempts] = await countAttempts(redis, [accountKey, ipKey], SIGN_IN_LIMITS.windowSeconds);
  // Known and unknown emails are locked the same way, so the lock reveals nothing.
  if (accountAttempts! > SIGN_IN_LIMITS.perAccount || ipAttempts! > SIGN_IN_LIMITS.perIp) {
    await recordAudit({ db, action: 'auth.sign_in_locked', origin, detail: { emailHash: hashToken(email).slice(0, 16) } });
    throw new AppError('SIGN_IN_LOCKED', 429, 'Too many failed attempts. Try again in 15 minutes or reset your password.');
  }
  let user, ok;
  try {
    user = await db.user.findUnique({ where: { email } });
    // An unknown (or deleted) account still costs one argon2id verification, of a fixed dummy hash.
    ok = await verifyPassword(user && !user.deletedAt ? user.passwordHash : null, password);
  } catch (error) {
    // A database outage is not a wrong password: the slots go back, so an outage never
    // locks members (or a whole office behind one IP) out once it is over.
    if (dependencyFailure(error)) await Promise.allSettled([giveBackAttempt(redis, accountKey), giveBackAttempt(redis, ipKey)]);
    throw error;
  }
  if (!user || !ok) {
    await recordAudit({ db, action: 'auth.sign_in_failed', actorId: user?.id ?? null, origin });
    throw new AppError('INVALID_CREDENTIALS', 401, 'Email or password is incorrect');
  }
  await Promise.all([redis.del(accountKey), giveBackAttempt(redis, ipKey)]);
  return db.$transaction(async (tx) => {
    const { token, session } = await createSession({ db: tx, userId: user.id, role: user.role, origin });
    await recordAudit({ db: tx, action: 'auth.sign_in', actorId: user.id, origin });
    return { user, token, session };
  });
}

export async function signOut(
  { db }: AccountsDeps,
  { auth, everywhere, origin }: { auth: SessionWithUser; everywhere: boolean; origin: RequestOrigin },
) {
  await db.$transaction(async (tx) => {
    if (everywhere) await deleteUserSessions({ db: tx, userId: auth.userId });
    else await tx.session.deleteMany({ where: { id: auth.id } });
    await recordAudit({ db: tx, action: everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out', actorId: auth.userId, origin });
  });
}

const invalidLink = () => new AppError('TOKEN_INVALID', 400, 'This link is invalid or has expired');

/** The live single-use link token of this kind, or TOKEN_INVALID. Read only: consumeToken uses it up. */
async function findLiveToken(db: DbClient, token: string, kind: string) {
  const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.kind !== kind || row.usedAt || row.expiresAt <= new Date()) throw invalidLink();
  return row;
}

/** Uses a token up; the update is conditional so a token works once even under races. */
async function consumeToken(db: DbClient, id: string) {
  const { count } = await db.authToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) throw invalidLink();
}

/**
 * Verifies the address of an email-verification link and signs the member in: the link
 * proves the mailbox, as a password would (admins, whose sign-in needs their password and
 * second factor, are not signed in by it). The first verification also ends the sessions
 * opened before the address was proved: they may be someone else's, who registered the
 * address first. One transaction: the token, the user, the sessions and the audit event.
 */
export async function verifyEmail({ db, redis }: AccountsDeps, { token, origin }: { token: string; origin: RequestOrigin }) {
  const row = await findLiveToken(db, token, 'email_verification');
  const result = await db.$transaction(async (tx) => {
    await consumeToken(tx, row.id);
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId } });
    // A link sent to an address the user has since changed proves nothing about the new one.
    if (user.deletedAt || user.email !== row.email) throw invalidLink();
    const firstTime = user.emailVerifiedAt === null;
    const updated = firstTime ? await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } }) : user;
    if (firstTime) await deleteUserSessions({ db: tx, userId: user.id });
    await recordAudit({ db: tx, action: 'account.email_verified', actorId: user.id, origin });
    const signedIn = user.role === 'admin' ? null : await createSession({ db: tx, userId: user.id, role: user.role, origin });
    if (signedIn) await recordAudit({ db: tx, action: 'auth.sign_in_link', actorId: user.id, origin });
    return { user: updated, signedIn, firstTime };
  });
  // A provider may now be allowed to sell: their services can appear in search.
  if (result.firstTime && result.user.role === 'provider') {
    await catalogueChanged({ db, redis, where: { provider: { userId: result.user.id } } });
  }
  return { user: result.user, signedIn: result.signedIn };
}

export async function resendEmailVerification(deps: AccountsDeps, { auth }: { auth: SessionWithUser }) {
  if (auth.user.emailVerifiedAt) return;
  const recent = await countAttempt(deps.redis, `mail:verify:${auth.userId}`, 3600);
  if (recent > 5) throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many emails sent, try again later');
  await enqueueJob({ db: deps.db, job: { kind: ACCOUNT_JOBS.sendVerification, payload: { userId: auth.userId } } });
}

export async function sendPhoneCode(deps: AccountsDeps, { auth, origin }: { auth: SessionWithUser; origin: RequestOrigin }) {
  const { db, redis, config } = deps;
  const phone = auth.user.phone;
  if (!phone) throw new AppError('PHONE_MISSING', 400, 'Add a phone number first');
  if (auth.user.phoneVerifiedAt) throw new AppError('PHONE_ALREADY_VERIFIED', 409, 'This phone number is already verified');
  const [perPhone, perAccount] = await countAttempts(redis, [`sms:code:phone:${phone}`, `sms:code:user:${auth.userId}`], 3600);
  if (perPhone! > PHONE_CODE.perPhonePerHour || perAccount! > PHONE_CODE.perAccountPerHour) {
    throw new AppError('SMS_RATE_LIMITED', 429, 'Too many codes sent, try again later');
  }
  const code = newNumericCode();
  await db.$transaction(async (tx) => {
    // A new code replaces any earlier one.
    await tx.phoneCode.updateMany({ where: { userId: auth.userId, usedAt: null }, data: { usedAt: new Date() } });
    await tx.phoneCode.create({
      data: {
        userId: auth.userId,
        phone,
        codeHash: hashCode(code, config.sessionSecret),
        expiresAt: new Date(Date.now() + PHONE_CODE.ttlMs),
      },
    });
    await enqueueNotification({
      db: tx,
      notification: {
        channel: 'sms',
        recipient: phone,
        template: 'phone-code',
        locale: auth.user.locale as Locale,
        payload: { code, minutes: PHONE_CODE.ttlMs / 60_000 },
      },
    });
    await recordAudit({ db: tx, action: 'account.phone_code_sent', actorId: auth.userId, origin });
  });
}

export async function verifyPhone(
  { db, redis, config }: AccountsDeps,
  { auth, code, origin }: { auth: SessionWithUser; code: string; origin: RequestOrigin },
) {
  const expired = () => new AppError('CODE_EXPIRED', 400, 'This code has expired, ask for a new one');
  const row = await db.phoneCode.findFirst({ where: { userId: auth.userId, usedAt: null }, orderBy: { createdAt: 'desc' } });
  if (!row || row.expiresAt <= new Date() || row.phone !== auth.user.phone) throw expired();
  // The attempt is counted before the code is compared, by one conditional update: of N
  // parallel tries, exactly maxAttempts are compared.
  const { count } = await db.phoneCode.updateMany({
    where: { id: row.id, usedAt: null, attempts: { lt: PHONE_CODE.maxAttempts } },
    data: { attempts: { increment: 1 } },
  });
  if (count === 0) {
    const now = await db.phoneCode.findUnique({ where: { id: row.id }, select: { usedAt: true } });
    if (now?.usedAt) throw expired();
    throw new AppError('TOO_MANY_ATTEMPTS', 429, 'Too many wrong codes, ask for a new one');
  }
  if (!sameSecret(row.codeHash, hashCode(code, config.sessionSecret))) {
    await recordAudit({ db, action: 'account.phone_code_failed', actorId: auth.userId, origin });
    throw new AppError('CODE_INVALID', 400, 'This code is not right');
  }
  const user = await db.$transaction(async (tx) => {
    const used = await tx.phoneCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (used.count === 0) throw expired();
    const verified = await tx.user.update({ where: { id: auth.userId }, data: { phoneVerifiedAt: new Date() } });
    await recordAudit({ db: tx, action: 'account.phone_verified', actorId: auth.userId, origin });
    return verified;
  });
  if (user.role === 'provider') await catalogueChanged({ db, redis, where: { provider: { userId: user.id } } });
  return user;
}

/**
 * Answers the same, in the same time, whether or not the address has an account: the
 * request counts the address's requests and queues a job; the job looks the account up,
 * makes the link and writes the mail.
 */
export async function forgotPassword(deps: AccountsDeps, { email, origin }: { email: string; origin: RequestOrigin }) {
  const { db, redis } = deps;
  const recent = await countAttempt(redis, `mail:reset:${addressKey(email)}`, 3600);
  const mailed = recent <= MAILS_PER_ADDRESS_PER_HOUR.passwordReset;
  await db.$transaction(async (tx) => {
    await recordAudit({
      db: tx,
      action: 'auth.password_reset_requested',
      origin,
      detail: { emailHash: addressKey(email).slice(0, 16), mailed },
    });
    if (mailed) {
      await enqueueJob({
        db: tx,
        job: { kind: ACCOUNT_JOBS.passwordReset, payload: { email, ip: origin.ip, userAgent: origin.userAgent.slice(0, 400) } },
      });
    }
  });
}

/** The hash of an acceptable new password (the policy is checked first); computed before any transaction opens. */
async function newPasswordHash(user: Pick<UserRow, 'email' | 'name'>, password: string): Promise<string> {
  const problem = passwordProblem(password, { email: user.email, name: user.name });
  if (problem) throw new AppError('PASSWORD_REJECTED', 400, problem);
  return hashPassword(password);
}

/** The writes of a password change, in the caller's transaction. */
async function setPassword({
  db,
  user,
  passwordHash,
  keepSessionId,
  origin,
}: {
  db: DbClient;
  user: UserRow;
  passwordHash: string;
  keepSessionId: string | undefined;
  origin: RequestOrigin;
}) {
  await db.user.update({ where: { id: user.id }, data: { passwordHash } });
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
  const { db, redis } = deps;
  const row = await findLiveToken(db, token, 'password_reset');
  const user = await db.user.findUniqueOrThrow({ where: { id: row.userId } });
  if (user.deletedAt) throw invalidLink();
  const passwordHash = await newPasswordHash(user, password);
  // The link came to the account's address: using it proves the address, as the verification link does.
  const provesEmail = !user.emailVerifiedAt && row.email === user.email;
  await db.$transaction(async (tx) => {
    await consumeToken(tx, row.id);
    // Every session ends: whoever knew the old password is signed out.
    await setPassword({ db: tx, user, passwordHash, keepSessionId: undefined, origin });
    if (provesEmail) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
      await recordAudit({ db: tx, action: 'account.email_verified', actorId: user.id, origin, detail: { by: 'password_reset' } });
    }
  });
  await redis.del(`auth:fail:acct:${hashToken(user.email)}`);
  if (provesEmail && user.role === 'provider') await catalogueChanged({ db, redis, where: { provider: { userId: user.id } } });
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
  const passwordHash = await newPasswordHash(auth.user, newPassword);
  await deps.db.$transaction((tx) => setPassword({ db: tx, user: auth.user, passwordHash, keepSessionId: auth.id, origin }));
}

export async function updateProfile(
  deps: AccountsDeps,
  { auth, changes, origin }: { auth: SessionWithUser; changes: { name?: string; phone?: string; locale?: Locale }; origin: RequestOrigin },
) {
  const { db } = deps;
  const phoneTaken = () => new AppError('PHONE_TAKEN', 409, 'An account already uses this phone number');
  const phoneChanged = changes.phone !== undefined && changes.phone !== auth.user.phone;
  if (phoneChanged && (await db.user.findFirst({ where: { phone: changes.phone, id: { not: auth.userId } } }))) throw phoneTaken();
  let user: UserRow;
  try {
    user = await db.$transaction(async (tx) => {
      const updated = await tx.user.update({
        where: { id: auth.userId },
        // A new number must be proved again.
        data: { ...changes, ...(phoneChanged ? { phoneVerifiedAt: null } : {}) },
      });
      await recordAudit({
        db: tx,
        action: 'account.profile_updated',
        actorId: auth.userId,
        origin,
        detail: { fields: Object.keys(changes) },
      });
      return updated;
    });
  } catch (error) {
    // Another account took the number between the check and the write.
    if (phoneChanged && isUniqueViolation(error)) throw phoneTaken();
    throw error;
  }
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
  // One transaction with its audit event: the account is either fully wiped or untouched.
  await db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { userId: auth.userId } });
    await tx.authToken.deleteMany({ where: { userId: auth.userId } });
    await tx.phoneCode.deleteMany({ where: { userId: auth.userId } });
    await tx.recoveryCode.deleteMany({ where: { userId: auth.userId } });
    await tx.user.update({
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
    });
    await recordAudit({ db: tx, action: 'account.deleted', actorId: auth.userId, origin });
    // Identity documents go at once, not after their retention period (kyc.jobs.ts).
    if (auth.user.role === 'provider') {
      await enqueueJob({ db: tx, job: { kind: KYC_JOBS.purgeDocuments, payload: { reason: 'account_deleted', userId: auth.userId } } });
    }
  });
  // A deleted provider's services leave search (sellerWhere excludes deleted accounts).
  if (auth.user.role === 'provider') await catalogueChanged({ db, redis: deps.redis, where: { provider: { userId: auth.userId } } });
}
