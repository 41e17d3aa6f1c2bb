import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { expect, inject } from 'vitest';
import type { EnvSource } from '../../src/config/env';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { sessionCookie, type TestSession } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

export interface UploadTestApp extends TestApp {
  storageDir: string;
}

/** A test app with its own, empty UPLOAD_STORAGE_DIR, removed on close. */
export async function createUploadTestApp(overrides: EnvSource = {}): Promise<UploadTestApp> {
  const storageDir = join(inject('tmpDir'), `uploads-${randomBytes(4).toString('hex')}`);
  const t = await createTestApp({ UPLOAD_STORAGE_DIR: storageDir, ...overrides });
  return {
    ...t,
    storageDir,
    close: async () => {
      await t.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/** Every entry of the storage folder, temporary files included. */
export function storedFiles(t: UploadTestApp): string[] {
  return existsSync(t.storageDir) ? readdirSync(t.storageDir) : [];
}

/** A multipart/form-data body encoded by hand, as a browser sends one file. */
export function multipartBody({
  data,
  fileName,
  contentType = 'application/octet-stream',
  field = 'file',
}: {
  data: Buffer;
  fileName: string;
  contentType?: string;
  field?: string;
}) {
  const boundary = `----khadamat${randomBytes(12).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function uploadFile(
  t: TestApp,
  session: Pick<TestSession, 'cookie' | 'csrf'> | null,
  { kind, ...file }: { kind: string; data: Buffer; fileName: string; contentType?: string; field?: string },
) {
  const { payload, headers } = multipartBody(file);
  const auth = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
  return t.app.inject({ method: 'POST', url: `/api/uploads?kind=${kind}`, payload, headers: { ...headers, ...auth } });
}

export function jpegWithExif({ width, height, orientation = 1 }: { width: number; height: number; orientation?: number }) {
  return sharp({ create: { width, height, channels: 3, background: '#2a6f97' } })
    .jpeg()
    .withMetadata({ orientation, exif: { IFD0: { Copyright: 'secret-exif' } } })
    .toBuffer();
}

export function png({ width, height }: { width: number; height: number }) {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

export function minimalPdf(extra = ''): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n${extra}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/**
 * A valid PNG header announcing width×height grey pixels, followed by one row of pixel
 * data only: ~150 bytes whatever the size (a decompression bomb). Past the header check
 * it fails to decode, cheaply.
 */
export function pngBomb({ width, height }: { width: number; height: number }): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An admin past the second factor (the factor itself is covered by the accounts tests). */
export async function signInAdmin(t: TestApp) {
  const password = 'correct horse battery';
  const user = await t.db.user.create({
    data: {
      email: `ops-${Date.now()}-${randomBytes(3).toString('hex')}@example.test`,
      name: 'Ops',
      role: 'admin',
      passwordHash: await hashPassword(password),
      totpEnabledAt: new Date(),
    },
  });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: user.email, password } });
  expect(res.statusCode).toBe(200);
  await t.db.session.updateMany({ where: { userId: user.id }, data: { mfaAt: new Date() } });
  return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string, userId: user.id };
}
