// How an admin's TOTP secret is kept at rest: sealed with the data key ring, bound to its
// user (`totp:<userId>`), so a database dump alone gives no second factor and a sealed
// secret copied onto another admin's row does not open.
import type { Config } from '../../config/env';
import { UnreadableDataError, type DataKeyRing, type UnreadableReason } from '../../platform/crypto/data-keys';
import { AppError } from '../../platform/errors/app-error';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import type { AccountsDeps } from './accounts.service';
import type { SessionWithUser } from './sessions.service';
import { isLegacySealed, unsealLegacy } from './tokens';

const context = (userId: string) => `totp:${userId}`;

export function sealTotpSecret(keys: DataKeyRing, userId: string, secret: string): string {
  return keys.seal(secret, context(userId));
}

export interface OpenedTotpSecret {
  secret: string;
  /** Sealed with an older key, or the legacy SESSION_SECRET-derived one: store it sealed again. */
  needsReseal: boolean;
}

/** Why a stored secret did not open, and how it was sealed (never any part of the value). */
export class UnreadableTotpSecret extends Error {
  constructor(
    readonly format: 'v1' | 'legacy',
    readonly reason: UnreadableReason,
    readonly keyId: string | null,
  ) {
    super(`TOTP secret cannot be opened: ${format} ${reason}`);
    this.name = 'UnreadableTotpSecret';
  }
}

export function openTotpSecret(config: Pick<Config, 'dataKeys' | 'sessionSecret'>, userId: string, stored: string): OpenedTotpSecret {
  if (isLegacySealed(stored)) {
    try {
      return { secret: unsealLegacy(stored, config.sessionSecret), needsReseal: true };
    } catch {
      // SESSION_SECRET changed before this row was used (and re-sealed) once.
      throw new UnreadableTotpSecret('legacy', 'authentication_failed', null);
    }
  }
  try {
    const { plaintext, needsReseal } = config.dataKeys.open(stored, context(userId));
    return { secret: plaintext, needsReseal };
  } catch (error) {
    if (error instanceof UnreadableDataError) throw new UnreadableTotpSecret('v1', error.reason, error.keyId);
    throw error;
  }
}

/**
 * Opens the signed-in admin's secret, or answers 409 MFA_SECRET_UNREADABLE (a key retired
 * too early, a changed SESSION_SECRET under a legacy row, a tampered or moved value) after
 * an audit event saying why. Recovery codes still work; otherwise another admin must reset
 * the second factor.
 */
export async function openTotpSecretOrRefuse(
  { db, config }: AccountsDeps,
  auth: SessionWithUser,
  stored: string,
  origin: RequestOrigin,
): Promise<OpenedTotpSecret> {
  try {
    return openTotpSecret(config, auth.userId, stored);
  } catch (error) {
    if (!(error instanceof UnreadableTotpSecret)) throw error;
    await recordAudit({
      db,
      action: 'mfa.secret_unreadable',
      actorId: auth.userId,
      subjectId: auth.userId,
      origin,
      detail: { format: error.format, reason: error.reason, keyId: error.keyId },
    });
    throw auth.user.totpEnabledAt
      ? new AppError(
          'MFA_SECRET_UNREADABLE',
          409,
          'Your second factor can no longer be read. Sign in with a recovery code, or ask another administrator to reset your second factor.',
        )
      : new AppError('MFA_SECRET_UNREADABLE', 409, 'This second-factor set-up can no longer be read. Start the set-up again.');
  }
}
