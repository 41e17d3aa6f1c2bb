import { createHmac } from 'node:crypto';

/** RFC 6238 TOTP as authenticator apps compute it: HMAC-SHA-1, 6 digits, 30-second steps. */
const STEP_SECONDS = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totpStep(timeMs = Date.now()): number {
  return Math.floor(timeMs / 1000 / STEP_SECONDS);
}

/** The code of one time step (RFC 4226 HOTP of the step counter, dynamically truncated). */
export function totpCode(secret: string, step = totpStep()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A code of a step later than `usedStep`: the server refuses a code of a step it has already
 * accepted, so this waits (up to 30 s) for the next step when needed.
 */
export async function freshTotpCode(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  let step = totpStep();
  while (step <= usedStep) {
    const nextStepAt = (usedStep + 1) * STEP_SECONDS * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, nextStepAt - Date.now() + 50)));
    step = totpStep();
  }
  return { code: totpCode(secret, step), step };
}
