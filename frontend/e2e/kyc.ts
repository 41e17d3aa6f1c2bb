import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { freshTotpCode, totpCode, totpStep } from './totp';

/** Helpers for provider verification: a small image to upload, and an admin who decides through the API. */

const backendDir = fileURLToPath(new URL('../../backend', import.meta.url));

/** A valid PNG made here (a gradient), so no fixture file is needed; `shade` makes each one different. */
export function documentPng(shade = 150, width = 64, height = 48): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = -1;
    for (const byte of bytes) c = table[(c ^ byte) & 255]! ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      raw[offset] = x * 4;
      raw[offset + 1] = y * 5;
      raw[offset + 2] = shade;
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface AdminCredentials {
  email: string;
  password: string;
}

/** No API creates an admin: the operator CLI does, on the e2e server's database (see admin.spec.ts). */
export function createAdminAccount(label: string): AdminCredentials {
  const stamp = `${Date.now()}-${label}`;
  const admin = { email: `admin-kyc-${stamp}@example.com`, password: `Admin-kyc-${stamp}-Kasbah!` };
  execFileSync(process.execPath, ['dist/admin-create.js', '--email', admin.email, '--name', `Admin ${label}`], {
    cwd: backendDir,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'file:./.tmp/e2e.db' },
    input: admin.password,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return admin;
}

/** The admin signed in through the API (own cookies), second factor enrolled and passed: a client for decisions. */
export async function adminApi(
  baseURL: string,
  admin: AdminCredentials,
): Promise<{ api: APIRequestContext; headers: Record<string, string>; secret: string; step: number }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const signIn = await api.post('/api/auth/sign-in', { data: admin });
  expect(signIn.status(), await signIn.text()).toBe(200);
  const headers = { 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
  const enrol = await api.post('/api/admin/mfa/enrol', { headers });
  expect(enrol.status()).toBe(200);
  const { secret } = (await enrol.json()) as { secret: string };
  const step = totpStep();
  const confirm = await api.post('/api/admin/mfa/confirm', { headers, data: { code: totpCode(secret, step) } });
  expect(confirm.status(), await confirm.text()).toBe(200);
  return { api, headers, secret, step };
}

/**
 * What a provider's onboarding and an admin's approval do, through the API: for specs about
 * something else (services, search) that need a provider allowed to sell.
 */
export async function verifyIdentityViaApi(
  provider: APIRequestContext,
  admin: { api: APIRequestContext; headers: Record<string, string> },
) {
  const session = (await (await provider.get('/api/auth/session')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': session.csrfToken };
  const cities = (await (await provider.get('/api/cities')).json()) as { cities: { id: string; slug: string }[] };
  const profile = await provider.put('/api/kyc/me/profile', {
    headers,
    data: {
      bio: 'Plombier, interventions rapides à Rabat et alentours.',
      languages: ['fr'],
      skills: ['plomberie'],
      cityId: cities.cities.find((c) => c.slug === 'rabat')!.id,
      extraCityIds: [],
      serviceRadiusKm: 20,
      yearsExperience: 5,
    },
  });
  expect(profile.status(), await profile.text()).toBe(200);
  for (const [i, type] of ['id_front', 'id_back', 'selfie'].entries()) {
    const uploaded = await provider.post('/api/uploads?kind=kyc_document', {
      headers,
      multipart: { file: { name: `${type}.png`, mimeType: 'image/png', buffer: documentPng(100 + i * 40) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    expect((await provider.put(`/api/kyc/me/documents/${type}`, { headers, data: { uploadId: id } })).status()).toBe(200);
  }
  const submitted = await provider.post('/api/kyc/me/submit', { headers });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const { providerId } = (await (await provider.get('/api/kyc/me')).json()) as { providerId: string };
  const start = await admin.api.post(`/api/admin/kyc/providers/${providerId}/start-review`, { headers: admin.headers });
  expect(start.status(), await start.text()).toBe(200);
  const approve = await admin.api.post(`/api/admin/kyc/providers/${providerId}/approve`, {
    headers: admin.headers,
    data: { checklist: { documentsReadable: true, nameMatches: true, selfieMatches: true, notExpired: true }, certificateVerified: false },
  });
  expect(approve.status(), await approve.text()).toBe(200);
}

/** An admin in a browser of their own: password, then a TOTP code (enrolled through the API), from the allowlisted loopback. */
export async function adminPage(
  browser: Browser,
  baseURL: string,
  admin: AdminCredentials,
  enrolled: { secret: string; step: number },
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/admin/sign-in');
  await page.getByLabel('Adresse e-mail').fill(admin.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Continuer' }).click();
  const verify = page.getByRole('region', { name: 'Second facteur' });
  const fresh = await freshTotpCode(enrolled.secret, enrolled.step);
  await verify.getByLabel('Code à 6 chiffres').fill(fresh.code);
  await verify.getByRole('button', { name: 'Valider' }).click();
  await expect(page).toHaveURL('/fr/admin');
  return page;
}
