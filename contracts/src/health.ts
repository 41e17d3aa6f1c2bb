import { z } from 'zod';

export const liveness = z.object({ status: z.literal('ok') });

export const dependencyName = z.enum(['database', 'redis', 'clamav']);
export const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'fail', 'disabled']), latencyMs: z.number().optional(), error: z.string().optional() }),
  ),
  failed: z.array(dependencyName),
});
export type Readiness = z.infer<typeof readiness>;
