// Data encrypted at rest (TOTP secrets; KYC and payout details next) is sealed with a key
// ring read from DATA_ENCRYPTION_KEYS, kept apart from SESSION_SECRET so that either can be
// rotated without the other. See docs/decisions/0007-data-encryption-key-ring.md.
//
// Envelope: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts), AES-256-GCM with a
// random 96-bit IV. The associated data binds a ciphertext to its purpose and row
// (`totp:<userId>`), so a sealed value copied to another row or field does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Key ids appear in every envelope: short, and never a `.`, `:` or `,`. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface DataKey {
  id: string;
  key: Buffer;
}

export type UnreadableReason = 'malformed' | 'unknown_key' | 'authentication_failed';

/** A sealed value that cannot be opened; carries no part of the value, only why and which key. */
export class UnreadableDataError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    readonly keyId: string | null,
  ) {
    super(`sealed data cannot be opened: ${reason}${keyId ? ` (key ${keyId})` : ''}`);
    this.name = 'UnreadableDataError';
  }
}

export interface OpenedData {
  plaintext: string;
  /** Which key opened it. */
  keyId: string;
  /** Sealed with a key that is no longer the current one: seal it again when convenient. */
  needsReseal: boolean;
}

/**
 * The keys of DATA_ENCRYPTION_KEYS: the first seals, every one opens. The key bytes live in
 * a private field, so neither JSON.stringify nor util.inspect (logs) can show them.
 */
export class DataKeyRing {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) throw new Error('a key ring needs at least one key');
    const map = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error('key ids are 1 to 32 letters, digits, - or _');
      if (key.length !== DATA_KEY_BYTES) throw new Error(`data keys are ${DATA_KEY_BYTES} bytes`);
      if (map.has(id)) throw new Error('key ids must be unique');
      map.set(id, Buffer.from(key));
    }
    this.#keys = map;
    this.keyIds = Object.freeze([...map.keys()]);
    this.currentKeyId = this.keyIds[0]!;
  }

  /** Seals `plaintext` with the current key; `context` (purpose and row) must be given again to open it. */
  seal(plaintext: string, context: string): string {
    const kid = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(kid)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(kid, context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, kid, ...[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'))].join('.');
  }

  /** Opens an envelope sealed for `context`; throws UnreadableDataError when it cannot. */
  open(sealed: string, context: string): OpenedData {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION || !KEY_ID.test(parts[1]!) || !parts.slice(2).every((p) => BASE64URL.test(p))) {
      throw new UnreadableDataError('malformed', null);
    }
    const [, kid, ivText, tagText, dataText] = parts as [string, string, string, string, string];
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new UnreadableDataError('malformed', kid);
    const key = this.#keys.get(kid);
    if (!key) throw new UnreadableDataError('unknown_key', kid);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(kid, context));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
      return { plaintext, keyId: kid, needsReseal: kid !== this.currentKeyId };
    } catch {
      // Wrong key bytes under a known id, another context (row), or a tampered envelope.
      throw new UnreadableDataError('authentication_failed', kid);
    }
  }

  /** True when `key` is one of the ring's keys (compared in constant time). */
  holds(key: Buffer): boolean {
    return [...this.#keys.values()].some((k) => k.length === key.length && timingSafeEqual(k, key));
  }
}

/** The version and key id are authenticated with the caller's context: nothing in the envelope can be swapped. */
function associatedData(kid: string, context: string): Buffer {
  if (!context) throw new Error('a sealing context (purpose and row) is required');
  return Buffer.from(`${VERSION}.${kid}.${context}`, 'utf8');
}

/**
 * Parses DATA_ENCRYPTION_KEYS (`k2:<base64 32 bytes>,k1:<base64 32 bytes>`, current key
 * first). Problems name entries by position, never a value.
 */
export function parseDataKeys(value: string): { ring: DataKeyRing; problems: [] } | { ring: null; problems: string[] } {
  const problems: string[] = [];
  const keys: DataKey[] = [];
  const entries = value.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const n = index + 1;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`entry ${n} must be <key id>:<base64 key>`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const text = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) problems.push(`entry ${n}: the key id must be 1 to 32 letters, digits, - or _`);
    const key = BASE64.test(text) ? Buffer.from(text, 'base64') : null;
    if (!key || key.length !== DATA_KEY_BYTES) {
      problems.push(`entry ${n}: the key must be ${DATA_KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
    } else if (KEY_ID.test(id)) {
      keys.push({ id, key });
    }
  });
  const ids = keys.map((k) => k.id);
  if (new Set(ids).size !== ids.length) problems.push('key ids must be unique');
  if (problems.length > 0) return { ring: null, problems };
  return { ring: new DataKeyRing(keys), problems: [] };
}

/** The fixed key of development and tests (no set-up needed); refused in staging and production. */
export function developmentDataKey(): DataKey {
  return { id: 'dev', key: createHash('sha256').update('khadamat:development-data-key:not-for-deployed-use').digest() };
}
