import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import { createMailer, type Mailer } from '../../platform/mail/mail';
import { createSmsSender, type SmsSender } from '../../platform/sms/sms';
import { accountJobs } from '../accounts/accounts.service';
import { bookingJobs } from '../bookings/bookings.service';
import { kycJobs } from '../kyc/kyc.jobs';
import { reviewJobs } from '../reviews/reviews.service';
import { paymentJobs } from '../payments/payments.service';
import { reconciliationJobs } from '../payments/reconciliation.service';
import { createStripe } from '../../platform/payments/stripe';
import type { RedisClient } from '../../platform/redis/redis';
import type { JobHandlers } from '../../platform/jobs/jobs';
import type { UnsubscribeLinks } from './notifications.service';
import { unsubscribeLinks } from './preferences.service';

/** What the outbox worker needs: the mail and SMS adapters, and the handlers of queued jobs. */
export interface Channels {
  mailer: Mailer;
  sms: SmsSender;
  jobs: JobHandlers;
  unsubscribeLinks: UnsubscribeLinks;
}

/**
 * The real SMTP and SMS adapters; without SMTP_HOST / with SMS_PROVIDER=capture (local
 * only), messages are stored in CapturedMessage, viewable through the smoke inbox.
 */
export function createChannels({ config, db, redis }: { config: Readonly<Config>; db: Db; redis?: RedisClient }): Channels {
  return {
    unsubscribeLinks: unsubscribeLinks(config),
    // The KYC jobs move verifications, which search hears of through Redis: they need it.
    jobs: {
      ...accountJobs({ config }),
      ...bookingJobs({ config }),
      ...reviewJobs({ db, redis }),
      ...(redis ? kycJobs({ db, redis, config }) : {}),
      // Without a Stripe key, payment jobs wait for a runner that has one.
      ...(config.stripe.secretKey ? paymentJobs({ db, config, stripe: createStripe(config) }) : {}),
      ...(config.stripe.secretKey ? reconciliationJobs({ db, stripe: createStripe(config) }) : {}),
    },
    mailer: createMailer({
      config,
      capture: async ({ id, to, subject, html, text }) => {
        // Keyed by the outbox row: a message sent again after a crash is stored once.
        await db.capturedMessage.upsert({
          where: { id },
          create: { id, channel: 'email', recipient: to, subject, text, html },
          update: {},
        });
      },
    }),
    sms: createSmsSender({
      config,
      capture: async ({ id, to, text }) => {
        await db.capturedMessage.upsert({ where: { id }, create: { id, channel: 'sms', recipient: to, text }, update: {} });
      },
    }),
  };
}
