import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
// algorithm 2 is Argon2id in @node-rs/argon2's (const) enum.
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Verified instead when there is no password to check (unknown or deleted account, no
 * password set), so an unknown email costs the same argon2id work as a wrong password.
 * A fixed hash with the parameters above (of a password nobody knows): nothing is hashed
 * lazily on the first unknown email, which would make that one request slower.
 */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$dev+Ryib0xLWylR1lxdX5A$pHZShtK+Um3Fdv/CecqdxrFvRZa5//BMgZrpgWlw9Sc';

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(DUMMY_HASH, password);
    return false;
  }
  return verify(passwordHash, password);
}

/** Returns why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower === local) return 'Do not use your email address as password';
  return null;
}
