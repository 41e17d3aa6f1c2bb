import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, scheduleBody, seedReference, sellingProvider } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

// Who may reach a booking and an agenda: its client, its provider and admins; anyone else is
// told it does not exist (404), the anonymous must sign in (401), the wrong role gets 403.
describe('access to bookings and agendas', () => {
  let t: TestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let otherProvider: TestSession;
  let admin: TestSession;
  let bookingId: string;
  let serviceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    otherProvider = await sellingProvider(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-bookings@example.test' });
    const bookable = await bookableService(t);
    provider = bookable.provider;
    serviceId = bookable.service.id;
    const [slot] = await nextSlots(t, serviceId);
    bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slot!) })).json().ids[0];
  });
  afterAll(() => t.close());

  const anonymous = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { origin: t.config.frontendUrl } });

  it('shows a booking to its client, its provider and admins only', async () => {
    const url = `/api/bookings/${bookingId}`;
    expect((await as(t, client)({ method: 'GET', url })).json().viewerRole).toBe('client');
    expect((await as(t, provider)({ method: 'GET', url })).json().viewerRole).toBe('provider');
    const asAdmin = await as(t, admin)({ method: 'GET', url });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json()).toMatchObject({ viewerRole: 'admin', allowedActions: [] });
    expect((await as(t, stranger)({ method: 'GET', url })).statusCode).toBe(404);
    expect((await as(t, otherProvider)({ method: 'GET', url })).statusCode).toBe(404);
    expect((await anonymous('GET', url)).statusCode).toBe(401);
    for (const session of [stranger, otherProvider]) {
      expect((await as(t, session)({ method: 'GET', url: `${url}/calendar.ics` })).statusCode).toBe(404);
    }
    expect((await anonymous('GET', `${url}/calendar.ics`)).statusCode).toBe(401);
  });

  it('lets only the parties move a booking', async () => {
    const url = `/api/bookings/${bookingId}/actions/accept`;
    expect((await as(t, stranger)({ method: 'POST', url, payload: { version: 1 } })).statusCode).toBe(404);
    expect((await as(t, otherProvider)({ method: 'POST', url, payload: { version: 1 } })).statusCode).toBe(404);
    expect((await anonymous('POST', url, { version: 1 })).statusCode).toBe(401);
    // Admins read bookings; moving them is for the parties.
    expect((await as(t, admin)({ method: 'POST', url, payload: { version: 1 } })).statusCode).toBe(403);
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('requested');
    // The system's own transition is not an action anyone may ask for.
    expect(
      (await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/expire`, payload: { version: 1 } })).statusCode,
    ).toBe(400);
  });

  it('lists each member’s own bookings only', async () => {
    const mine = await as(t, client)({ method: 'GET', url: '/api/bookings?as=client' });
    expect(mine.json().bookings.map((b: { id: string }) => b.id)).toEqual([bookingId]);
    expect((await as(t, stranger)({ method: 'GET', url: '/api/bookings?as=client' })).json().bookings).toEqual([]);
    const agenda = await as(t, provider)({ method: 'GET', url: '/api/bookings?as=provider' });
    expect(agenda.json().bookings.map((b: { id: string }) => b.id)).toEqual([bookingId]);
    expect((await as(t, otherProvider)({ method: 'GET', url: '/api/bookings?as=provider' })).json().bookings).toEqual([]);
    expect((await anonymous('GET', '/api/bookings')).statusCode).toBe(401);
    expect((await as(t, admin)({ method: 'GET', url: '/api/bookings' })).statusCode).toBe(403);
  });

  it('keeps the schedule and the calendar feed to providers, each their own', async () => {
    expect((await as(t, client)({ method: 'GET', url: '/api/me/schedule' })).statusCode).toBe(403);
    expect((await anonymous('GET', '/api/me/schedule')).statusCode).toBe(401);
    expect((await anonymous('PUT', '/api/me/schedule', scheduleBody())).statusCode).toBe(401);
    expect((await as(t, client)({ method: 'PUT', url: '/api/me/schedule', payload: scheduleBody() })).statusCode).toBe(403);
    expect((await as(t, client)({ method: 'POST', url: '/api/me/calendar-feed' })).statusCode).toBe(403);
    const exception = await as(
      t,
      provider,
    )({ method: 'POST', url: '/api/me/schedule/exceptions', payload: { date: '2030-01-01', kind: 'off' } });
    expect(exception.statusCode).toBe(201);
    // Another provider cannot remove it.
    const url = `/api/me/schedule/exceptions/${exception.json().id}`;
    expect((await as(t, otherProvider)({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await as(t, provider)({ method: 'DELETE', url })).statusCode).toBe(204);
    // Slots are public.
    const from = new Date().toISOString().slice(0, 10);
    expect((await anonymous('GET', `/api/services/${serviceId}/slots?from=${from}&to=${from}`)).statusCode).toBe(200);
  });

  it('books only verified providers: a provider whose identity is not verified (or is suspended) cannot be booked', async () => {
    const { provider: unverified, service: theirs } = await bookableService(t);
    await t.db.providerProfile.update({ where: { userId: unverified.userId }, data: { kycStatus: 'suspended' } });
    const from = new Date().toISOString().slice(0, 10);
    expect((await anonymous('GET', `/api/services/${theirs.id}/slots?from=${from}&to=${from}`)).statusCode).toBe(404);
    const res = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(theirs.id, new Date(Date.now() + 3_600_000).toISOString()) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('answers bad input with a stable code, never a 500', async () => {
    const bad = [
      [{ ...bookingBody(serviceId, 'tomorrow') }, 'VALIDATION_FAILED'],
      [{ ...bookingBody('nope', new Date().toISOString()) }, 'NOT_FOUND'],
      [{ ...bookingBody(serviceId, '2020-01-01T10:00:00Z') }, 'SLOT_UNAVAILABLE'],
      [{ ...bookingBody(serviceId, new Date(Date.now() + 86_400_000).toISOString().slice(0, 11) + '10:07:00Z') }, 'SLOT_UNAVAILABLE'],
      [{ ...bookingBody(serviceId, new Date().toISOString(), { recurrence: { everyWeeks: 3, occurrences: 2 } }) }, 'VALIDATION_FAILED'],
    ] as const;
    for (const [payload, code] of bad) {
      const res = await as(t, client)({ method: 'POST', url: '/api/bookings', payload });
      expect({ status: res.statusCode >= 400 && res.statusCode < 500, code: res.json().error?.code }).toEqual({ status: true, code });
    }
    const ownService = await as(
      t,
      provider,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, (await nextSlots(t, serviceId)).at(-1)!) });
    expect(ownService.json().error.code).toBe('OWN_SERVICE');
    const range = await t.app.inject({ method: 'GET', url: `/api/services/${serviceId}/slots?from=2026-01-01&to=2026-03-01` });
    expect(range.json().error.code).toBe('INVALID_DATE_RANGE');
    const zone = await as(t, provider)({ method: 'PUT', url: '/api/me/schedule', payload: scheduleBody({ timeZone: 'Mars/Olympus' }) });
    expect(zone.json().error.code).toBe('INVALID_TIME_ZONE');
    const window = await as(
      t,
      provider,
    )({ method: 'PUT', url: '/api/me/schedule', payload: scheduleBody({ weeklyPlan: [{ weekday: 1, start: '12:00', end: '09:00' }] }) });
    expect(window.json().error.code).toBe('INVALID_TIME_WINDOW');
  });
});
