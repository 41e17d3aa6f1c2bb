import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/modules/messages/contact-masking';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

interface Conversation {
  bookingId: string;
  viewerRole: string;
  other: { id: string; name: string };
  service: { title: string };
  lastMessage: { body: string; mine: boolean; masked: string[]; hasAttachment: boolean } | null;
  unreadCount: number;
}

// GET /api/me/conversations: each party's inbox of their bookings, latest activity first,
// with the newest message as that party may read it and what they have not read.
describe('the inbox', () => {
  let t: TestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let admin: TestSession;
  const bookings: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-inbox@example.test' });
    const bookable = await bookableService(t);
    provider = bookable.provider;
    // Three starts an hour apart or more (the service lasts an hour).
    const slots: string[] = [];
    for (const slot of await nextSlots(t, bookable.service.id)) {
      if (slots.length < 3 && (slots.length === 0 || Date.parse(slot) - Date.parse(slots.at(-1)!) >= 3_600_000)) slots.push(slot);
    }
    for (const slot of slots) {
      const created = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot) });
      expect(created.statusCode).toBe(201);
      bookings.push(created.json().ids[0] as string);
    }
  });
  afterAll(() => t.close());

  const inbox = async (session: TestSession, query = '') => {
    const res = await as(t, session)({ method: 'GET', url: `/api/me/conversations${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { conversations: Conversation[]; nextCursor: string | null };
  };
  const send = (session: TestSession, bookingId: string, body: string) =>
    as(t, session)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body } });

  it('lists the caller’s conversations, latest activity first, the preview masked for the reader until acceptance', async () => {
    const [first, second, third] = bookings as [string, string, string];
    expect((await send(client, second, 'Bonjour, mon numéro : 06 12 34 56 78')).statusCode).toBe(201);
    expect((await send(provider, second, 'Bien reçu')).statusCode).toBe(201);
    expect((await send(client, second, 'Merci, à demain')).statusCode).toBe(201);
    expect((await send(client, first, 'Appelez le 0612345678')).statusCode).toBe(201);

    const forProvider = await inbox(provider);
    // The first booking has the latest message, then the second; the third has none yet.
    expect(forProvider.conversations.map((c) => c.bookingId)).toEqual([first, second, third]);
    const [one, two, three] = forProvider.conversations as [Conversation, Conversation, Conversation];
    expect(one).toMatchObject({
      viewerRole: 'provider',
      other: { id: client.userId },
      unreadCount: 1,
      service: { title: 'Ménage complet' },
    });
    expect(one.lastMessage).toMatchObject({ body: `Appelez le ${MASK}`, mine: false, masked: ['phone'], hasAttachment: false });
    expect(two).toMatchObject({ unreadCount: 2, lastMessage: { body: 'Merci, à demain', mine: false } });
    expect(three).toMatchObject({ unreadCount: 0, lastMessage: null });

    // The writer reads their own words; the client has one unread message, from the provider.
    const forClient = await inbox(client);
    expect(forClient.conversations[0]).toMatchObject({
      bookingId: first,
      viewerRole: 'client',
      other: { id: provider.userId },
      lastMessage: { body: 'Appelez le 0612345678', mine: true, masked: [] },
      unreadCount: 0,
    });
    expect(forClient.conversations[1]).toMatchObject({ bookingId: second, unreadCount: 1 });

    // Read receipts lower the count; acceptance reveals the preview.
    const latest = (await as(t, provider)({ method: 'GET', url: `/api/bookings/${second}/messages?limit=1` })).json().messages[0];
    await as(t, provider)({ method: 'POST', url: `/api/bookings/${second}/messages/read`, payload: { upTo: latest.id } });
    const accepted = await as(t, provider)({ method: 'POST', url: `/api/bookings/${first}/actions/accept`, payload: { version: 1 } });
    expect(accepted.statusCode).toBe(200);
    const after = await inbox(provider);
    expect(after.conversations.find((c) => c.bookingId === second)!.unreadCount).toBe(0);
    expect(after.conversations.find((c) => c.bookingId === first)!.lastMessage).toMatchObject({
      body: 'Appelez le 0612345678',
      masked: [],
    });
  });

  it('pages with a cursor, none skipped or repeated; a bad cursor is a 400 with its code', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await inbox(client, `?limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations.map((c) => c.bookingId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...bookings].sort());
    const bad = await as(t, client)({ method: 'GET', url: '/api/me/conversations?before=not-a-cursor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CURSOR_INVALID');
    const tooMany = await as(t, client)({ method: 'GET', url: '/api/me/conversations?limit=1000' });
    expect(tooMany.statusCode).toBe(400);
  });

  it('shows a member only their own conversations; anonymous callers are refused, admins are not members', async () => {
    expect((await inbox(stranger)).conversations).toEqual([]);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/me/conversations', headers: { origin: t.config.frontendUrl } });
    expect(anonymous.statusCode).toBe(401);
    expect((await as(t, admin)({ method: 'GET', url: '/api/me/conversations' })).statusCode).toBe(403);
  });

  it('leaves out ended bookings without messages, keeps ended ones with messages', async () => {
    const [, second, third] = bookings as [string, string, string];
    for (const id of [second, third]) {
      const version = (await as(t, client)({ method: 'GET', url: `/api/bookings/${id}` })).json().version as number;
      const cancelled = await as(t, client)({ method: 'POST', url: `/api/bookings/${id}/actions/cancel`, payload: { version } });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
    }
    const ids = (await inbox(client)).conversations.map((c) => c.bookingId);
    expect(ids).toContain(second);
    expect(ids).not.toContain(third);
  });
});
