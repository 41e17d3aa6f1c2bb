// Tokens that carry their own claims and an HMAC of them under the server secret, for links
// that must work without a session (a mail's unsubscribe link) or only for one viewer for a
// few minutes (a KYC document). The purpose is part of what is signed, so a token made for
// one use is refused by every other.
import { createHmac, timingSafeEqual } from 'node:crypto';

const sign = (secret: string, purpose: string, payload: string) =>
  createHmac('sha256', secret).update(`${purpose}:${payload}`).digest('base64url');

/** `payload.signature`, both base64url: safe in a path or a query string. */
export function signToken(secret: string, purpose: string, claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, purpose, payload)}`;
}

/** The claims of a token signed for this purpose, or null for anything else (forged, altered, another purpose, garbage). */
export function openToken<T>(secret: string, purpose: string, token: string): T | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return claims && typeof claims === 'object' ? (claims as T) : null;
  } catch {
    return null;
  }
}
