import { createDecipheriv, createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL-safe: session tokens, email and reset links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes are stored: a database leak gives no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newNumericCode(digits = 6): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC of a short code: not reversible offline without the server secret. */
export function hashCode(code: string, secret: string): string {
  return createHmac('sha256', secret).update(code).digest('hex');
}

// Before the data key ring (platform/crypto/data-keys.ts), TOTP secrets were sealed with
// AES-256-GCM under a key derived from SESSION_SECRET, as `<iv>.<tag>.<ciphertext>`. Such
// rows still open here (while SESSION_SECRET is unchanged) and are sealed again with the
// current data key on their next use; nothing new is sealed this way.
function legacySealKey(sessionSecret: string): Buffer {
  return createHash('sha256').update(`khadamat:seal:${sessionSecret}`).digest();
}

/** True for a value sealed the pre-key-ring way (three base64url parts). */
export function isLegacySealed(sealed: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(sealed);
}

/** Opens a legacy value; throws when SESSION_SECRET has changed since it was sealed (or it was tampered with). */
export function unsealLegacy(sealed: string, sessionSecret: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', legacySealKey(sessionSecret), iv!, { authTagLength: 16 });
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}
