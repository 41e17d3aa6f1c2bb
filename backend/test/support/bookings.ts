import { seedDatabase } from '../../src/seed/seed.service';
import { as, signUp, type TestSession } from './accounts';
import type { TestApp } from './test-app';

/** Reference data (categories, cities) once per test app. */
export async function seedReference(t: TestApp) {
  await seedDatabase({ db: t.db, demo: false });
}

/** A provider allowed to sell: email, phone and identity verified. */
export async function sellingProvider(t: TestApp): Promise<TestSession> {
  const provider = await signUp(t, { role: 'provider' });
  await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
  await t.db.providerProfile.update({ where: { userId: provider.userId }, data: { kycStatus: 'verified' } });
  return provider;
}

export const ALL_WEEK_ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

export const scheduleBody = (overrides: Record<string, unknown> = {}) => ({
  timeZone: 'Africa/Casablanca',
  weeklyPlan: ALL_WEEK_ALL_DAY,
  minNoticeMinutes: 0,
  horizonDays: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  responseHours: 24,
  freeCancellationHours: 24,
  lateCancellationFeeBps: 2000,
  ...overrides,
});

/** A published 60-minute service of a selling provider, bookable all day every day (unless `schedule` says otherwise). */
export async function bookableService(
  t: TestApp,
  { schedule = {}, priceMinor = 30_000 }: { schedule?: Record<string, unknown>; priceMinor?: number } = {},
) {
  const provider = await sellingProvider(t);
  const categoryId = (await t.db.category.findFirstOrThrow({ where: { parentId: { not: null } } })).id;
  const cityId = (await t.db.city.findUniqueOrThrow({ where: { slug: 'rabat' } })).id;
  const created = await as(
    t,
    provider,
  )({
    method: 'POST',
    url: '/api/me/services',
    payload: { categoryId, cityId, title: 'Ménage complet', priceModel: 'fixed', priceMinor, durationMinutes: 60 },
  });
  if (created.statusCode !== 201) throw new Error(`service: ${created.statusCode} ${created.body}`);
  const service = created.json() as { id: string; slug: string };
  const published = await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  const set = await as(t, provider)({ method: 'PUT', url: '/api/me/schedule', payload: scheduleBody(schedule) });
  if (set.statusCode !== 200) throw new Error(`schedule: ${set.statusCode} ${set.body}`);
  return { provider, service };
}

/** The next bookable starts of a service from today (UTC ISO strings). */
export async function nextSlots(t: TestApp, serviceId: string, days = 3): Promise<string[]> {
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const res = await t.app.inject({ method: 'GET', url: `/api/services/${serviceId}/slots?from=${from}&to=${to}` });
  if (res.statusCode !== 200) throw new Error(`slots: ${res.statusCode} ${res.body}`);
  return (res.json() as { slots: string[] }).slots;
}

export const bookingBody = (serviceId: string, startAt: string, overrides: Record<string, unknown> = {}) => ({
  serviceId,
  startAt,
  address: '12 rue des Orangers, Agdal, Rabat',
  latitude: 33.996,
  longitude: -6.849,
  notes: 'Deuxième étage',
  ...overrides,
});
