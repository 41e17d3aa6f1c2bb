import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/modules/messages/contact-masking';
import { MAX_STREAMS_PER_MEMBER } from '../../src/modules/live/live-hub';
import { enqueueNotification } from '../../src/modules/notifications/notifications.service';
import { touchMembers } from '../../src/platform/db/after-commit';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { SseClient, type SseEvent } from '../support/sse';
import { createTestApp, type TestApp } from '../support/test-app';

// The member's live stream over a real port: who may open it, what reaches whom (masked for
// the reader), and resuming from an event id with exactly the events missed.
describe('live events (GET /api/me/events)', () => {
  let t: TestApp;
  let base: string;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let bookingId: string;
  const open: SseClient[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    const bookable = await bookableService(t);
    provider = bookable.provider;
    const [slot] = await nextSlots(t, bookable.service.id);
    bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })).json()
      .ids[0];
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await t.close();
  });

  const stream = async (session: Pick<TestSession, 'cookie'> | null, headers: Record<string, string> = {}, query = '') => {
    const s = await SseClient.open(`${base}/api/me/events${query}`, { ...(session ? { cookie: session.cookie } : {}), ...headers });
    if (s.status === 200) open.push(s);
    return s;
  };
  const send = async (session: TestSession, body: string) => {
    const res = await as(t, session)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  /** A notice in the member's bell, written as the services write them: the marker that a stream has caught up. */
  const marker = (userId: string, title: string) =>
    enqueueNotification({ db: t.db, notification: { channel: 'in_app', userId, kind: 'test.marker', title, body: '' } });
  const names = (events: SseEvent[]) =>
    events.map(
      (e) =>
        `${e.event}:${e.event === 'message' ? (e.data as { message: { body: string } }).message.body : (e.data as { title: string }).title}`,
    );

  it('refuses anonymous callers, pages of other sites, bad cursors and one stream too many, each with a stable code', async () => {
    const anonymous = await stream(null);
    expect([anonymous.status, JSON.parse(anonymous.body).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const foreign = await stream(client, { origin: 'https://evil.example' });
    expect([foreign.status, JSON.parse(foreign.body).error.code]).toEqual([403, 'ORIGIN_REFUSED']);
    const ours = await stream(client, { origin: t.config.frontendUrl });
    expect(ours.status).toBe(200);
    ours.close();
    for (const bad of ['nonsense', 'v1.zzzzzzzzzzzzz', 'v1.abc.id~not-a-time', 'v2.abc']) {
      const refused = await stream(client, { 'last-event-id': bad });
      expect([bad, refused.status, JSON.parse(refused.body).error.code]).toEqual([bad, 400, 'CURSOR_INVALID']);
    }
    const badQuery = await stream(client, {}, '?after=nonsense');
    expect(badQuery.status).toBe(400);

    const many: SseClient[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_MEMBER; i++) many.push(await stream(stranger));
    expect(many.map((s) => s.status)).toEqual(many.map(() => 200));
    const extra = await stream(stranger);
    expect([extra.status, JSON.parse(extra.body).error.code]).toEqual([429, 'TOO_MANY_STREAMS']);
    for (const s of many) s.close();
    // Closed streams free their places (the server sees the disconnection).
    let again = await stream(stranger);
    while (again.status === 429) again = await stream(stranger);
    expect(again.status).toBe(200);
    again.close();
  });

  it('delivers a message to both parties (masked for the reader, as written for the writer) and to no one else', async () => {
    const [forClient, forProvider, forStranger] = [await stream(client), await stream(provider), await stream(stranger)];
    const text = 'Appelez-moi au 06 12 34 56 78';
    const sent = await send(client, text);

    const providerEvents = await forProvider.waitFor(2);
    const message = providerEvents.find((e) => e.event === 'message')!;
    expect(message.data).toMatchObject({
      bookingId,
      message: { id: sent.id, body: `Appelez-moi au ${MASK}`, mine: false, masked: ['phone'] },
    });
    const notice = providerEvents.find((e) => e.event === 'notification')!;
    expect(notice.data).toMatchObject({ kind: 'message.received', bookingId, body: `Appelez-moi au ${MASK}` });
    // The same item shapes as the lists.
    const listed = (await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}/messages` })).json().messages[0];
    expect((message.data as { message: unknown }).message).toEqual(listed);
    const bell = (await as(t, provider)({ method: 'GET', url: '/api/me/notifications' })).json().notifications[0];
    expect(notice.data).toEqual(bell);

    // The writer's other tabs get their own message, as written.
    const own = (await forClient.waitFor(1))[0]!;
    expect(own.data).toMatchObject({ bookingId, message: { id: sent.id, body: text, mine: true, masked: [] } });

    // The stranger's stream is alive (its own notice arrives) and got nothing of the booking.
    await marker(stranger.userId, 'for the stranger');
    expect(names(await forStranger.waitFor(1))).toEqual(['notification:for the stranger']);
    await marker(client.userId, 'client caught up');
    expect(names(await forClient.waitFor(2))).toEqual([`message:${text}`, 'notification:client caught up']);
    for (const s of [forClient, forProvider, forStranger]) s.close();
  });

  it('resumes from Last-Event-ID (or ?after=) with exactly the events missed, once, in order', async () => {
    const first = await stream(provider);
    await send(client, 'avant la coupure');
    await first.waitFor(2);
    const resumeFrom = first.lastId;
    first.close();

    // Missed while disconnected: three messages and their notices, and one message of the provider's own.
    await send(client, 'manqué 1');
    await send(provider, 'manqué 2 (du prestataire)');
    await send(client, 'manqué 3');
    const expected = [
      'message:manqué 1',
      'notification:Nouveau message de Amina Test',
      'message:manqué 2 (du prestataire)',
      'message:manqué 3',
      'notification:Nouveau message de Amina Test',
    ];
    const resumed = await stream(provider, { 'last-event-id': resumeFrom });
    const caughtUp = await resumed.waitFor(5);
    expect(names(caughtUp)).toEqual(expected);
    // In the order they were written.
    const times = caughtUp.map((e) =>
      e.event === 'message'
        ? (e.data as { message: { createdAt: string } }).message.createdAt
        : (e.data as { createdAt: string }).createdAt,
    );
    expect([...times].sort()).toEqual(times);
    // Nothing more (no repeat) before the next live event.
    await marker(provider.userId, 'after resume');
    expect(names(await resumed.waitFor(6)).slice(5)).toEqual(['notification:after resume']);

    // The same through ?after=, from the same id: the same events, then the marker.
    const viaQuery = await stream(provider, {}, `?after=${encodeURIComponent(resumeFrom)}`);
    expect(names(await viaQuery.waitFor(6))).toEqual([...expected, 'notification:after resume']);

    // Resuming from the newest id gives nothing that was already delivered.
    const latest = viaQuery.lastId;
    resumed.close();
    viaQuery.close();
    const fromLatest = await stream(provider, { 'last-event-id': latest });
    await marker(provider.userId, 'only this');
    expect(names(await fromLatest.waitFor(1))).toEqual(['notification:only this']);
    fromLatest.close();
  });

  it('delivers, once, a row that commits after later ones were sent (stamped before them)', async () => {
    const s = await stream(provider);
    await send(client, 'récent');
    await s.waitFor(2);
    const before = s.lastId;
    // A transaction that wrote before the message commits only now: its row's time is older
    // than the message's, which the stream has already sent.
    await t.db.$transaction(async (tx) => {
      await tx.inAppNotification.create({
        data: { userId: provider.userId, kind: 'test.late', title: 'en retard', body: '', createdAt: new Date(Date.now() - 5_000) },
      });
      touchMembers(tx, [provider.userId]);
    });
    expect(names(await s.waitFor(3)).slice(2)).toEqual(['notification:en retard']);
    // Resumed from before it: it comes once; from after it: not again.
    const after = s.lastId;
    s.close();
    const [fromBefore, fromAfter] = [
      await stream(provider, { 'last-event-id': before }),
      await stream(provider, { 'last-event-id': after }),
    ];
    await marker(provider.userId, 'fin');
    expect(names(await fromBefore.waitFor(2))).toEqual(['notification:en retard', 'notification:fin']);
    expect(names(await fromAfter.waitFor(1))).toEqual(['notification:fin']);
    fromBefore.close();
    fromAfter.close();
  });

  it('ends its streams when the server closes, and the close does not wait on them', async () => {
    const token = 'metrics-token-for-the-live-test';
    const other = await createTestApp({ METRICS_TOKEN: token });
    const member = await signUp(other);
    const url = await other.app.listen({ host: '127.0.0.1', port: 0 });
    const streams = [
      await SseClient.open(`${url}/api/me/events`, { cookie: member.cookie }),
      await SseClient.open(`${url}/api/me/events`, { cookie: member.cookie }),
    ];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    await enqueueNotification({
      db: other.db,
      notification: { channel: 'in_app', userId: member.userId, kind: 'test', title: 'x', body: '' },
    });
    await Promise.all(streams.map((s) => s.waitFor(1)));
    const metrics = await other.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(metrics.body).toMatch(/^live_streams 2$/m);
    expect(metrics.body).toMatch(/^live_events_sent_total\{event="notification"\} 2$/m);
    await Promise.all([other.close(), ...streams.map((s) => s.untilEnded())]);
    expect(streams.map((s) => s.ended)).toEqual([true, true]);
  });
});
