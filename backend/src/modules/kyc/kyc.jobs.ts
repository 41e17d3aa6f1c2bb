// The KYC jobs, run by the outbox worker like the accounts jobs (notifications.service.ts):
// each a small handler that calls a service, safe to run twice.
import { z } from 'zod';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import { createSumsubVendor, type KycVendor } from '../../platform/kyc/sumsub';
import type { RedisClient } from '../../platform/redis/redis';
import { createLocalStorage, type ObjectStorage } from '../../platform/storage/storage';
import type { JobHandlers } from '../../platform/jobs/jobs';

export const KYC_JOBS = {
  /** KYC_PROVIDER=sumsub: send a submitted file to the vendor and start its check. */
  startCheck: 'kyc.start-check',
  /** Documents past their retention, or all of a deleted account's. */
  purgeDocuments: 'kyc.purge-documents',
} as const;

const startCheckPayload = z.object({ profileId: z.string() });
const purgePayload = z.union([
  z.object({ reason: z.literal('retention'), profileId: z.string(), before: z.iso.datetime() }),
  z.object({ reason: z.literal('account_deleted'), userId: z.string() }),
]);

export interface KycJobDeps {
  db: Db;
  redis: RedisClient;
  config: Readonly<Config>;
  storage?: ObjectStorage;
  vendor?: KycVendor;
}

export function kycJobs(deps: KycJobDeps): JobHandlers {
  const storage = deps.storage ?? createLocalStorage({ dir: deps.config.uploads.storageDir });
  // Loaded on demand: the service imports this file for the job kinds.
  const service = () => import('./kyc.service');
  return {
    [KYC_JOBS.startCheck]: async (payload) => {
      const { profileId } = startCheckPayload.parse(payload);
      const vendor = deps.vendor ?? createSumsubVendor(deps.config.kyc);
      const { startVendorCheck } = await import('./kyc-vendor.service');
      await startVendorCheck({ ...deps, storage, vendor }, { profileId });
    },
    [KYC_JOBS.purgeDocuments]: async (payload) => {
      const input = purgePayload.parse(payload);
      const { purgeDocuments } = await service();
      await purgeDocuments({ db: deps.db, storage }, input.reason === 'retention' ? { ...input, before: new Date(input.before) } : input);
    },
  };
}
