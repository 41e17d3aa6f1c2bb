import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { codeInSms, newPerson, signUpViaApi, waitForMessage, type Person } from './accounts';
import { verifyIdentityViaApi, type adminApi } from './kyc';

/** Helpers for the booking specs: a provider ready to be booked, set up through the API as the backend tests do. */

type AdminClient = Awaited<ReturnType<typeof adminApi>>;

export interface Member {
  person: Person;
  context: BrowserContext;
  page: Page;
  api: APIRequestContext;
  headers: Record<string, string>;
}

/** A member signed in in a browser context of their own (its page and its API requests share the session). */
export async function memberInBrowser(browser: Browser, label: string, role: 'client' | 'provider', name: string): Promise<Member> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const person = newPerson(label, name);
  const { csrfToken } = await signUpViaApi(page.request, person, { role });
  return { person, context, page, api: page.request, headers: { 'x-csrf-token': csrfToken } };
}

export const SCHEDULE = {
  timeZone: 'Africa/Casablanca',
  // Every day, all day: a start within the next hour always exists, so check-in (from an hour before) is possible.
  weeklyPlan: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  minNoticeMinutes: 0,
  horizonDays: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  responseHours: 24,
  freeCancellationHours: 24,
  lateCancellationFeeBps: 2000,
};

export interface BookableService {
  provider: Member;
  service: { id: string; slug: string; title: string };
}

/** A provider allowed to sell (email, phone, identity verified), with a published 60-minute, 300 MAD service and SCHEDULE. */
export async function bookableService(browser: Browser, admin: AdminClient, title: string): Promise<BookableService> {
  const provider = await memberInBrowser(browser, 'provider', 'provider', 'Youssef Alaoui');
  const { api, headers } = provider;
  expect((await api.post('/api/auth/phone/send-code', { headers })).status()).toBe(202);
  const sms = await waitForMessage(api, provider.person.phone, (m) => m.channel === 'sms');
  const verified = await api.post('/api/auth/phone/verify', { headers, data: { code: codeInSms(sms) } });
  expect(verified.status(), await verified.text()).toBe(200);
  provider.headers = { 'x-csrf-token': ((await verified.json()) as { csrfToken: string }).csrfToken };
  await verifyIdentityViaApi(api, admin);
  const session = (await (await api.get('/api/auth/session')).json()) as { csrfToken: string };
  provider.headers = { 'x-csrf-token': session.csrfToken };

  const { categories } = (await (await api.get('/api/categories')).json()) as { categories: { id: string; children: { id: string }[] }[] };
  const { cities } = (await (await api.get('/api/cities')).json()) as { cities: { id: string; slug: string }[] };
  const created = await api.post('/api/me/services', {
    headers: provider.headers,
    data: {
      categoryId: categories.find((c) => c.children.length > 0)!.children[0]!.id,
      cityId: cities.find((c) => c.slug === 'rabat')!.id,
      title,
      description: 'Ménage de tout le logement, produits fournis.',
      priceModel: 'fixed',
      priceMinor: 30_000,
      durationMinutes: 60,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const service = (await created.json()) as { id: string; slug: string };
  const published = await api.post(`/api/me/services/${service.id}/publish`, { headers: provider.headers });
  expect(published.status(), await published.text()).toBe(200);
  const schedule = await api.put('/api/me/schedule', { headers: provider.headers, data: SCHEDULE });
  expect(schedule.status(), await schedule.text()).toBe(200);
  return { provider, service: { ...service, title } };
}

/** The service's bookable starts over the next `days` days (UTC ISO strings). */
export async function freeSlots(api: APIRequestContext, serviceId: string, days = 4): Promise<string[]> {
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const response = await api.get(`/api/services/${serviceId}/slots`, { params: { from, to } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { slots: string[] }).slots;
}

/** A request made through the API by `client`; returns the booking id. */
export async function requestViaApi(client: Member, serviceId: string, startAt: string): Promise<string> {
  const response = await client.api.post('/api/bookings', {
    headers: client.headers,
    data: { serviceId, startAt, address: '12 rue des Orangers, Agdal, Rabat', notes: 'Deuxième étage' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { ids: string[] }).ids[0]!;
}

/** An action taken through the API, with the booking's current version. */
export async function actViaApi(member: Member, bookingId: string, action: string, extra: Record<string, unknown> = {}) {
  const current = (await (await member.api.get(`/api/bookings/${bookingId}`)).json()) as { version: number };
  const response = await member.api.post(`/api/bookings/${bookingId}/actions/${action}`, {
    headers: member.headers,
    data: { version: current.version, ...extra },
  });
  expect(response.status(), await response.text()).toBe(200);
}
