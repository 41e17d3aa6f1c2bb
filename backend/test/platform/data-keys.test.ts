import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DataKeyRing, parseDataKeys, UnreadableDataError } from '../../src/platform/crypto/data-keys';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

function unreadable(run: () => unknown): { reason: string; keyId: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof UnreadableDataError) return { reason: error.reason, keyId: error.keyId };
    throw error;
  }
  throw new Error('expected the value not to open');
}

describe('data key ring', () => {
  it('seals into a versioned envelope naming the key, and opens it for the same context', () => {
    const ring = new DataKeyRing([k1]);
    const sealed = ring.seal('JBSWY3DPEHPK3PXP', 'totp:user-1');
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(ring.open(sealed, 'totp:user-1')).toEqual({ plaintext: 'JBSWY3DPEHPK3PXP', keyId: 'k1', needsReseal: false });
    // A fresh IV every time: the same value never seals the same way twice.
    expect(ring.seal('JBSWY3DPEHPK3PXP', 'totp:user-1')).not.toBe(sealed);
  });

  it('refuses a value moved to another row or purpose', () => {
    const ring = new DataKeyRing([k1]);
    const sealed = ring.seal('secret', 'totp:user-1');
    expect(unreadable(() => ring.open(sealed, 'totp:user-2'))).toEqual({ reason: 'authentication_failed', keyId: 'k1' });
    expect(unreadable(() => ring.open(sealed, 'payout:user-1'))).toEqual({ reason: 'authentication_failed', keyId: 'k1' });
  });

  it('refuses a tampered envelope, including a key id swapped for another key of the ring', () => {
    const ring = new DataKeyRing([k2, k1]);
    const sealed = ring.seal('secret', 'ctx');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0]! ^= 1;
    expect(unreadable(() => ring.open([...parts.slice(0, 4), flipped.toString('base64url')].join('.'), 'ctx')).reason).toBe(
      'authentication_failed',
    );
    expect(unreadable(() => ring.open(['v1', 'k1', ...parts.slice(2)].join('.'), 'ctx'))).toEqual({
      reason: 'authentication_failed',
      keyId: 'k1',
    });
  });

  it('opens values of every key in the ring, asking for re-sealing those of a non-current key', () => {
    const sealedWithK1 = new DataKeyRing([k1]).seal('secret', 'ctx');
    const rotated = new DataKeyRing([k2, k1]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.open(sealedWithK1, 'ctx')).toEqual({ plaintext: 'secret', keyId: 'k1', needsReseal: true });
    const resealed = rotated.seal('secret', 'ctx');
    expect(resealed.startsWith('v1.k2.')).toBe(true);
    expect(rotated.open(resealed, 'ctx').needsReseal).toBe(false);
  });

  it('names the missing key when a value was sealed with a key no longer in the ring', () => {
    const sealedWithK1 = new DataKeyRing([k1]).seal('secret', 'ctx');
    expect(unreadable(() => new DataKeyRing([k2]).open(sealedWithK1, 'ctx'))).toEqual({ reason: 'unknown_key', keyId: 'k1' });
    // The same id with other key bytes: the envelope does not authenticate.
    expect(unreadable(() => new DataKeyRing([{ id: 'k1', key: randomBytes(32) }]).open(sealedWithK1, 'ctx')).reason).toBe(
      'authentication_failed',
    );
  });

  it('calls anything else malformed', () => {
    const ring = new DataKeyRing([k1]);
    for (const value of ['', 'plain', 'a.b.c', 'v2.k1.a.b.c', 'v1.k1.!!.b.c', 'v1.k1.AAAA.AAAA.AAAA']) {
      expect(unreadable(() => ring.open(value, 'ctx')).reason, value).toBe('malformed');
    }
  });

  it('keeps the key bytes out of JSON and log output', () => {
    const ring = new DataKeyRing([k2, k1]);
    for (const text of [JSON.stringify(ring), inspect(ring, { depth: 5, showHidden: true })]) {
      expect(text).not.toContain(k1.key.toString('base64'));
      expect(text).not.toContain(k1.key.toString('hex'));
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ currentKeyId: 'k2', keyIds: ['k2', 'k1'] });
  });

  it('parses DATA_ENCRYPTION_KEYS', () => {
    const parsed = parseDataKeys(`k2:${k2.key.toString('base64')},k1:${k1.key.toString('base64url')}`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ring?.keyIds).toEqual(['k2', 'k1']);
    expect(parsed.ring?.open(new DataKeyRing([k1]).seal('x', 'c'), 'c').plaintext).toBe('x');
    expect(parseDataKeys(`k1:${k1.key.toString('base64')},k1:${k2.key.toString('base64')}`).problems).toEqual(['key ids must be unique']);
  });
});
