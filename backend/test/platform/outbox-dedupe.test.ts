import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels } from '../../src/modules/notifications/channels';
import { deliverDueMessages, enqueueNotification } from '../../src/modules/notifications/notifications.service';
import { startReceivers, type Receivers } from '../support/receivers';
import { createTestApp, type TestApp } from '../support/test-app';

describe('outbox messages carry a stable key', () => {
  let t: TestApp;
  let receivers: Receivers;
  beforeAll(async () => {
    receivers = await startReceivers();
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    await receivers.close();
  });

  /** What a crash between send and mark-sent leaves: the row pending, its lease over. */
  const forgetSent = () =>
    t.db.outboxMessage.updateMany({
      data: { status: 'pending', sentAt: null, lockedUntil: null, nextAttemptAt: new Date(Date.now() - 1) },
    });

  const enqueueBoth = async () => {
    await enqueueNotification({
      db: t.db,
      notification: {
        channel: 'email',
        recipient: 'amina@example.test',
        template: 'verify-email',
        locale: 'fr',
        payload: { name: 'Amina', link: 'https://khadamat.example.test/v?t=1' },
      },
    });
    await enqueueNotification({
      db: t.db,
      notification: {
        channel: 'sms',
        recipient: '+212600000001',
        template: 'phone-code',
        locale: 'ar',
        payload: { code: '123456', minutes: 10 },
      },
    });
  };

  it('is the Message-ID and the SMS client reference; a re-send after a crash is recognised', async () => {
    await enqueueBoth();
    const channels = createChannels({
      config: {
        ...t.config,
        smtp: { ...t.config.smtp, host: '127.0.0.1', port: receivers.smtpPort, secure: false },
        sms: { provider: 'infobip', apiBaseUrl: receivers.smsUrl, apiKey: 'test-key', senderId: 'Khadamat' },
      },
      db: t.db,
    });
    expect(await deliverDueMessages({ db: t.db, ...channels })).toEqual({ sent: 2, failed: 0 });
    await forgetSent();
    expect(await deliverDueMessages({ db: t.db, ...channels })).toEqual({ sent: 2, failed: 0 });
    channels.mailer.close();

    const ids = await t.db.outboxMessage.findMany({ select: { id: true, channel: true } });
    const emailId = ids.find((m) => m.channel === 'email')!.id;
    const smsId = ids.find((m) => m.channel === 'sms')!.id;
    // Sent twice (at-least-once), with the same key both times.
    expect(receivers.mails).toHaveLength(2);
    expect(new Set(receivers.mails)).toEqual(new Set([`<outbox-${emailId}@${/@([^>]+)>?$/.exec(t.config.smtp.from)![1]}>`]));
    expect(receivers.sms).toEqual([`outbox-${smsId}`, `outbox-${smsId}`]);
  });

  it('the local capture keeps one copy of a message sent twice', async () => {
    await t.db.outboxMessage.deleteMany();
    await enqueueBoth();
    const channels = createChannels({ config: t.config, db: t.db });
    await deliverDueMessages({ db: t.db, ...channels });
    await forgetSent();
    await deliverDueMessages({ db: t.db, ...channels });
    expect(await t.db.capturedMessage.count({ where: { recipient: { in: ['amina@example.test', '+212600000001'] } } })).toBe(2);
  });
});
