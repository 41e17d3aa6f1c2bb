import { expect } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import type { TestApp } from '../support/test-app';
import { png, uploadFile } from '../uploads/upload-helpers';

/** A provider with email and phone verified (what selling needed before KYC), in the draft state. */
export async function newProvider(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TestSession> {
  const provider = await signUp(t, { role: 'provider', ...overrides });
  await t.db.user.update({ where: { id: provider.userId }, data: { phoneVerifiedAt: new Date() } });
  return provider;
}

export async function uploadDocument(t: TestApp, session: TestSession, fill = 10) {
  const res = await uploadFile(t, session, {
    kind: 'kyc_document',
    data: await png({ width: 40 + fill, height: 30 }),
    fileName: 'carte.png',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** The profile step and an ID card (both sides) with a selfie: ready to submit. */
export async function completeOnboarding(t: TestApp, provider: TestSession) {
  const call = as(t, provider);
  const city = await t.db.city.findUniqueOrThrow({ where: { slug: 'rabat' } });
  const profile = await call({
    method: 'PUT',
    url: '/api/kyc/me/profile',
    payload: {
      bio: 'Plombier expérimenté, interventions rapides à Rabat et Salé.',
      languages: ['fr', 'ar'],
      skills: ['plomberie', 'chauffe-eau'],
      cityId: city.id,
      extraCityIds: [],
      serviceRadiusKm: 25,
      yearsExperience: 8,
    },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  for (const [i, type] of (['id_front', 'id_back', 'selfie'] as const).entries()) {
    const uploadId = await uploadDocument(t, provider, i);
    const attached = await call({ method: 'PUT', url: `/api/kyc/me/documents/${type}`, payload: { uploadId } });
    expect(attached.statusCode, attached.body).toBe(200);
  }
}

/** Creates and publishes a service; returns its slug. */
export async function publishService(t: TestApp, provider: TestSession, title = 'Débouchage de canalisation') {
  const call = as(t, provider);
  const category = await t.db.category.findUniqueOrThrow({ where: { slug: 'leak-repair' } });
  const city = await t.db.city.findUniqueOrThrow({ where: { slug: 'rabat' } });
  const created = await call({
    method: 'POST',
    url: '/api/me/services',
    payload: {
      categoryId: category.id,
      cityId: city.id,
      title,
      description: 'Intervention rapide',
      priceModel: 'fixed',
      priceMinor: 20_000,
      durationMinutes: 60,
      translations: {},
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const published = await call({ method: 'POST', url: `/api/me/services/${created.json().id}/publish` });
  expect(published.statusCode).toBe(200);
  return created.json().slug as string;
}
