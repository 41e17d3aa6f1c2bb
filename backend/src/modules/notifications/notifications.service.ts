import type { Locale } from '@khadamat/contracts';
import { touchMembers } from '../../platform/db/after-commit';
import type { Db, DbClient } from '../../platform/db/client';
import type { JobHandlers } from '../../platform/jobs/jobs';
import { runDueWork, type Deliverer, type WorkRow } from '../../platform/jobs/runner';
import type { Mailer } from '../../platform/mail/mail';
import { renderMail, type MailTemplate } from '../../platform/mail/templates';
import type { SmsSender } from '../../platform/sms/sms';
import { renderSms, type SmsTemplate } from '../../platform/sms/templates';

export type Notification =
  | {
      channel: 'email';
      recipient: string;
      template: MailTemplate;
      locale: Locale;
      payload: Record<string, string | number>;
      notBefore?: Date;
    }
  | { channel: 'sms'; recipient: string; template: SmsTemplate; locale: Locale; payload: Record<string, string | number>; notBefore?: Date }
  | InAppNotice;

/** A notification in the member's bell, already in their language. */
export interface InAppNotice {
  channel: 'in_app';
  userId: string;
  /** What happened: booking.accepted, message.received, review.published… */
  kind: string;
  title: string;
  body: string;
  bookingId?: string | null;
}

/**
 * Queues a message; the request that caused it never waits for SMTP or the SMS gateway.
 * Given a transaction client, the message exists only if the transaction commits. An
 * in-app notification has nothing to send: its row is the delivery, written in the same
 * transaction as the change and its mail and SMS.
 */
export async function enqueueNotification({ db, notification }: { db: DbClient; notification: Notification }): Promise<void> {
  if (notification.channel === 'in_app') {
    const { userId, kind, title, body, bookingId } = notification;
    await db.inAppNotification.create({ data: { userId, kind, title: title.slice(0, 300), body: body.slice(0, 1000), bookingId } });
    // Once committed, the member's open streams are woken (live delivery reads the row).
    touchMembers(db, [userId]);
    return;
  }
  await db.outboxMessage.create({
    data: {
      channel: notification.channel,
      recipient: notification.recipient,
      template: notification.template,
      locale: notification.locale,
      payload: JSON.stringify(notification.payload),
      // Held until then (an SMS through the member's quiet hours).
      ...(notification.notBefore ? { nextAttemptAt: notification.notBefore } : {}),
    },
  });
}

/** The unsubscribe page of a member's mail of one event, and the address mail apps POST to (one click). */
export type UnsubscribeLinks = (userId: string, event: string, locale: Locale) => { page: string; oneClick: string };

export interface DeliverInput {
  db: Db;
  mailer: Mailer;
  sms: SmsSender;
  unsubscribeLinks?: UnsubscribeLinks;
  /** Without handlers, queued jobs are left for a worker that has them. */
  jobs?: JobHandlers;
  batchSize?: number;
  now?: () => Date;
}

/**
 * How the job runner sends the rows of the mail and SMS channels. Delivery is
 * at-least-once (a crash between sending and recording re-sends after the lease); the row's
 * id travels with the message so the receiver can drop the repeat.
 */
export function messageDeliverers({
  mailer,
  sms,
  unsubscribeLinks,
}: {
  mailer: Mailer;
  sms: SmsSender;
  unsubscribeLinks?: UnsubscribeLinks;
}): Record<string, Deliverer> {
  const render = (row: WorkRow) => ({ key: `outbox-${row.id}`, locale: row.locale as Locale, payload: JSON.parse(row.payload) as never });
  return {
    email: async (row) => {
      const { key, locale, payload } = render(row);
      // A notice the member may refuse names them and its event; the links are made here,
      // where the secret is, so a queued row never holds a working token.
      const { unsubscribeUserId, unsubscribeEvent, ...vars } = payload as Record<string, string>;
      const links =
        unsubscribeUserId && unsubscribeEvent && unsubscribeLinks ? unsubscribeLinks(unsubscribeUserId, unsubscribeEvent, locale) : null;
      const mail = renderMail(row.template as MailTemplate, locale, { ...vars, ...(links ? { unsubscribeUrl: links.page } : {}) } as never);
      const result = await mailer.send({ key, to: row.recipient, locale, ...mail, ...(links ? { listUnsubscribe: links.oneClick } : {}) });
      return { providerId: result.id };
    },
    sms: async (row) => {
      const { key, locale, payload } = render(row);
      const result = await sms.send({ key, to: row.recipient, ...renderSms(row.template as SmsTemplate, locale, payload) });
      return { providerId: result.id };
    },
  };
}

/**
 * Sends the messages (and runs the jobs) that are due, as the worker's loop does. The
 * messages that the jobs of a pass wrote are sent by a second pass right away.
 */
export async function deliverDueMessages({ db, mailer, sms, unsubscribeLinks, jobs, batchSize, now }: DeliverInput) {
  const pass = () => runDueWork({ db, handlers: jobs, deliverers: messageDeliverers({ mailer, sms, unsubscribeLinks }), batchSize, now });
  const first = await pass();
  const sentOf = (run: typeof first) => run.done - run.jobs;
  if (first.jobs === 0) return { sent: sentOf(first), failed: first.failed };
  const second = await pass();
  return { sent: sentOf(first) + sentOf(second), failed: first.failed + second.failed };
}

/** Runs the jobs that are due, and only them: the messages they write stay queued (tests read them there). */
export async function runDueJobs({ db, jobs, now }: { db: Db; jobs: JobHandlers; now?: () => Date }) {
  const { jobs: done, failed } = await runDueWork({ db, handlers: jobs, now });
  return { jobs: done, failed };
}
