import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendRoot } from '../../src/config/paths';
import { bookingJobs } from '../../src/modules/bookings/bookings.service';
import { createChannels } from '../../src/modules/notifications/channels';
import { messageDeliverers } from '../../src/modules/notifications/notifications.service';
import { runDueWork } from '../../src/platform/jobs/runner';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { startReceivers, type Receivers } from '../support/receivers';
import { createTestApp, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;

/** Starts the worker fixture; resolves once it prints `said`, or once `reached` resolves. */
async function startWorker(args: string[], { said, reached }: { said?: string; reached?: Promise<unknown> }): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(backendRoot, 'test/bookings/fixtures/reminder-worker.ts'), ...args], {
    cwd: backendRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const saidIt = new Promise<void>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (said && out.includes(said)) resolve();
    }),
  );
  await Promise.race([
    reached ?? saidIt,
    once(child, 'exit').then(([code]) => {
      throw new Error(`worker exited (${String(code)}) too early: ${out}`);
    }),
  ]);
  return child;
}

async function kill(child: ChildProcess) {
  child.kill('SIGKILL');
  await once(child, 'exit');
}

describe('a booking reminder survives a worker killed with SIGKILL', () => {
  let t: TestApp;
  let receivers: Receivers;
  let client: TestSession;
  beforeAll(async () => {
    receivers = await startReceivers();
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
    await receivers.close();
  });

  it('in the job and in the delivery of its mail: each party gets the reminder once', async () => {
    const { provider, service } = await bookableService(t);
    const slot = (await nextSlots(t, service.id, 5)).find((s) => new Date(s).getTime() > Date.now() + 30 * HOUR)!;
    const booked = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot) });
    const bookingId = booked.json().ids[0] as string;
    const accepted = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 1 } });
    expect(accepted.statusCode).toBe(200);
    const startAt = new Date(slot).getTime();
    // The day before: the 24-hour reminder is due, the 1-hour one is not.
    const dayBefore = new Date(startAt - 23 * HOUR);
    const afterLease = () => new Date(dayBefore.getTime() + 2 * 60_000);
    const reminderMails = () => t.db.outboxMessage.findMany({ where: { channel: 'email', payload: { contains: 'Rappel' } } });
    expect(await reminderMails()).toHaveLength(0);

    // 1. Killed inside the reminder job, its messages written but not committed.
    const args = (mode: string) => [t.config.database.url, mode, dayBefore.toISOString(), String(receivers.smtpPort)];
    await kill(await startWorker(args('job'), { said: 'inside job' }));
    expect(await reminderMails()).toHaveLength(0);
    const job = () => t.db.outboxMessage.findFirstOrThrow({ where: { template: 'bookings.reminder', payload: { contains: '"24"' } } });
    expect(await job()).toMatchObject({ status: 'pending', lockedBy: 'killed-worker' });
    // Once its lease has run out, another worker runs it: once, however often it looks.
    const jobs = bookingJobs({ config: t.config });
    expect(await runDueWork({ db: t.db, handlers: jobs, now: () => dayBefore })).toMatchObject({ jobs: 0 });
    expect(await runDueWork({ db: t.db, handlers: jobs, now: afterLease })).toMatchObject({ jobs: 1 });
    expect(await runDueWork({ db: t.db, handlers: jobs, now: afterLease })).toMatchObject({ jobs: 0 });
    const queued = await reminderMails();
    const [clientEmail, providerEmail] = await Promise.all(
      [client.userId, provider.userId].map(async (id) => (await t.db.user.findUniqueOrThrow({ where: { id } })).email),
    );
    expect(queued.map((row) => row.recipient).sort()).toEqual([clientEmail, providerEmail].sort());

    // 2. Killed while sending a reminder mail: the SMTP server has the message, the worker never heard back.
    // (The sign-up and booking notices queued earlier are not what this is about: they count as sent.)
    await t.db.outboxMessage.updateMany({
      where: { channel: { in: ['email', 'sms'] }, id: { notIn: queued.map((row) => row.id) } },
      data: { status: 'sent', sentAt: new Date() },
    });
    receivers.holdReplies = true;
    const held = await kill(await startWorker(args('deliver'), { reached: receivers.nextMail() })).then(() => receivers.received.at(-1)!);
    receivers.holdReplies = false;
    expect(held.subject).toMatch(/^Rappel/);
    expect(await t.db.outboxMessage.count({ where: { id: { in: queued.map((row) => row.id) }, status: 'sent' } })).toBe(0);

    // Another worker, after the lease, sends what is due; the held mail goes again under the same Message-ID.
    const channels = createChannels({
      config: { ...t.config, smtp: { ...t.config.smtp, host: '127.0.0.1', port: receivers.smtpPort, secure: false } },
      db: t.db,
    });
    const deliverers = messageDeliverers(channels);
    await runDueWork({ db: t.db, deliverers, now: afterLease });
    await runDueWork({ db: t.db, deliverers, now: afterLease });
    channels.mailer.close();
    expect(await t.db.outboxMessage.count({ where: { id: { in: queued.map((row) => row.id) }, status: 'sent' } })).toBe(2);
    const reminders = receivers.received.filter((mail) => mail.subject.startsWith('Rappel'));
    const byMessageId = new Map(reminders.map((mail) => [mail.messageId, mail.to]));
    // One reminder per party, as an inbox that honours Message-ID keeps them.
    expect([...byMessageId.values()].sort()).toEqual([clientEmail, providerEmail].sort());
    expect(reminders.filter((mail) => mail.messageId === held.messageId)).toHaveLength(2);
    expect(byMessageId.get(held.messageId)).toBe(held.to);
    // Two worker processes start (tsx compiles on each): generous on a loaded machine.
  }, 180_000);
});
