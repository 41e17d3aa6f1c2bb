import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, type Channels } from '../../src/modules/notifications/channels';
import { quietHoursEnd } from '../../src/modules/notifications/notices';
import { deliverDueMessages } from '../../src/modules/notifications/notifications.service';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { startReceivers, type Receivers } from '../support/receivers';
import { createTestApp, type TestApp } from '../support/test-app';

const CASABLANCA = 'Africa/Casablanca';
const at = (iso: string) => DateTime.fromISO(iso, { zone: CASABLANCA }).toJSDate();
const NIGHT = { startMinute: 21 * 60, endMinute: 8 * 60 };

describe('SMS quiet hours, on the member’s clock', () => {
  it('holds an SMS until the quiet hours end, across midnight and the clock changes of Ramadan', () => {
    expect(quietHoursEnd(at('2026-12-03T22:30'), CASABLANCA, NIGHT)).toEqual(at('2026-12-04T08:00'));
    expect(quietHoursEnd(at('2026-12-04T06:10'), CASABLANCA, NIGHT)).toEqual(at('2026-12-04T08:00'));
    expect(quietHoursEnd(at('2026-12-04T12:00'), CASABLANCA, NIGHT)).toBeNull();
    expect(quietHoursEnd(at('2026-12-04T21:00'), CASABLANCA, NIGHT)).toEqual(at('2026-12-05T08:00'));
    expect(quietHoursEnd(at('2026-12-04T08:00'), CASABLANCA, NIGHT)).toBeNull();
    // A window within one day.
    expect(quietHoursEnd(at('2026-12-04T13:30'), CASABLANCA, { startMinute: 13 * 60, endMinute: 15 * 60 })).toEqual(at('2026-12-04T15:00'));
    // Morocco leaves UTC+1 for UTC+0 for Ramadan: 08:00 is an hour later in UTC the morning
    // after the change than the morning before it, and the held SMS follows the wall clock.
    const zone = DateTime.fromObject({ year: 2026, month: 2, day: 15 }, { zone: CASABLANCA });
    const offsets = Array.from({ length: 40 }, (_, day) => zone.plus({ days: day }).offset);
    const change = offsets.findIndex((offset, day) => day > 0 && offset !== offsets[day - 1]);
    expect(change).toBeGreaterThan(0);
    // offsets[change] is the first midnight on the new time: the clocks moved in the small
    // hours of the day before, so the night before that is the one that spans the change.
    const night = zone.plus({ days: change - 2 }).set({ hour: 23 });
    const end = quietHoursEnd(night.toJSDate(), CASABLANCA, NIGHT)!;
    expect(DateTime.fromJSDate(end, { zone: CASABLANCA }).toFormat('HH:mm')).toBe('08:00');
    expect(end.getTime() - night.toJSDate().getTime()).toBe(9 * 3_600_000 + (offsets[change - 1]! - offsets[change]!) * 60_000);
  });
});

