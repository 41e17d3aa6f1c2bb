import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEnv } from '../../src/config/env';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/platform/mail/delivery-errors';
import { createMailer, type CapturedMail, type Mailer } from '../../src/platform/mail/mail';
import { appLink, renderMail } from '../../src/platform/mail/templates';

const FROM = 'Khadamat <no-reply@khadamat.example.test>';
const link = appLink({ baseUrl: 'https://khadamat.example.test', path: '/auth/verify-email', query: { token: 'tok-123' } });

function smtpConfig(port: number) {
  return validateEnv({
    NODE_ENV: 'test',
    MOCK_REDIS: 'true',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_SECURE: 'false',
    SMTP_FROM: FROM,
  });
}

const noCapture = async () => {
  throw new Error('capture must not be used when SMTP is configured');
};

/** A real SMTP server on loopback; recipients named busy@ or unknown@ are refused with 450 and 550. */
async function startSmtpServer() {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      const refusals: Record<string, [number, string]> = {
        'busy@khadamat.example.test': [450, 'Mailbox busy, try again later'],
        'unknown@khadamat.example.test': [550, 'No such user here'],
      };
      const refusal = refusals[address.address];
      callback(refusal ? Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }) : null);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mailer over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer({ config: smtpConfig(smtp.port), capture: noCapture });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  async function sendAndReceive(locale: 'fr' | 'ar'): Promise<{ id: string; captured: boolean; parsed: ParsedMail }> {
    const before = smtp.received.length;
    const result = await mailer.send({ to: 'amina@example.test', locale, ...renderMail('verify-email', locale, { name: 'Amina', link }) });
    expect(smtp.received).toHaveLength(before + 1);
    return { ...result, parsed: await simpleParser(smtp.received[before]!) };
  }

  it('delivers a multipart message with HTML and text, From, To, Subject and Content-Language', async () => {
    const { id, captured, parsed } = await sendAndReceive('fr');

    expect(captured).toBe(false);
    expect(parsed.messageId).toBe(id);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.subject).toBe('Confirmez votre adresse e-mail');
    expect(parsed.from?.value).toEqual([{ name: 'Khadamat', address: 'no-reply@khadamat.example.test' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'amina@example.test' }] });
    expect(parsed.headers.get('content-language')).toBe('fr');
    expect(parsed.html).toContain(`href="${link}"`);
    expect(parsed.html).toContain('<html lang="fr" dir="ltr">');
    expect(parsed.text).toContain(`\n${link}\n`);
  });

  it('delivers the Arabic template right to left with an Arabic subject', async () => {
    const { parsed } = await sendAndReceive('ar');

    expect(parsed.subject).toBe('أكِّد عنوان بريدك الإلكتروني');
    expect(parsed.headers.get('content-language')).toBe('ar');
    expect(parsed.html).toContain('<html lang="ar" dir="rtl">');
    expect(parsed.text).toContain('مرحبًا Amina،');
  });

  it('reports a 450 refusal as transient and a 550 refusal as permanent', async () => {
    const message = { locale: 'en' as const, ...renderMail('welcome', 'en', { name: 'Amina' }) };

    const busy = mailer.send({ ...message, to: 'busy@khadamat.example.test' });
    await expect(busy).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(busy).rejects.toThrow(/450/);

    const unknown = mailer.send({ ...message, to: 'unknown@khadamat.example.test' });
    await expect(unknown).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(unknown).rejects.toThrow(/550/);
  });
});

describe('mailer without a reachable SMTP server', () => {
  it('reports a refused connection as transient', async () => {
    const mailer = createMailer({ config: smtpConfig(await closedPort()), capture: noCapture });
    try {
      const sending = mailer.send({ to: 'amina@example.test', locale: 'en', ...renderMail('welcome', 'en', { name: 'Amina' }) });
      await expect(sending).rejects.toBeInstanceOf(TransientDeliveryError);
    } finally {
      mailer.close();
    }
  });
});

describe('mailer in capture mode (no SMTP_HOST)', () => {
  it('hands every message to the capture function instead of sending it', async () => {
    const captured: CapturedMail[] = [];
    const config = validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true', SMTP_FROM: FROM });
    const mailer = createMailer({ config, capture: async (mail) => void captured.push(mail) });
    const rendered = renderMail('password-changed', 'ar', { name: 'Amina' });

    const result = await mailer.send({ to: 'amina@example.test', locale: 'ar', ...rendered });

    expect(result.captured).toBe(true);
    expect(captured).toEqual([{ id: result.id, from: FROM, to: 'amina@example.test', locale: 'ar', ...rendered }]);
  });
});
