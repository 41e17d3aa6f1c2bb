import type { Locale } from '@khadamat/contracts';
import type { Db, DbClient } from '../../platform/db/client';
import { PermanentDeliveryError } from '../../platform/mail/delivery-errors';
import type { Mailer } from '../../platform/mail/mail';
import { renderMail, type MailTemplate } from '../../platform/mail/templates';
import type { SmsSender } from '../../platform/sms/sms';
import { renderSms, type SmsTemplate } from '../../platform/sms/templates';

export type Notification =
  | { channel: 'email'; recipient: string; template: MailTemplate; locale: Locale; payload: Record<string, string | number> }
  | { channel: 'sms'; recipient: string; template: SmsTemplate; locale: Locale; payload: Record<string, string | number> };

/**
 * Queues a message; the request that caused it never waits for SMTP or the SMS gateway.
 * Given a transaction client, the message exists only if the transaction commits.
 */
export async function enqueueNotification({ db, notification }: { db: DbClient; notification: Notification }): Promise<void> {
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

/**
 * A job: work queued in the outbox (channel 'job') and done by the worker instead of the
 * request, e.g. looking an account up, making its single-use link and writing the mail.
 * The request then does the same work whether or not the account exists, and the job is
 * retried like a message when it fails. `kind` names the handler (see OutboxJobs).
 */
export interface Job {
  kind: string;
  payload: Record<string, string>;
}

/** Handlers of queued jobs by kind. A handler does its writes in one transaction; it may run twice. */
export type OutboxJobs = Record<string, (payload: Record<string, string>) => Promise<void>>;

export const JOB_CHANNEL = 'job';

export async function enqueueJob({ db, job }: { db: DbClient; job: Job }): Promise<void> {
  await db.outboxMessage.create({
    data: { channel: JOB_CHANNEL, recipient: '', template: job.kind, locale: '', payload: JSON.stringify(job.payload) },
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
  /** Without handlers, queued jobs are left for a worker that has them. */
  jobs?: OutboxJobs;
  batchSize?: number;
  now?: () => Date;
}

/**
 * Sends the messages (and runs the jobs) that are due. Each one is claimed with a
 * conditional update (a lease), so several workers never send the same one; a crash leaves
 * the lease to expire and it is retried. Safe to run twice. The messages that the jobs of
 * a pass wrote are sent by a second pass right away.
 */
export async function deliverDueMessages({ mailer, sms, ...input }: DeliverInput) {
  const pass = () => deliverPass({ ...input, channels: { mailer, sms } });
  const first = await pass();
  if (first.jobs === 0) return { sent: first.sent, failed: first.failed };
  const second = await pass();
  return { sent: first.sent + second.sent, failed: first.failed + second.failed };
}

interface PassInput extends Omit<DeliverInput, 'mailer' | 'sms'> {
  /** Absent when the pass runs jobs only. */
  channels?: { mailer: Mailer; sms: SmsSender };
}

async function deliverPass({ db, channels, jobs, batchSize = 20, now = () => new Date() }: PassInput) {
  const started = now();
  const due = await db.outboxMessage.findMany({
    where: {
      status: 'pending',
      nextAttemptAt: { lte: started },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: started } }],
      ...(!channels ? { channel: JOB_CHANNEL } : jobs ? {} : { channel: { not: JOB_CHANNEL } }),
    },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
  });
  let sent = 0;
  let failed = 0;
  let jobsDone = 0;
  for (const message of due) {
    const claimed = await db.outboxMessage.updateMany({
      where: { id: message.id, status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: started } }] },
      data: { lockedUntil: new Date(started.getTime() + LOCK_MS) },
    });
    if (claimed.count === 0) continue;
    const payload = JSON.parse(message.payload) as Record<string, string | number>;
    const locale = message.locale as Locale;
    try {
      let providerId: string | null = null;
      if (message.channel === JOB_CHANNEL) {
        const handler = jobs?.[message.template];
        if (!handler) throw new PermanentDeliveryError(`No handler for job ${message.template}`);
        await handler(payload as Record<string, string>);
        jobsDone += 1;
      } else if (channels) {
        // Delivery is at-least-once (a crash between sending and recording re-sends after the
        // lease); the row's id travels with the message so the receiver can drop the repeat.
        const key = `outbox-${message.id}`;
        const result =
          message.channel === 'email'
            ? // The payload was written by enqueueNotification for this template.
              await channels.mailer.send({
                key,
                to: message.recipient,
                locale,
                ...renderMail(message.template as MailTemplate, locale, payload as never),
              })
            : await channels.sms.send({
                key,
                to: message.recipient,
                ...renderSms(message.template as SmsTemplate, locale, payload as never),
              });
        providerId = result.id;
        sent += 1;
      }
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { status: 'sent', sentAt: now(), providerId, attempts: { increment: 1 }, lockedUntil: null, lastError: null },
      });
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
  return { sent, failed, jobs: jobsDone };
}

/** Runs the jobs that are due, and only them: the messages they write stay queued (tests read them there). */
export async function runDueJobs({ db, jobs, now }: { db: Db; jobs: OutboxJobs; now?: () => Date }) {
  const { jobs: done, failed } = await deliverPass({ db, jobs, now });
  return { jobs: done, failed };
}

/** Queue depth, dead letters and the age of the oldest due row, for /metrics. */
export async function outboxStatus({ db, now = new Date() }: { db: Db; now?: Date }) {
  const [pending, failed, oldest] = await Promise.all([
    db.outboxMessage.count({ where: { status: 'pending' } }),
    db.outboxMessage.count({ where: { status: 'failed' } }),
    db.outboxMessage.findFirst({
      where: { status: 'pending', nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    }),
  ]);
  return { pending, failed, oldestPendingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0 };
}
