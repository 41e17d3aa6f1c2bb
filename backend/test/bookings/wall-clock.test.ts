import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

// Pages show times on the provider's wall clock as the API computes it, not by converting
// UTC with the browser's own time-zone data (which may not know Morocco's Ramadan offset).
describe('times on the provider’s wall clock', () => {
  let t: TestApp;
  let client: TestSession;
  let serviceId: string;
  const morningsOnly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    ({
      service: { id: serviceId },
    } = await bookableService(t, { schedule: { weeklyPlan: morningsOnly, horizonDays: 365 } }));
  });
  afterAll(() => t.close());

  const slotsOn = async (date: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/services/${serviceId}/slots?from=${date}&to=${date}` })).json() as {
      slots: string[];
      localSlots: string[];
    };

  it('gives each start with its local time and offset, UTC+1 most of the year and UTC+0 in Ramadan', async () => {
    const january = await slotsOn('2027-01-20');
    expect(january.slots[0]).toBe('2027-01-20T08:00:00.000Z');
    expect(january.localSlots[0]).toBe('2027-01-20T09:00+01:00');
    expect(january.localSlots).toHaveLength(january.slots.length);
    const ramadan = await slotsOn('2027-02-20');
    expect(ramadan.slots[0]).toBe('2027-02-20T09:00:00.000Z');
    expect(ramadan.localSlots[0]).toBe('2027-02-20T09:00+00:00');
  });

  it('gives the booking’s times and its timeline on the same clock', async () => {
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, '2027-02-20T10:00:00.000Z') });
    expect(created.statusCode, created.body).toBe(201);
    const view = (await as(t, client)({ method: 'GET', url: `/api/bookings/${created.json().ids[0]}` })).json();
    expect(view.local).toMatchObject({ startAt: '2027-02-20T10:00+00:00', endAt: '2027-02-20T11:00+00:00', proposedStartAt: null });
    expect(view.timeline[0].localAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });
});
