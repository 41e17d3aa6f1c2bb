import type { Locale } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { PermanentDeliveryError } from '../../platform/mail/delivery-errors';
import type { Mailer } from '../../platform/mail/mail';
import { renderMail, type MailTemplate } from '../../platform/mail/templates';
import type { SmsSender } from '../../platform/sms/sms';
import { renderSms, type SmsTemplate } from '../../platform/sms/templates';

export type Notification =
  | { channel: 'email'; recipient: string; template: MailTemplate; locale: Locale; payload: Record<string, string | number> }
  | { channel: 'sms'; recipient: string; template: SmsTemplate; locale: Locale; payload: Record<string, string | number> };

/** Queues a message; the request that caused it never waits for SMTP or the SMS gateway. */
export async function enqueueNotification({ db, notification }: { db: Db; notification: Notification }): Promise<void> {
  await db.outboxMessage.create({
    data: {
      channel: notification.channel,
      recipient: notification.recipient,
      template: notification.template,
      locale: notification.locale,
      payload: JSON.stringify(notification.payload),
    },
  });
}

export const MAX_ATTEMPTS = 8;
const LOCK_MS = 60_000;

/** 30 s, 1 min, 2 min… capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface DeliverInput {
  db: Db;
  mailer: Mailer;
  sms: SmsSender;
  batchSize?: number;
  now?: () => Date;
}

/**
 * Sends the messages that are due. Each message is claimed with a conditional update
 * (a lease), so several workers never send the same one; a crash leaves the lease to
 * expire and the message is retried. Safe to run twice.
 */
export async function deliverDueMessages({ db, mailer, sms, batchSize = 20, now = () => new Date() }: DeliverInput) {
  const started = now();
  const due = await db.outboxMessage.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: started }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: started } }] },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
  });
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    const claimed = await db.outboxMessage.updateMany({
      where: { id: message.id, status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: started } }] },
      data: { lockedUntil: new Date(started.getTime() + LOCK_MS) },
    });
    if (claimed.count === 0) continue;
    const payload = JSON.parse(message.payload) as Record<string, string | number>;
    const locale = message.locale as Locale;
    try {
      // Delivery is at-least-once (a crash between sending and recording re-sends after the
      // lease); the row's id travels with the message so the receiver can drop the repeat.
      const key = `outbox-${message.id}`;
      const result =
        message.channel === 'email'
          ? // The payload was written by enqueueNotification for this template.
            await mailer.send({
              key,
              to: message.recipient,
              locale,
              ...renderMail(message.template as MailTemplate, locale, payload as never),
            })
          : await sms.send({ key, to: message.recipient, ...renderSms(message.template as SmsTemplate, locale, payload as never) });
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { status: 'sent', sentAt: now(), providerId: result.id, attempts: { increment: 1 }, lockedUntil: null, lastError: null },
      });
      sent += 1;
    } catch (error) {
      const attempts = message.attempts + 1;
      const permanent = error instanceof PermanentDeliveryError || attempts >= MAX_ATTEMPTS;
      await db.outboxMessage.update({
        where: { id: message.id },
        data: {
          attempts,
          status: permanent ? 'failed' : 'pending',
          nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)),
          lockedUntil: null,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        },
      });
      failed += 1;
    }
  }
  return { sent, failed };
}
