import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../platform/db/client';
import { startJobRunner } from '../../platform/jobs/runner';
import type { Channels } from './channels';
import { messageDeliverers } from './notifications.service';

/**
 * The job runner with this platform's handlers and channels: runs inside the API process
 * (one machine) and in `worker.ts` (scaled apart); several of them never run a row twice.
 */
export function startOutboxWorker({
  db,
  channels,
  log,
  intervalMs,
}: {
  db: Db;
  channels: Channels;
  log: FastifyBaseLogger;
  intervalMs?: number;
}) {
  return startJobRunner({
    db,
    handlers: channels.jobs,
    deliverers: messageDeliverers(channels),
    log,
    intervalMs,
    onStop: () => channels.mailer.close(),
  });
}