describe('notices: quiet hours, one-click unsubscribe, payment and verification news', () => {
  let t: TestApp;
  let receivers: Receivers;
  let channels: Channels;
  let client: TestSession;
  let provider: TestSession;
  let serviceId: string;
  const phone = '+212600112233';

  beforeAll(async () => {
    receivers = await startReceivers();
    t = await createTestApp();
    channels = createChannels({
      config: { ...t.config, smtp: { ...t.config.smtp, host: '127.0.0.1', port: receivers.smtpPort, secure: false } },
      db: t.db,
    });
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t);
    provider = bookable.provider;
    serviceId = bookable.service.id;
    // A provider whose phone is verified, so booking news reaches them by SMS too.
    await t.db.user.update({ where: { id: provider.userId }, data: { phone, phoneVerifiedAt: new Date() } });
    await deliverDueMessages({ db: t.db, ...channels });
  });
  afterAll(async () => {
    channels.mailer.close();
    await t.close();
    await receivers.close();
  });

  const prefs = (session: TestSession, payload?: unknown) =>
    as(
      t,
      session,
    )(
      payload
        ? { method: 'PUT', url: '/api/me/notification-preferences', payload }
        : { method: 'GET', url: '/api/me/notification-preferences' },
    );
  const clock = (date: Date) => DateTime.fromJSDate(date, { zone: CASABLANCA }).toFormat('HH:mm');
  const book = async (startAt: string) => {
    const res = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt) });
    expect(res.statusCode).toBe(201);
    return res.json().ids[0] as string;
  };

  it('lets a member set or turn off their quiet hours, and refuses hours that are not a window', async () => {
    expect((await prefs(provider)).json().quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect((await prefs(provider, { quietHours: { start: '22:30', end: '07:00' } })).json().quietHours).toEqual({
      start: '22:30',
      end: '07:00',
    });
    expect((await prefs(provider, { quietHours: null })).json().quietHours).toBeNull();
    // Other choices stay as they were.
    expect((await prefs(provider)).json().preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    for (const quietHours of [
      { start: '25:00', end: '07:00' },
      { start: '07:00', end: '07:00' },
      { start: '7h', end: '8h' },
    ]) {
      const refused = await prefs(provider, { quietHours });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await prefs(provider, {})).statusCode).toBe(400);
    // Another member's hours are theirs.
    expect((await prefs(client)).json().quietHours).toEqual({ start: '21:00', end: '08:00' });
    const audit = await t.db.auditLog.findFirst({
      where: { actorId: provider.userId, action: 'notifications.preferences_changed' },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.parse(audit!.detail)).toMatchObject({ quietHours: null });
  });

  it('holds an SMS that can wait until the quiet hours end, and sends at once one about a job that starts before they end', async () => {
    // Quiet hours that began an hour ago and end in just under a day, on the provider's clock.
    const now = DateTime.now().setZone(CASABLANCA);
    const start = now.minus({ hours: 1 }).startOf('minute');
    const end = start.minus({ minutes: 5 });
    await prefs(provider, { quietHours: { start: start.toFormat('HH:mm'), end: end.toFormat('HH:mm') } });
    const before = await t.db.outboxMessage.count({ where: { channel: 'sms', recipient: phone } });

    const slots = await nextSlots(t, serviceId, 4);
    const soon = slots.find((slot) => new Date(slot).getTime() < Date.now() + 6 * 3_600_000)!;
    const later = slots.find((slot) => new Date(slot).getTime() > Date.now() + 48 * 3_600_000)!;
    await book(soon);
    await book(later);
    const sms = (await t.db.outboxMessage.findMany({ where: { channel: 'sms', recipient: phone }, orderBy: { createdAt: 'asc' } })).slice(
      before,
    );
    expect(sms).toHaveLength(2);
    // The job in a few hours: told now (held, the SMS would come after the job).
    expect(sms[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // The job in two days: held to the end of the quiet hours, on the provider's clock.
    expect(sms[1]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20 * 3_600_000);
    expect(clock(sms[1]!.nextAttemptAt)).toBe(end.toFormat('HH:mm'));
    // The bell and the mail are not held.
    const mail = await t.db.outboxMessage.findFirst({ where: { channel: 'email', template: 'notice' }, orderBy: { createdAt: 'desc' } });
    expect(mail!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // Delivery leaves the held SMS queued.
    await deliverDueMessages({ db: t.db, ...channels });
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id: sms[1]!.id } })).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id: sms[0]!.id } })).status).toBe('sent');
    await prefs(provider, { quietHours: null });
  });

  it('puts a one-click unsubscribe link in notice mail, never in account mail, and the link turns that mail off', async () => {
    await deliverDueMessages({ db: t.db, ...channels });
    const [slot] = (await nextSlots(t, serviceId, 6)).slice(-1);
    const bookingId = await book(slot!);
    const providerEmail = (await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } })).email;
    const first = receivers.received.length;
    await deliverDueMessages({ db: t.db, ...channels });
    const notice = receivers.received.slice(first).find((mail) => mail.to === providerEmail)!;
    expect(notice).toBeDefined();
    const header = notice.headers['list-unsubscribe']!;
    expect(header).toMatch(/^<http:\/\/.+\/api\/unsubscribe\?token=[\w-]+\.[\w-]+>$/);
    expect(notice.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(notice.text).toMatch(/\/fr\/unsubscribe\?token=/);
    const oneClick = new URL(header.slice(1, -1));

    // The page asks first: a GET (a link scanner) changes nothing.
    const state = await t.app.inject({ method: 'GET', url: `${oneClick.pathname}${oneClick.search}` });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toEqual({ event: 'bookings', subscribed: true });

    // The mail app's POST: a form body, no cookie, no Origin.
    const clicked = await t.app.inject({
      method: 'POST',
      url: `${oneClick.pathname}${oneClick.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.statusCode).toBe(200);
    expect(clicked.json()).toEqual({ event: 'bookings', subscribed: false });
    expect((await prefs(provider)).json().preferences).toContainEqual({ event: 'bookings', channel: 'email', enabled: false });
    expect(await t.db.auditLog.count({ where: { actorId: provider.userId, action: 'notifications.unsubscribed' } })).toBe(1);
    // Twice is the same.
    expect((await t.app.inject({ method: 'POST', url: `${oneClick.pathname}${oneClick.search}` })).json()).toEqual({
      event: 'bookings',
      subscribed: false,
    });

    // Booking news no longer reaches them by mail; the bell still does.
    const mailsBefore = await t.db.outboxMessage.count({ where: { recipient: providerEmail, template: 'notice' } });
    await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/cancel`, payload: { version: 1 } });
    expect(await t.db.outboxMessage.count({ where: { recipient: providerEmail, template: 'notice' } })).toBe(mailsBefore);
    const bell = (await as(t, provider)({ method: 'GET', url: '/api/me/notifications' })).json();
    expect(bell.notifications[0]).toMatchObject({ kind: 'booking.cancelled', bookingId });

    // Account mail carries no unsubscribe link.
    const fresh = await signUp(t);
    const email = (await t.db.user.findUniqueOrThrow({ where: { id: fresh.userId } })).email;
    const before = receivers.received.length;
    await as(t, fresh)({ method: 'POST', url: '/api/auth/verify-email/resend' });
    await deliverDueMessages({ db: t.db, ...channels });
    const accountMails = receivers.received.slice(before).filter((mail) => mail.to === email);
    expect(accountMails.length).toBeGreaterThan(0);
    for (const mail of accountMails) expect(mail.headers['list-unsubscribe']).toBeUndefined();
  });

  it('refuses a forged, altered or foreign token with a stable code and changes nothing', async () => {
    const token = new URL(channels.unsubscribeLinks(client.userId, 'messages', 'fr').oneClick).searchParams.get('token')!;
    const [payload, signature] = token.split('.');
    const otherUser = Buffer.from(JSON.stringify({ u: provider.userId, e: 'messages' })).toString('base64url');
    const otherEvent = Buffer.from(JSON.stringify({ u: client.userId, e: 'spam' })).toString('base64url');
    for (const bad of [
      `${otherUser}.${signature}`,
      `${otherEvent}.${signature}`,
      `${payload}.${'A'.repeat(43)}`,
      'not-a-token-at-all',
      `${token}.x`,
    ]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url: `/api/unsubscribe?token=${encodeURIComponent(bad)}` });
        expect(res.statusCode, `${method} ${bad}`).toBe(400);
        expect(res.json().error.code).toMatch(/UNSUBSCRIBE_LINK_INVALID|VALIDATION_FAILED/);
      }
    }
    // A token made for another use (a KYC document link) is refused here.
    const { signToken } = await import('../../src/platform/crypto/signed-token');
    const foreign = signToken(t.config.sessionSecret, 'kyc-file', { u: client.userId, e: 'messages' });
    expect((await t.app.inject({ method: 'POST', url: `/api/unsubscribe?token=${foreign}` })).json().error.code).toBe(
      'UNSUBSCRIBE_LINK_INVALID',
    );
    expect((await prefs(client)).json().preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    // The valid one works without a session.
    expect((await t.app.inject({ method: 'POST', url: `/api/unsubscribe?token=${token}` })).json()).toEqual({
      event: 'messages',
      subscribed: false,
    });
  });
});
