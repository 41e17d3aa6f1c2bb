import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../platform/db/client';
import type { Channels } from './channels';
import { deliverDueMessages } from './notifications.service';

/**
 * Polls the outbox and sends what is due. Runs inside the API process (one machine) and
 * in `worker.ts` (scaled apart); several of them never send a message twice.
 */
export function startOutboxWorker({
  db,
  channels,
  log,
  intervalMs = 1000,
}: {
  db: Db;
  channels: Channels;
  log: FastifyBaseLogger;
  intervalMs?: number;
}) {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = deliverDueMessages({ db, ...channels })
      .then(({ sent, failed }) => {
        if (sent || failed) log.info({ sent, failed }, 'outbox delivered');
      })
      .catch((err: unknown) => log.error({ err }, 'outbox delivery failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    /** Stops polling and waits for the batch in progress. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      channels.mailer.close();
    },
  };
}
