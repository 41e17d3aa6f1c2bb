import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/modules/messages/contact-masking';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference, sellingProvider } from '../support/bookings';
import { createUploadTestApp, minimalPdf, uploadFile, type UploadTestApp } from '../uploads/upload-helpers';

// A booking's conversation: its client and its provider write, admins may read (reports),
// anyone else is told it does not exist. Contact details are masked for the reader until
// the provider accepts; the stored text is unchanged, so acceptance reveals them.
describe('messages of a booking', () => {
  let t: UploadTestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let otherProvider: TestSession;
  let admin: TestSession;
  let bookingId: string;
  let url: string;
  beforeAll(async () => {
    t = await createUploadTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    otherProvider = await sellingProvider(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-messages@example.test' });
    const bookable = await bookableService(t);
    provider = bookable.provider;
    const [slot] = await nextSlots(t, bookable.service.id);
    bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })).json()
      .ids[0];
    url = `/api/bookings/${bookingId}/messages`;
  });
  afterAll(() => t.close());

  const anonymous = (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: path, payload: payload as never, headers: { origin: t.config.frontendUrl } });
  const send = (session: TestSession, payload: unknown) => as(t, session)({ method: 'POST', url, payload });
  const list = (session: TestSession, query = '') => as(t, session)({ method: 'GET', url: `${url}${query}` });

  it('masks contact details for the other party until the booking is accepted, and reveals them after', async () => {
    const text = 'Bonjour, appelez-moi au 06 12 34 56 78 ou amina at gmail dot com';
    const sent = await send(client, { body: text });
    expect(sent.statusCode).toBe(201);
    // The writer sees what they wrote.
    expect(sent.json()).toMatchObject({ body: text, mine: true, senderRole: 'client', masked: [] });

    const seen = (await list(provider)).json();
    expect(seen.revealed).toBe(false);
    expect(seen.messages[0]).toMatchObject({ body: `Bonjour, appelez-moi au ${MASK} ou ${MASK}`, mine: false });
    expect(seen.messages[0].masked.sort()).toEqual(['email', 'phone']);
    expect((await list(client)).json().messages[0].body).toBe(text);
    // Admins read messages as written (reports).
    expect((await list(admin)).json().messages[0].body).toBe(text);
    // Stored as written.
    expect((await t.db.message.findFirstOrThrow({ where: { bookingId } })).body).toBe(text);

    // The provider's bell and mail are written with the message, their preview masked.
    const bell = await t.db.inAppNotification.findFirstOrThrow({ where: { userId: provider.userId, kind: 'message.received' } });
    expect(bell).toMatchObject({ bookingId, body: `Bonjour, appelez-moi au ${MASK} ou ${MASK}` });
    expect(bell.body).not.toContain('06 12');
    const mail = await t.db.outboxMessage.findFirstOrThrow({
      where: { recipient: provider.email, template: 'notice' },
      orderBy: { createdAt: 'desc' },
    });
    expect(mail.payload).not.toContain('06 12');

    // The provider's answer is masked for the client too.
    await send(provider, { body: 'Mon WhatsApp : +212 6 98 76 54 32' });
    expect((await list(client)).json().messages[0].body).toBe(`Mon WhatsApp : ${MASK}`);

    const accepted = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 1 } });
    expect(accepted.statusCode).toBe(200);
    const after = (await list(provider)).json();
    expect(after.revealed).toBe(true);
    expect(after.messages.find((m: { mine: boolean }) => !m.mine)).toMatchObject({ body: text, masked: [] });
    expect((await list(client)).json().messages[0].body).toBe('Mon WhatsApp : +212 6 98 76 54 32');
  });

  it('lets only the parties write and read; admins read; anyone else is told the booking does not exist', async () => {
    for (const session of [stranger, otherProvider]) {
      expect((await list(session)).statusCode).toBe(404);
      expect((await send(session, { body: 'hello' })).statusCode).toBe(404);
      expect((await as(t, session)({ method: 'POST', url: `${url}/read`, payload: { upTo: 'x' } })).statusCode).toBe(404);
    }
    expect((await anonymous('GET', url)).statusCode).toBe(401);
    expect((await anonymous('POST', url, { body: 'hello' })).statusCode).toBe(401);
    expect((await anonymous('POST', `${url}/read`, { upTo: 'x' })).statusCode).toBe(401);
    // Admins read; writing is for the parties.
    expect((await list(admin)).statusCode).toBe(200);
    expect((await send(admin, { body: 'hello' })).statusCode).toBe(403);
    expect((await as(t, admin)({ method: 'POST', url: `${url}/read`, payload: { upTo: 'x' } })).statusCode).toBe(403);
    expect((await list(stranger, '')).json().error.code).toBe('NOT_FOUND');
    expect((await as(t, client)({ method: 'GET', url: '/api/bookings/nope/messages' })).statusCode).toBe(404);
  });

  it('pages through the conversation with cursors, none skipped or repeated, and catches up after a cursor', async () => {
    const before = (await list(client, '?limit=100')).json().messages.length;
    for (let i = 0; i < 7; i++) await send(i % 2 ? provider : client, { body: `message ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(client, `?limit=3${cursor ? `&before=${cursor}` : ''}`);
      const page = res.json() as { messages: { id: string }[]; nextCursor: string | null };
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(before + 7);
    expect(pages).toBe(Math.ceil((before + 7) / 3));
    // Newest first.
    const all = await t.db.message.findMany({ where: { bookingId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(seen).toEqual(all.map((m) => m.id));

    // A reader holding the latest cursor gets exactly what came after it, oldest first.
    const { latestCursor } = (await list(client, '?limit=1')).json();
    await send(provider, { body: 'later 1' });
    await send(client, { body: 'later 2' });
    const caughtUp = (await list(client, `?after=${latestCursor}`)).json();
    expect(caughtUp.messages.map((m: { body: string }) => m.body)).toEqual(['later 1', 'later 2']);
    expect((await list(client, `?after=${caughtUp.latestCursor}`)).json().messages).toEqual([]);
  });

  it('records read receipts for what the other party sent, up to a message', async () => {
    const mine = (await send(client, { body: 'lu ?' })).json();
    const theirs = (await send(provider, { body: 'pas encore' })).json();
    // Marking up to the provider's message reads the client's messages for the provider, not the provider's own.
    const marked = await as(t, provider)({ method: 'POST', url: `${url}/read`, payload: { upTo: theirs.id } });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().marked).toBeGreaterThan(0);
    const forClient = (await list(client, '?limit=2')).json().messages as { id: string; readAt: string | null }[];
    expect(forClient.find((m) => m.id === mine.id)!.readAt).not.toBeNull();
    expect(forClient.find((m) => m.id === theirs.id)!.readAt).toBeNull();
    // Again: nothing new to mark.
    expect((await as(t, provider)({ method: 'POST', url: `${url}/read`, payload: { upTo: theirs.id } })).json().marked).toBe(0);
    expect((await as(t, client)({ method: 'POST', url: `${url}/read`, payload: { upTo: 'nope' } })).statusCode).toBe(404);
  });

  it('sends attachments through the upload pipeline; both parties download them, nobody else', async () => {
    const uploaded = await uploadFile(t, client, { kind: 'chat_attachment', data: minimalPdf(), fileName: 'devis.pdf' });
    expect(uploaded.statusCode).toBe(201);
    const attachmentId = uploaded.json().id as string;
    const sent = await send(client, { attachmentId });
    expect(sent.statusCode).toBe(201);
    const download = sent.json().attachment.url as string;
    expect(download).toBe(`${url}/${sent.json().id}/attachment`);
    for (const session of [client, provider, admin]) {
      const res = await as(t, session)({ method: 'GET', url: download });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
    }
    for (const session of [stranger, otherProvider]) expect((await as(t, session)({ method: 'GET', url: download })).statusCode).toBe(404);
    expect((await anonymous('GET', download)).statusCode).toBe(401);
    // Once attached, a file is not attached again; another member's upload is not the sender's to attach.
    expect((await send(client, { body: 'encore', attachmentId })).json().error.code).toBe('ATTACHMENT_IN_USE');
    expect((await send(provider, { body: 'à moi ?', attachmentId })).json().error.code).toBe('ATTACHMENT_NOT_FOUND');
    const avatar = await t.db.upload.create({
      data: {
        ownerId: client.userId,
        kind: 'avatar',
        visibility: 'public',
        mimeType: 'image/webp',
        sizeBytes: 1,
        sha256: 'x',
        storageKey: 'k.webp',
      },
    });
    expect((await send(client, { attachmentId: avatar.id })).json().error.code).toBe('ATTACHMENT_NOT_FOUND');
  });

  it('lets a party report the other party’s message once; admins list reports with the text as written', async () => {
    const theirs = (await send(client, { body: 'Paie-moi en dehors : 0611223344' })).json();
    const report = `${url}/${theirs.id}/report`;
    const first = await as(t, provider)({ method: 'POST', url: report, payload: { reason: 'Demande de paiement hors plateforme' } });
    expect(first.statusCode).toBe(201);
    const again = await as(t, provider)({ method: 'POST', url: report, payload: { reason: 'encore' } });
    expect(again.json().id).toBe(first.json().id);
    expect((await as(t, client)({ method: 'POST', url: report, payload: { reason: 'moi-même' } })).json().error.code).toBe(
      'REPORT_OWN_CONTENT',
    );
    for (const session of [stranger, otherProvider]) {
      expect((await as(t, session)({ method: 'POST', url: report, payload: { reason: 'spam spam' } })).statusCode).toBe(404);
    }
    expect((await anonymous('POST', report, { reason: 'spam spam' })).statusCode).toBe(401);

    const listed = await as(t, admin)({ method: 'GET', url: '/api/admin/reports?subjectType=message' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().reports).toEqual([
      expect.objectContaining({
        id: first.json().id,
        subjectId: theirs.id,
        text: 'Paie-moi en dehors : 0611223344',
        bookingId,
        reporterId: provider.userId,
      }),
    ]);
    expect((await as(t, client)({ method: 'GET', url: '/api/admin/reports' })).statusCode).toBe(403);
    expect((await anonymous('GET', '/api/admin/reports')).statusCode).toBe(401);
  });

  it('answers bad input with a stable code, never a 500', async () => {
    const cases = [
      [() => send(client, { body: '   ' }), 400, 'VALIDATION_FAILED'],
      [() => send(client, { body: 'x'.repeat(4001) }), 400, 'VALIDATION_FAILED'],
      [() => list(client, '?before=not-a-cursor'), 400, 'CURSOR_INVALID'],
      [() => list(client, '?limit=0'), 400, 'VALIDATION_FAILED'],
      [
        () => list(client, `?before=${Buffer.from('["2026-01-01T00:00:00Z","a"]').toString('base64url')}&after=x`),
        400,
        'VALIDATION_FAILED',
      ],
      [() => as(t, client)({ method: 'POST', url: `${url}/x/report`, payload: { reason: 'a' } }), 400, 'VALIDATION_FAILED'],
      [() => as(t, client)({ method: 'POST', url: `${url}/nope/report`, payload: { reason: 'abcd' } }), 404, 'NOT_FOUND'],
    ] as const;
    for (const [call, status, code] of cases) {
      const res = await call();
      expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
    }
  });
});
