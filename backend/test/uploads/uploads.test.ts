import { request } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import {
  createUploadTestApp,
  jpegWithExif,
  minimalPdf,
  multipartBody,
  png,
  pngBomb,
  signInAdmin,
  storedFiles,
  uploadFile,
  type UploadTestApp,
} from './upload-helpers';

async function fetchBytes(t: UploadTestApp, url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { res, bytes: res.rawPayload };
}

describe('upload pipeline (antivirus off, as in local development)', () => {
  let t: UploadTestApp;
  let provider: TestSession;
  let client: TestSession;

  beforeAll(async () => {
    t = await createUploadTestApp();
    provider = await signUp(t, { role: 'provider' });
    client = await signUp(t);
  });
  afterAll(() => t.close());

  it('re-encodes a JPEG to WebP without its EXIF, with sized variants, and serves it with immutable cache headers', async () => {
    const original = await jpegWithExif({ width: 2000, height: 1500 });
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const res = await uploadFile(t, provider, { kind: 'service_photo', data: original, fileName: 'salon.jpg', contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'service_photo', mimeType: 'image/webp', width: 2000, height: 1500 });
    expect(Object.keys(body.variants)).toEqual(['320w', '800w', '1600w']);
    expect(body.url).toMatch(/^\/files\/[0-9a-f-]{36}\.webp$/);

    const expectedWidths: Record<string, [number, number]> = { '320w': [320, 240], '800w': [800, 600], '1600w': [1600, 1200] };
    for (const [url, size] of [
      [body.url, [2000, 1500]] as const,
      ...Object.entries(body.variants as Record<string, string>).map(([n, u]) => [u, expectedWidths[n]!] as const),
    ]) {
      const { res: file, bytes } = await fetchBytes(t, url);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/webp');
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-disposition']).toBe('inline; filename="salon.webp"');
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', ...size]);
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(Buffer.from('secret-exif'))).toBe(false);
    }
    expect(storedFiles(t)).toHaveLength(4);

    const row = await t.db.upload.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ ownerId: provider.userId, visibility: 'public', originalName: 'salon.jpg', sizeBytes: body.sizeBytes });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies the EXIF orientation before dropping it, and never enlarges', async () => {
    // Stored 200×100 with "rotate 90°": shown upright it is 100×200, narrower than every variant.
    const res = await uploadFile(t, provider, {
      kind: 'service_photo',
      data: await jpegWithExif({ width: 200, height: 100, orientation: 6 }),
      fileName: 'r.jpg',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ width: 100, height: 200, variants: {} });
    const meta = await sharp((await fetchBytes(t, res.json().url)).bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 200, undefined]);
  });

  it('decides the type from the bytes: PDF or HTML named photo.jpg is refused, a PNG named .exe is accepted', async () => {
    for (const data of [minimalPdf(), Buffer.from('<!doctype html><html><script>alert(1)</script></html>')]) {
      const res = await uploadFile(t, provider, { kind: 'service_photo', data, fileName: 'photo.jpg', contentType: 'image/jpeg' });
      expect([res.statusCode, res.json().error.code]).toEqual([415, 'UPLOAD_TYPE_NOT_ALLOWED']);
    }
    const exe = await uploadFile(t, provider, {
      kind: 'service_photo',
      data: await png({ width: 64, height: 48 }),
      fileName: 'setup.exe',
      contentType: 'application/x-msdownload',
    });
    expect(exe.statusCode).toBe(201);
    expect(exe.json()).toMatchObject({ mimeType: 'image/webp', width: 64, height: 48 });
  });

  it('never turns the client file name into a path', async () => {
    const before = storedFiles(t).length;
    const res = await uploadFile(t, client, {
      kind: 'chat_attachment',
      data: await png({ width: 10, height: 10 }),
      fileName: '../../etc/passwd',
    });
    expect(res.statusCode).toBe(201);
    const row = await t.db.upload.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row.storageKey).toMatch(/^[0-9a-f-]{36}\.webp$/);
    expect(row.originalName).toBe('passwd');
    expect(storedFiles(t)).toHaveLength(before + 1);
    expect(storedFiles(t).every((name) => /^[0-9a-f-]{36}(-\d+w)?\.(webp|pdf)$/.test(name))).toBe(true);
    const download = await as(t, client)({ method: 'GET', url: res.json().url });
    expect(download.headers['content-disposition']).toBe('attachment; filename="passwd.webp"');
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const res = await uploadFile(t, provider, {
      kind: 'service_photo',
      data: pngBomb({ width: 20_000, height: 20_000 }),
      fileName: 'tiny.png',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'UPLOAD_IMAGE_TOO_LARGE']);
  });

  it('refuses a file over the kind limit with 413 and stores nothing', async () => {
    const files = storedFiles(t).length;
    const rows = await t.db.upload.count();
    // An avatar may weigh 4 MiB: a real PNG followed by 4 MiB of padding.
    const oversized = Buffer.concat([await png({ width: 8, height: 8 }), Buffer.alloc(4 * 1024 * 1024)]);
    const res = await uploadFile(t, client, { kind: 'avatar', data: oversized, fileName: 'big.png' });
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
    expect(storedFiles(t)).toHaveLength(files);
    expect(await t.db.upload.count()).toBe(rows);
  });

  it('stops at the limit while the body is still streaming in over a real socket', async () => {
    const [files, rows] = [storedFiles(t).length, await t.db.upload.count()];
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { payload, headers } = multipartBody({
      data: Buffer.concat([await png({ width: 8, height: 8 }), Buffer.alloc(6 * 1024 * 1024)]),
      fileName: 'big.png',
    });
    // The server answers 413 and closes without reading the rest; the client may see that
    // close as a reset before it reads the answer, which is the same refusal.
    const outcome = await new Promise<number | string>((resolve) => {
      const req = request(`${address}/api/uploads?kind=avatar`, {
        method: 'POST',
        headers: { ...headers, 'content-length': payload.length, cookie: client.cookie, 'x-csrf-token': client.csrf },
      });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      for (let offset = 0; offset < payload.length; offset += 64 * 1024) req.write(payload.subarray(offset, offset + 64 * 1024));
      req.end();
    });
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect([storedFiles(t).length, await t.db.upload.count()]).toEqual([files, rows]);
  });

  it('sends a non-ASCII name as RFC 5987 filename*', async () => {
    const res = await uploadFile(t, client, { kind: 'avatar', data: await png({ width: 300, height: 300 }), fileName: 'صورة.png' });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json().variants)).toEqual(['128w', '256w']);
    const file = await t.app.inject({ method: 'GET', url: res.json().url });
    expect(file.headers['content-disposition']).toBe(`inline; filename="____.webp"; filename*=UTF-8''${encodeURIComponent('صورة.webp')}`);
  });

  it('enforces who may upload what', async () => {
    const photo = await png({ width: 20, height: 20 });
    const asClient = await uploadFile(t, client, { kind: 'service_photo', data: photo, fileName: 'p.png' });
    expect([asClient.statusCode, asClient.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const kycAsClient = await uploadFile(t, client, { kind: 'kyc_document', data: minimalPdf(), fileName: 'id.pdf' });
    expect(kycAsClient.statusCode).toBe(403);
    const anonymous = await uploadFile(t, null, { kind: 'avatar', data: photo, fileName: 'p.png' });
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const unknownKind = await uploadFile(t, client, { kind: 'executable', data: photo, fileName: 'p.png' });
    expect([unknownKind.statusCode, unknownKind.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongField = await uploadFile(t, client, { kind: 'avatar', data: photo, fileName: 'p.png', field: 'photo' });
    expect([wrongField.statusCode, wrongField.json().error.code]).toEqual([400, 'UPLOAD_FILE_MISSING']);
    const notMultipart = await as(t, client)({ method: 'POST', url: '/api/uploads?kind=avatar', payload: { file: 'x' } });
    expect([notMultipart.statusCode, notMultipart.json().error.code]).toEqual([415, 'UPLOAD_NOT_MULTIPART']);
  });

  it('keeps private files behind the owner (and admins, except identity documents): others get 404, anonymous 401', async () => {
    const pdf = minimalPdf('% identity card scan');
    const created = await uploadFile(t, provider, {
      kind: 'kyc_document',
      data: pdf,
      fileName: 'carte identité.pdf',
      contentType: 'application/pdf',
    });
    expect(created.statusCode).toBe(201);
    const { id, url, mimeType, variants } = created.json();
    expect([url, mimeType, variants]).toEqual([`/api/uploads/${id}/download`, 'application/pdf', {}]);

    const own = await as(t, provider)({ method: 'GET', url });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(pdf)).toBe(true); // PDFs are stored as sent
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toBe(
      `attachment; filename="carte identit_.pdf"; filename*=UTF-8''carte%20identit%C3%A9.pdf`,
    );

    expect((await as(t, client)({ method: 'GET', url })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const row = await t.db.upload.findUniqueOrThrow({ where: { id } });
    expect(row.visibility).toBe('private');
    expect((await t.app.inject({ method: 'GET', url: `/files/${row.storageKey}` })).statusCode).toBe(404);

    // Identity documents: admins open them through the KYC review's short-lived links only.
    const admin = await signInAdmin(t);
    expect((await as(t, admin)({ method: 'GET', url })).statusCode).toBe(404);
    const attachment = (
      await uploadFile(t, provider, {
        kind: 'chat_attachment',
        data: minimalPdf('% a quote'),
        fileName: 'devis.pdf',
        contentType: 'application/pdf',
      })
    ).json();
    expect((await as(t, admin)({ method: 'GET', url: attachment.url })).statusCode).toBe(200);
    expect((await as(t, client)({ method: 'GET', url: attachment.url })).statusCode).toBe(404);
  });

  it('serves only keys of public uploads under /files', async () => {
    for (const key of ['00000000-0000-4000-8000-000000000000.webp', '..%2F..%2Fetc%2Fpasswd', '.tmp-x', 'a.webp']) {
      expect((await t.app.inject({ method: 'GET', url: `/files/${key}` })).statusCode).toBe(404);
    }
  });

  it('lets only the owner delete, removing the row and every stored object', async () => {
    const created = (
      await uploadFile(t, provider, { kind: 'service_photo', data: await jpegWithExif({ width: 900, height: 600 }), fileName: 'x.jpg' })
    ).json();
    const row = await t.db.upload.findUniqueOrThrow({ where: { id: created.id } });
    const keys = [row.storageKey, ...Object.values(JSON.parse(row.variants) as Record<string, string>)];
    expect(keys).toHaveLength(3);

    expect((await as(t, client)({ method: 'DELETE', url: `/api/uploads/${created.id}` })).statusCode).toBe(404);
    expect((await as(t, provider)({ method: 'DELETE', url: `/api/uploads/${created.id}` })).statusCode).toBe(204);
    expect(await t.db.upload.findUnique({ where: { id: created.id } })).toBeNull();
    expect(storedFiles(t).some((name) => keys.includes(name))).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: created.url })).statusCode).toBe(404);
    expect((await as(t, provider)({ method: 'DELETE', url: `/api/uploads/${created.id}` })).statusCode).toBe(404);
  });
});

describe('UPLOAD_MAX_BYTES caps every kind', () => {
  let t: UploadTestApp;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_MAX_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('refuses a file under the kind limit but over the configured cap', async () => {
    const user = await signUp(t);
    const res = await uploadFile(t, user, {
      kind: 'avatar',
      data: Buffer.concat([await png({ width: 4, height: 4 }), Buffer.alloc(4096)]),
      fileName: 'a.png',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
    expect(storedFiles(t)).toEqual([]);
  });
});
