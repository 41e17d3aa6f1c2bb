import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as PoolModule from '../../src/modules/uploads/processing-pool';
import type { ProcessingPool } from '../../src/modules/uploads/processing-pool';
import { MAX_INPUT_PIXELS } from '../../src/modules/uploads/uploads.service';
import { as, signUp, type TestSession } from '../support/accounts';
import { createUploadTestApp, minimalPdf, png, pngBomb, signInAdmin, storedFiles, uploadFile, type UploadTestApp } from './upload-helpers';

// Every pool an app creates, so a test can fill it with jobs it controls.
const pools = vi.hoisted(() => [] as ProcessingPool[]);
vi.mock('../../src/modules/uploads/processing-pool', async (importOriginal) => {
  const original = await importOriginal<typeof PoolModule>();
  return {
    ...original,
    createUploadPool: (concurrency: number) => {
      const pool = original.createUploadPool(concurrency);
      pools.push(pool);
      return pool;
    },
  };
});

/** Takes every slot and every place in the queue of `pool` until `release()` is called. */
function fill(pool: ProcessingPool, jobs: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const running = Array.from({ length: jobs }, () => pool.run(() => released));
  return {
    release: async () => {
      release();
      await Promise.all(running);
    },
  };
}

/** A PDF of exactly `bytes` bytes (PDFs are stored as sent, so this is what the quota counts). */
function pdfOfSize(bytes: number): Buffer {
  const pdf = minimalPdf('%');
  return minimalPdf(`%${'x'.repeat(bytes - pdf.length)}`);
}

async function nothingStoredBy(t: UploadTestApp, run: () => Promise<void>) {
  const before = [storedFiles(t).length, await t.db.upload.count()];
  await run();
  expect([storedFiles(t).length, await t.db.upload.count()]).toEqual(before);
}

describe('image size, read from the header before any decode', () => {
  let t: UploadTestApp;
  let member: TestSession;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_PROCESSING_CONCURRENCY: '1' });
    member = await signUp(t);
  });
  afterAll(() => t.close());

  it('refuses a 7000×7000 PNG of well under a megabyte (the security review sent a 47 KB one) before decoding it, storing nothing', async () => {
    // A flat colour compresses to almost nothing: the bytes say little, the header's pixels say the cost.
    const bomb = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#2a6f97' } })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await nothingStoredBy(t, async () => {
      const began = performance.now();
      const res = await uploadFile(t, member, { kind: 'avatar', data: bomb, fileName: 'avatar.png' });
      // Decoding and re-encoding it took about 3 s of one core before the limit was lowered.
      expect(performance.now() - began).toBeLessThan(1000);
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'UPLOAD_IMAGE_TOO_LARGE']);
      expect(res.json().error.message).toBe('Images may have at most 25 megapixels');
    });
  });

  it('takes 25 megapixels and refuses one row more, from the header alone', async () => {
    expect(MAX_INPUT_PIXELS).toBe(25_000_000);
    const over = await uploadFile(t, member, { kind: 'avatar', data: pngBomb({ width: 5000, height: 5001 }), fileName: 'a.png' });
    expect([over.statusCode, over.json().error.code]).toEqual([422, 'UPLOAD_IMAGE_TOO_LARGE']);
    // At the limit the header passes; the bomb's missing pixel data then fails to decode.
    const at = await uploadFile(t, member, { kind: 'avatar', data: pngBomb({ width: 5000, height: 5000 }), fileName: 'a.png' });
    expect([at.statusCode, at.json().error.code]).toEqual([422, 'UPLOAD_IMAGE_UNREADABLE']);
  });

  it('refuses a too-large image at once even while the processing pool is full: it never waits for a slot', async () => {
    const busy = fill(pools.at(-1)!, 3);
    try {
      const res = await uploadFile(t, member, { kind: 'avatar', data: pngBomb({ width: 20_000, height: 20_000 }), fileName: 'a.png' });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'UPLOAD_IMAGE_TOO_LARGE']);
    } finally {
      await busy.release();
    }
  });
});

