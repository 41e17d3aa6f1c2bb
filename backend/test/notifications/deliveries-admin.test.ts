import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, type Channels } from '../../src/modules/notifications/channels';
import { deliverDueMessages, enqueueNotification } from '../../src/modules/notifications/notifications.service';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { startReceivers, type Receivers } from '../support/receivers';
import { createTestApp, type TestApp } from '../support/test-app';

describe('failed deliveries in the back office', () => {
  let t: TestApp;
  let receivers: Receivers;
  let channels: Channels;
  let admin: TestSession;
  let member: TestSession;
  beforeAll(async () => {
    receivers = await startReceivers();
    t = await createTestApp();
    channels = createChannels({
      config: { ...t.config, smtp: { ...t.config.smtp, host: '127.0.0.1', port: receivers.smtpPort, secure: false } },
      db: t.db,
    });
    admin = await adminWithSecondFactor(t, { email: 'ops@example.test' });
    member = await signUp(t);
  });
  afterAll(async () => {
    channels.mailer.close();
    await t.close();
    await receivers.close();
  });

  const mail = (recipient: string) =>
    enqueueNotification({
      db: t.db,
      notification: {
        channel: 'email',
        recipient,
        template: 'notice',
        locale: 'fr',
        payload: { name: 'Amina', subject: 'Votre réservation', body: 'Lien secret : https://khadamat.example.test/x?token=SECRET' },
      },
    });
  const list = (query = '') => as(t, admin)({ method: 'GET', url: `/api/admin/deliveries${query}` });

  it('lists what failed for good, without its contents, and retries it once the cause is fixed', async () => {
    // Everything queued so far (sign-up mails) is out of the way first.
    await deliverDueMessages({ db: t.db, ...channels });
    receivers.refused.add('gone@example.test');
    receivers.refused.add('moved@example.test');
    await mail('gone@example.test');
    await mail('moved@example.test');
    await mail('fine@example.test');
    await deliverDueMessages({ db: t.db, ...channels });

    const failed = await list();
    expect(failed.statusCode).toBe(200);
    const body = failed.json();
    expect(body.counts).toEqual({ pending: 0, dead: 2 });
    expect(body.items.map((item: { recipient: string }) => item.recipient).sort()).toEqual(['gone@example.test', 'moved@example.test']);
    expect(body.items[0]).toMatchObject({
      channel: 'email',
      template: 'notice',
      status: 'dead',
      lastError: expect.stringContaining('550'),
    });
    // Links and codes in messages are secrets: the payload never leaves the server.
    expect(failed.body).not.toContain('SECRET');
    expect(body.items[0]).not.toHaveProperty('payload');

    // One page at a time, the newest first.
    const first = (await list('?limit=1')).json();
    expect(first.items).toHaveLength(1);
    const second = (await list(`?limit=1&after=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([first.items[0].id, second.items[0].id]).size).toBe(2);
    expect((await list('?status=sent&channel=email')).json().items.map((i: { recipient: string }) => i.recipient)).toContain(
      'fine@example.test',
    );

    receivers.refused.delete('moved@example.test');
    const moved = body.items.find((item: { recipient: string }) => item.recipient === 'moved@example.test');
    const retried = await as(t, admin)({ method: 'POST', url: `/api/admin/deliveries/${moved.id}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: moved.id, status: 'pending', attempts: 0 });
    expect(await t.db.auditLog.count({ where: { action: 'delivery.retried', subjectId: moved.id, actorId: admin.userId } })).toBe(1);
    // A second retry (another admin, another tab) is refused: the row is no longer failed.
    const again = await as(t, admin)({ method: 'POST', url: `/api/admin/deliveries/${moved.id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DELIVERY_NOT_FAILED');
    expect((await as(t, admin)({ method: 'POST', url: '/api/admin/deliveries/nope/retry' })).statusCode).toBe(404);

    await deliverDueMessages({ db: t.db, ...channels });
    expect(receivers.received.map((m) => m.to)).toContain('moved@example.test');
    expect((await list()).json().counts).toEqual({ pending: 0, dead: 1 });
  });

  it('is for admins on the admin network only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/deliveries' })).statusCode).toBe(401);
    expect((await as(t, member)({ method: 'GET', url: '/api/admin/deliveries' })).statusCode).toBe(403);
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { status: 'dead' } });
    const memberRetry = await as(t, member)({ method: 'POST', url: `/api/admin/deliveries/${row.id}/retry` });
    expect(memberRetry.statusCode).toBe(403);
    const outside = await t.app.inject({
      method: 'GET',
      url: '/api/admin/deliveries',
      remoteAddress: '203.0.113.9',
      headers: { cookie: admin.cookie },
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('ADMIN_NETWORK_FORBIDDEN');
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'dead' });
  });

  it('answers bad input with a stable code', async () => {
    for (const query of ['?status=lost', '?limit=0', '?limit=1000', '?channel=fax']) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
