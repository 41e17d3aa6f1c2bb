import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, deliverAndRead, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

// Mails and calendar events lead to the booking's page in the web client, /:lang/bookings/:id.
describe('links to the booking page', () => {
  let t: TestApp;
  let client: TestSession;
  let provider: TestSession;
  let bookingId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t);
    provider = bookable.provider;
    // The provider reads Arabic: the request's notice is written (and linked) in it.
    await t.db.user.update({ where: { id: provider.userId }, data: { locale: 'ar' } });
    const [, slot] = await nextSlots(t, bookable.service.id);
    bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })).json()
      .ids[0];
  });
  afterAll(() => t.close());

  it('gives each mail a button to the booking page in the reader’s language', async () => {
    await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 1 } });
    const [toClient] = await deliverAndRead(t, client.email);
    expect(toClient!.text).toContain(`${t.config.frontendUrl}/fr/bookings/${bookingId}`);
    const toProvider = await deliverAndRead(t, provider.email);
    const request = toProvider.find((mail) => mail.text.includes(`/bookings/${bookingId}`));
    expect(request!.text).toContain(`${t.config.frontendUrl}/ar/bookings/${bookingId}`);
  });

  it('gives the calendar event the booking page’s address', async () => {
    const ics = await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}/calendar.ics` });
    // Long lines are folded (a line break and a space) in iCalendar.
    expect(ics.body.replace(/\r\n /g, '')).toContain(`URL;VALUE=URI:${t.config.frontendUrl}/bookings/${bookingId}`);
  });
});
