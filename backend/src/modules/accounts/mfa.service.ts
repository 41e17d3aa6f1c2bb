import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { AppError } from '../../platform/errors/app-error';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import type { AccountsDeps } from './accounts.service';
import { countAttempt } from './attempts';
import type { SessionWithUser } from './sessions.service';
import { hashCode } from './tokens';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp';
import { openTotpSecretOrRefuse, sealTotpSecret } from './totp-secret';

export const RECOVERY_CODE_COUNT = 10;
const VERIFY_LIMIT = { attempts: 5, windowSeconds: 15 * 60 };

function newRecoveryCode(): string {
  // Twelve characters (about 60 bits) in three groups of four: easy to type, hard to guess.
  const raw = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').toLowerCase();
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s/g, '');

export async function startMfaEnrolment({ db, config }: AccountsDeps, { auth }: { auth: SessionWithUser }) {
  if (auth.user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED', 409, 'A second factor is already set up');
  const secret = newTotpSecret();
  await db.user.update({ where: { id: auth.userId }, data: { totpSecret: sealTotpSecret(config.dataKeys, auth.userId, secret) } });
  const url = otpauthUrl({ secret, account: auth.user.email, issuer: 'Khadamat' });
  return { secret, otpauthUrl: url, qrCodeDataUrl: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 }) };
}

/**
 * Takes one of the VERIFY_LIMIT attempts before a code is checked, by an atomic increment
 * whose result decides: of N parallel tries, exactly VERIFY_LIMIT.attempts are checked.
 * A right code clears the counter.
 */
async function guardAttempts({ redis }: AccountsDeps, userId: string) {
  const key = `mfa:fail:${userId}`;
  if ((await countAttempt(redis, key, VERIFY_LIMIT.windowSeconds)) > VERIFY_LIMIT.attempts) {
    throw new AppError('MFA_LOCKED', 429, 'Too many wrong codes, try again in 15 minutes');
  }
  return { succeeded: () => redis.del(key) };
}

/** Checks a TOTP code against the user's secret, refusing a code (time step) already used. */
async function acceptTotp(deps: AccountsDeps, auth: SessionWithUser, code: string, origin: RequestOrigin): Promise<boolean> {
  const { db, config } = deps;
  if (!auth.user.totpSecret) return false;
  const { secret, needsReseal } = await openTotpSecretOrRefuse(deps, auth, auth.user.totpSecret, origin);
  const step = verifyTotp(secret, code);
  if (step === null || (auth.user.totpLastStep !== null && step <= auth.user.totpLastStep)) return false;
  // Conditional update: two concurrent requests cannot both use the same code.
  const { count } = await db.user.updateMany({
    where: { id: auth.userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    // A secret sealed with a retired key (or the legacy SESSION_SECRET one) moves to the current key on use.
    data: { totpLastStep: step, ...(needsReseal ? { totpSecret: sealTotpSecret(config.dataKeys, auth.userId, secret) } : {}) },
  });
  return count === 1;
}

export async function confirmMfaEnrolment(
  deps: AccountsDeps,
  { auth, code, origin }: { auth: SessionWithUser; code: string; origin: RequestOrigin },
) {
  const { db, config } = deps;
  if (auth.user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED', 409, 'A second factor is already set up');
  if (!auth.user.totpSecret) throw new AppError('MFA_NOT_STARTED', 409, 'Start the enrolment first');
  const attempt = await guardAttempts(deps, auth.userId);
  if (!(await acceptTotp(deps, auth, code, origin))) throw new AppError('MFA_CODE_INVALID', 400, 'This code is not right');
  await attempt.succeeded();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = new Date();
  // The codes, the factor, the session's second factor and the audit event: whole or absent.
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: auth.userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId: auth.userId, codeHash: hashCode(normaliseRecoveryCode(c), config.sessionSecret) })),
    });
    await tx.user.update({ where: { id: auth.userId }, data: { totpEnabledAt: now } });
    await tx.session.update({ where: { id: auth.id }, data: { mfaAt: now } });
    await recordAudit({ db: tx, action: 'auth.mfa_enrolled', actorId: auth.userId, origin });
  });
  return codes;
}

export async function verifyMfa(
  deps: AccountsDeps,
  { auth, code, recoveryCode, origin }: { auth: SessionWithUser; code?: string; recoveryCode?: string; origin: RequestOrigin },
) {
  const { db, config } = deps;
  if (!auth.user.totpEnabledAt) throw new AppError('MFA_ENROLMENT_REQUIRED', 403, 'Set up a second factor first');
  const attempt = await guardAttempts(deps, auth.userId);
  let ok = false;
  if (code) ok = await acceptTotp(deps, auth, code, origin);
  else if (recoveryCode) {
    const { count } = await db.recoveryCode.updateMany({
      where: { userId: auth.userId, usedAt: null, codeHash: hashCode(normaliseRecoveryCode(recoveryCode), config.sessionSecret) },
      data: { usedAt: new Date() },
    });
    ok = count === 1;
  }
  if (!ok) {
    await recordAudit({ db, action: 'auth.mfa_failed', actorId: auth.userId, origin });
    throw new AppError('MFA_CODE_INVALID', 400, 'This code is not right');
  }
  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: auth.id }, data: { mfaAt: new Date() } });
    await recordAudit({ db: tx, action: recoveryCode ? 'auth.mfa_recovery_code_used' : 'auth.mfa_verified', actorId: auth.userId, origin });
  });
  await attempt.succeeded();
}
