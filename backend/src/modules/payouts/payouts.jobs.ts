import type { Config } from '../../config/env';
import type { Db, DbClient } from '../../platform/db/client';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/jobs';
import type { StripeClient } from '../../platform/payments/stripe';
import { runPayouts } from './payouts.service';

export const PAYOUT_JOBS = { run: 'payouts.run' } as const;

/** The run of one UTC day, at 02:00; its key makes it exist once, whichever process enqueues it. */
export function schedulePayoutRun(db: DbClient, day: Date) {
  const date = day.toISOString().slice(0, 10);
  return enqueueJob({
    db,
    job: { kind: PAYOUT_JOBS.run, payload: { day: date } },
    runAt: new Date(`${date}T02:00:00.000Z`),
    key: `payouts:run:${date}`,
  });
}

/** The daily payout run: safe to run twice (payouts are made from what is due, sent with keys); it queues the next day's. */
export function payoutJobs(deps: { db: Db; config: Readonly<Config>; stripe: StripeClient | null }): JobHandlers {
  return {
    [PAYOUT_JOBS.run]: async ({ day }) => {
      await runPayouts(deps);
      await schedulePayoutRun(deps.db, new Date(new Date(`${day}T00:00:00.000Z`).getTime() + 86_400_000));
    },
  };
}
