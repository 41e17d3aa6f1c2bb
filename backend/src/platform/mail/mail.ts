import { randomUUID } from 'node:crypto';
import type { Locale } from '@khadamat/contracts';
import type { NodemailerError } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { Config } from '../../config/env';
import { PermanentDeliveryError, TransientDeliveryError } from './delivery-errors';

export interface OutgoingMail {
  /**
   * A stable id of this message (its outbox row): sent as the Message-ID, so a receiver
   * recognises the same message sent again after a crash between sending and recording it.
   */
  key?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  locale: Locale;
  /**
   * The one-click unsubscribe address (RFC 8058) of a notice the member may refuse: sent as
   * List-Unsubscribe with List-Unsubscribe-Post, so mail apps offer their own button.
   */
  listUnsubscribe?: string;
}

/** A message kept instead of sent (no SMTP_HOST: local work only), with what a local inbox shows. */
export interface CapturedMail extends OutgoingMail {
  id: string;
  from: string;
}
export type MailCapture = (mail: CapturedMail) => Promise<void>;

export interface Mailer {
  send(message: OutgoingMail): Promise<{ id: string; captured: boolean }>;
  /** Closes the pooled SMTP connections (graceful shutdown). */
  close(): void;
}

interface CreateMailerInput {
  config: Pick<Config, 'smtp'>;
  capture: MailCapture;
}

/** SMTP when SMTP_HOST is set; otherwise every message goes to `capture`, so none is lost. */
export function createMailer({ config, capture }: CreateMailerInput): Mailer {
  const { host } = config.smtp;
  return host ? createSmtpMailer({ smtp: { ...config.smtp, host } }) : createCaptureMailer({ from: config.smtp.from, capture });
}

function createSmtpMailer({ smtp }: { smtp: Config['smtp'] & { host: string } }): Mailer {
  const transport = nodemailer.createTransport(
    {
      pool: true,
      maxConnections: 3,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      // Fail within seconds rather than nodemailer's minutes: the outbox worker retries a
      // transient failure, and a job stuck on a dead server would hold the queue.
      dnsTimeout: 10_000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: smtp.from },
  );
  return {
    async send({ key, to, subject, html, text, locale, listUnsubscribe }) {
      try {
        const messageId = key ? `<${key}@${domainOf(smtp.from)}>` : undefined;
        const headers: Record<string, string> = { 'Content-Language': locale };
        if (listUnsubscribe) {
          headers['List-Unsubscribe'] = `<${listUnsubscribe}>`;
          headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
        }
        const info = await transport.sendMail({ messageId, to, subject, html, text, headers });
        return { id: info.messageId, captured: false };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close: () => transport.close(),
  };
}

function createCaptureMailer({ from, capture }: { from: string; capture: MailCapture }): Mailer {
  return {
    async send(message) {
      const id = message.key ?? randomUUID();
      await capture({ ...message, id, from });
      return { id, captured: true };
    },
    close: () => undefined,
  };
}

/** The sender's domain, for Message-IDs: `Khadamat <no-reply@khadamat.ma>` → khadamat.ma. */
function domainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'khadamat.local';
}

/**
 * A 5xx reply to the envelope or the message is final (nodemailer sets `permanent`).
 * Everything else is retried: 4xx replies, connection failures and timeouts, and also a
 * refused login, because the message itself is fine once an operator fixes the credentials.
 */
function classifySmtpError(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  const error: NodemailerError = err instanceof Error ? err : new Error(String(err));
  const message = `SMTP delivery failed: ${error.message}`;
  return error.permanent && error.code !== 'EAUTH'
    ? new PermanentDeliveryError(message, { cause: err })
    : new TransientDeliveryError(message, { cause: err });
}