describe('the processing pool over HTTP', () => {
  let t: UploadTestApp;
  let pool: ProcessingPool;
  let member: TestSession;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_PROCESSING_CONCURRENCY: '1' });
    pool = pools.at(-1)!;
    member = await signUp(t);
  });
  afterAll(() => t.close());

  it('answers 503 UPLOAD_BUSY with Retry-After when one job runs and two wait, storing nothing; the next upload after them is accepted', async () => {
    const image = await png({ width: 300, height: 200 });
    const busy = fill(pool, 3);
    expect([pool.running, pool.queued]).toEqual([1, 2]);
    try {
      await nothingStoredBy(t, async () => {
        const res = await uploadFile(t, member, { kind: 'avatar', data: image, fileName: 'me.png' });
        expect([res.statusCode, res.json().error.code]).toEqual([503, 'UPLOAD_BUSY']);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json().error.message).toMatch(/try again in 5 s/);
      });
      // Files that need no decoding do not go through the pool.
      const pdf = await uploadFile(t, member, { kind: 'chat_attachment', data: minimalPdf(), fileName: 'a.pdf' });
      expect(pdf.statusCode).toBe(201);
    } finally {
      await busy.release();
    }
    const res = await uploadFile(t, member, { kind: 'avatar', data: image, fileName: 'me.png' });
    expect([res.statusCode, res.json().width]).toEqual([201, 300]);
  });

  it('runs an upload that arrives while the pool is busy once a slot frees, within the wait', async () => {
    const busy = fill(pool, 1);
    const pending = uploadFile(t, member, { kind: 'avatar', data: await png({ width: 40, height: 40 }), fileName: 'me.png' });
    await vi.waitFor(() => expect(pool.queued).toBe(1), { timeout: 4000, interval: 10 });
    await busy.release();
    expect((await pending).statusCode).toBe(201);
  });
});

describe('uploads per member and hour', () => {
  let t: UploadTestApp;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_RATE_LIMIT_PER_HOUR: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 UPLOAD_RATE_LIMITED with Retry-After past the hourly count, refused attempts included; others and admins are not held', async () => {
    const member = await signUp(t);
    const image = await png({ width: 16, height: 16 });
    const send = (session: Pick<TestSession, 'cookie' | 'csrf'>, data = image) =>
      uploadFile(t, session, { kind: 'chat_attachment', data, fileName: 'p.png' });

    expect((await send(member)).statusCode).toBe(201);
    expect((await send(member, Buffer.from('not an image'))).statusCode).toBe(415);
    expect((await send(member)).statusCode).toBe(201);
    await nothingStoredBy(t, async () => {
      const res = await send(member);
      expect([res.statusCode, res.json().error.code]).toEqual([429, 'UPLOAD_RATE_LIMITED']);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(res.json().error.details).toEqual({ limit: 3, retryAfterSeconds: retryAfter });
    });
    // The window is one hour from the first attempt; the count is the member's alone.
    const ttl = await t.redis.pttl(`upload:rate:${member.userId}`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect((await send(await signUp(t))).statusCode).toBe(201);

    const admin = await signInAdmin(t);
    for (let i = 0; i < 4; i++) expect((await send(admin)).statusCode).toBe(201);
  });
});

describe('storage quota per member', () => {
  const KiB = 1024;
  let t: UploadTestApp;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_QUOTA_BYTES: String(1024 * KiB) });
  });
  afterAll(() => t.close());

  it('answers 409 UPLOAD_QUOTA_EXCEEDED when a file would take the member past the quota, storing nothing; deleting makes room', async () => {
    const member = await signUp(t);
    const send = (session: Pick<TestSession, 'cookie' | 'csrf'>, data: Buffer) =>
      uploadFile(t, session, { kind: 'chat_attachment', data, fileName: 'doc.pdf' });

    const first = await send(member, pdfOfSize(600 * KiB));
    expect(first.statusCode).toBe(201);
    await nothingStoredBy(t, async () => {
      const res = await send(member, pdfOfSize(600 * KiB));
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'UPLOAD_QUOTA_EXCEEDED']);
      expect(res.json().error.details).toEqual({ quotaBytes: 1024 * KiB, usedBytes: 600 * KiB });
    });
    // What still fits is taken, up to the last byte.
    expect((await send(member, pdfOfSize(424 * KiB))).statusCode).toBe(201);

    // Full: refused before the body is even read, whatever the file.
    await nothingStoredBy(t, async () => {
      const res = await send(member, await png({ width: 4, height: 4 }));
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'UPLOAD_QUOTA_EXCEEDED']);
    });

    expect((await as(t, member)({ method: 'DELETE', url: `/api/uploads/${first.json().id}` })).statusCode).toBe(204);
    expect((await send(member, pdfOfSize(600 * KiB))).statusCode).toBe(201);

    // Another member has their own quota; admins have none.
    expect((await send(await signUp(t), pdfOfSize(600 * KiB))).statusCode).toBe(201);
    const admin = await signInAdmin(t);
    for (let i = 0; i < 3; i++) expect((await send(admin, pdfOfSize(600 * KiB))).statusCode).toBe(201);
  });
});
