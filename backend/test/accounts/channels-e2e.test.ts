import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_CODE } from '../../src/modules/accounts/accounts.service';
import { createChannels } from '../../src/modules/notifications/channels';
import { deliverDueMessages } from '../../src/modules/notifications/notifications.service';
import { as, deliverAndRead, signUp, signUpBody, tokenFromLink } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

const deliver = (t: TestApp, now?: () => Date) => deliverDueMessages({ db: t.db, ...createChannels({ config: t.config, db: t.db }), now });

describe('phone verification (local capture)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const codeIn = async (phone: string) => /\b(\d{6})\b/.exec((await deliverAndRead(t, phone))[0]!.text)![1]!;

  it('verifies the phone with the 6-digit SMS code; wrong codes are limited', async () => {
    const user = await signUp(t);
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' })).statusCode).toBe(202);
    const code = await codeIn(user.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < PHONE_CODE.maxAttempts; i++) {
      expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code: wrong } })).json().error.code).toBe(
        'CODE_INVALID',
      );
    }
    const blocked = await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code } });
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);

    await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' });
    const fresh = await codeIn(user.phone);
    const ok = await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code: fresh } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.phoneVerified).toBe(true);
    // Single use.
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code: fresh } })).json().error.code).toBe(
      'CODE_EXPIRED',
    );
  });

  it('refuses an expired code', async () => {
    const user = await signUp(t);
    await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' });
    const code = await codeIn(user.phone);
    await t.db.phoneCode.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code } })).json().error.code).toBe(
      'CODE_EXPIRED',
    );
  });

  it(`sends at most ${PHONE_CODE.perPhonePerHour} codes per number per hour`, async () => {
    const user = await signUp(t);
    for (let i = 0; i < PHONE_CODE.perPhonePerHour; i++) {
      expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' })).statusCode).toBe(202);
    }
    const limited = await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' });
    expect([limited.statusCode, limited.json().error.code]).toEqual([429, 'SMS_RATE_LIMITED']);
  });
});

describe('mail through a real SMTP server and SMS through an Infobip-speaking server', () => {
  let smtp: SMTPServer;
  let smtpPort: number;
  const received: string[] = [];
  let infobip: HttpServer;
  let infobipPort: number;
  const smsRequests: { auth: string | undefined; body: { messages: { destinations: { to: string }[]; from: string; text: string }[] } }[] =
    [];
  let t: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;

    infobip = createHttpServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        smsRequests.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            bulkId: 'b-1',
            messages: [
              {
                messageId: `m-${smsRequests.length}`,
                to: '212',
                status: {
                  groupId: 1,
                  groupName: 'PENDING',
                  id: 26,
                  name: 'PENDING_ACCEPTED',
                  description: 'Message sent to next instance',
                },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => infobip.listen(0, '127.0.0.1', resolve));
    infobipPort = (infobip.address() as AddressInfo).port;

    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
      SMTP_FROM: 'Khadamat <no-reply@khadamat.test>',
      SMS_PROVIDER: 'infobip',
      SMS_API_BASE_URL: `http://127.0.0.1:${infobipPort}`,
      SMS_API_KEY: 'test-infobip-key',
      SMS_SENDER_ID: 'Khadamat',
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise((resolve) => infobip.close(resolve));
  });

  it('sends the verification mail over SMTP (HTML + text, in the user language) and the link verifies', async () => {
    const user = signUpBody({ locale: 'fr' });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: user })).statusCode).toBe(202);
    expect(await deliver(t)).toMatchObject({ sent: 1, failed: 0 });
    expect(await t.db.capturedMessage.count()).toBe(0);
    const mail = await simpleParser(received.at(-1)!);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(user.email);
    expect(mail.from?.text).toContain('no-reply@khadamat.test');
    expect(mail.html).toBeTruthy();
    expect(mail.text).toContain('/verify-email?token=');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: tokenFromLink(mail.text!) } });
    expect(res.statusCode).toBe(200);
    const sent = await t.db.outboxMessage.findFirstOrThrow({ where: { recipient: user.email } });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends the phone code through the Infobip API and the code verifies', async () => {
    const user = await signUp(t, { locale: 'ar' });
    await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' });
    await deliver(t);
    const request = smsRequests.at(-1)!;
    expect(request.auth).toBe('App test-infobip-key');
    const message = request.body.messages[0]!;
    expect(message.destinations[0]!.to).toBe(user.phone.slice(1));
    expect(message.from).toBe('Khadamat');
    const code = /(\d{6})/.exec(message.text)![1]!;
    const res = await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code } });
    expect(res.json().user.phoneVerified).toBe(true);
  });

  it('retries a mail later when the SMTP server is unreachable, without failing the request', async () => {
    const down = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', SMTP_SECURE: 'false' });
    try {
      const user = await signUp(down);
      const first = await deliverDueMessages({ db: down.db, ...createChannels({ config: down.config, db: down.db }) });
      expect(first).toMatchObject({ sent: 0, failed: 1 });
      const pending = await down.db.outboxMessage.findFirstOrThrow({ where: { recipient: user.email } });
      expect(pending.status).toBe('pending');
      expect(pending.attempts).toBe(1);
      expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      // Not due yet: nothing is tried again before the back-off.
      expect(await deliverDueMessages({ db: down.db, ...createChannels({ config: down.config, db: down.db }) })).toMatchObject({
        sent: 0,
        failed: 0,
      });
    } finally {
      await down.close();
    }
  });
});
