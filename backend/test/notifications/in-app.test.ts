import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

// The bell: each booking event and message writes the member's in-app notification in the
// transaction of the change, next to its mail and SMS, in the member's language.
describe('in-app notifications', () => {
  let t: TestApp;
  let client: TestSession;
  let provider: TestSession;
  let bookingId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t, { locale: 'ar' });
    const bookable = await bookableService(t);
    provider = bookable.provider;
    const [slot] = await nextSlots(t, bookable.service.id);
    bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })).json()
      .ids[0];
  });
  afterAll(() => t.close());

  const bell = async (session: TestSession, query = '') =>
    (await as(t, session)({ method: 'GET', url: `/api/me/notifications${query}` })).json();
  const markRead = (session: TestSession, payload: unknown) =>
    as(t, session)({ method: 'POST', url: '/api/me/notifications/read', payload });

  it('tells each party of the booking’s events in their language, with the mail, only when the change commits', async () => {
    const forProvider = await bell(provider);
    expect(forProvider.notifications).toEqual([
      expect.objectContaining({ kind: 'booking.requested', bookingId, readAt: null, title: expect.stringContaining('Nouvelle demande') }),
    ]);
    expect(forProvider.unreadCount).toBe(1);
    expect((await bell(client)).notifications).toEqual([]);

    // A refused change (a stale version) writes nothing: no notification without its change.
    const stale = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 7 } });
    expect(stale.statusCode).toBe(409);
    expect(await t.db.inAppNotification.count({ where: { userId: client.userId } })).toBe(0);

    await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 1 } });
    const forClient = await bell(client);
    expect(forClient.notifications[0]).toMatchObject({
      kind: 'booking.accepted',
      bookingId,
      title: expect.stringContaining('تم قبول الحجز'),
    });
    const clientEmail = (await t.db.user.findUniqueOrThrow({ where: { id: client.userId } })).email;
    expect(await t.db.outboxMessage.count({ where: { recipient: clientEmail, template: 'notice' } })).toBe(1);

    await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body: 'شكرا' } });
    expect((await bell(provider)).notifications[0]).toMatchObject({ kind: 'message.received', body: 'شكرا' });
  });

  it('marks read what the member names (only theirs), or everything', async () => {
    const { notifications, unreadCount } = await bell(provider);
    expect(unreadCount).toBe(2);
    const [newest] = notifications as { id: string }[];
    // Another member's ids are not theirs to mark.
    expect((await markRead(client, { ids: [newest!.id] })).json().marked).toBe(0);
    expect((await markRead(provider, { ids: [newest!.id] })).json().marked).toBe(1);
    const after = await bell(provider);
    expect(after.unreadCount).toBe(1);
    expect(after.notifications.find((n: { id: string }) => n.id === newest!.id).readAt).not.toBeNull();
    expect((await bell(provider, '?unread=true')).notifications).toHaveLength(1);
    expect((await markRead(provider, {})).json().marked).toBe(1);
    expect((await bell(provider)).unreadCount).toBe(0);
  });

  it('pages with a cursor and keeps the bell to signed-in members', async () => {
    const first = await bell(provider, '?limit=1');
    expect(first.notifications).toHaveLength(1);
    const second = await bell(provider, `?limit=1&before=${first.nextCursor}`);
    expect(second.notifications[0].id).not.toBe(first.notifications[0].id);
    expect(second.nextCursor).toBeNull();
    expect((await as(t, provider)({ method: 'GET', url: '/api/me/notifications?before=zzz' })).json().error.code).toBe('CURSOR_INVALID');
    expect((await markRead(provider, { ids: ['x'.repeat(41)] })).json().error.code).toBe('VALIDATION_FAILED');
    const anonymous = { origin: t.config.frontendUrl };
    expect((await t.app.inject({ method: 'GET', url: '/api/me/notifications', headers: anonymous })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/me/notifications/read', payload: {}, headers: anonymous })).statusCode).toBe(
      401,
    );
  });

  it('follows each member’s choice of channels per kind of event', async () => {
    const prefs = await as(t, provider)({ method: 'GET', url: '/api/me/notification-preferences' });
    expect(prefs.json().preferences).toHaveLength(15);
    expect(prefs.json().quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(prefs.json().preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const changed = await as(
      t,
      provider,
    )({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      payload: { preferences: [{ event: 'messages', channel: 'email', enabled: false }] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().preferences).toContainEqual({ event: 'messages', channel: 'email', enabled: false });
    expect(changed.json().preferences).toContainEqual({ event: 'bookings', channel: 'email', enabled: true });
    // Another member's choices are theirs.
    expect((await as(t, client)({ method: 'GET', url: '/api/me/notification-preferences' })).json().preferences).toContainEqual({
      event: 'messages',
      channel: 'email',
      enabled: true,
    });

    const providerEmail = (await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } })).email;
    const mails = () => t.db.outboxMessage.count({ where: { recipient: providerEmail, template: 'notice' } });
    const before = await mails();
    const bellBefore = (await bell(provider)).unreadCount;
    await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body: 'sans mail' } });
    expect(await mails()).toBe(before);
    expect((await bell(provider)).unreadCount).toBe(bellBefore + 1);

    // Turned off in the bell too: nothing at all for messages, bookings still told.
    await as(
      t,
      provider,
    )({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      payload: { preferences: [{ event: 'messages', channel: 'in_app', enabled: false }] },
    });
    await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body: 'rien' } });
    expect((await bell(provider)).unreadCount).toBe(bellBefore + 1);
    await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/cancel`, payload: { version: 2 } });
    expect((await bell(provider)).notifications[0].kind).toBe('booking.cancelled');
    expect(await mails()).toBe(before + 1);

    const put = (payload: unknown) => as(t, provider)({ method: 'PUT', url: '/api/me/notification-preferences', payload });
    expect((await put({ preferences: [{ event: 'spam', channel: 'email', enabled: false }] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await put({ preferences: [] })).json().error.code).toBe('VALIDATION_FAILED');
    const anonymous = { origin: t.config.frontendUrl };
    expect((await t.app.inject({ method: 'GET', url: '/api/me/notification-preferences', headers: anonymous })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/me/notification-preferences', payload: { preferences: [] }, headers: anonymous }))
        .statusCode,
    ).toBe(401);
  });
});
