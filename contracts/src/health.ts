import { z } from 'zod';

export const liveness = z.object({ status: z.literal('ok') });

export const dependencyName = z.enum(['database', 'redis', 'clamav']);
const checkStatus = z.enum(['ok', 'fail', 'disabled']);

/** The public readiness answer (load balancers, anyone): ready or not, per dependency. */
export const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ status: checkStatus })),
  failed: z.array(dependencyName),
});
export type Readiness = z.infer<typeof readiness>;

/** The operators' view (METRICS_TOKEN): the same checks with latency and the failure's text. */
export const readinessDetails = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ status: checkStatus, latencyMs: z.number().optional(), error: z.string().optional() })),
  failed: z.array(dependencyName),
});
export type ReadinessDetails = z.infer<typeof readinessDetails>;
