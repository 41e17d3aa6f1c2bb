import * as Sentry from '@sentry/node';
import type { Config } from '../../config/env';

let initialised = false;

/** Initialises Sentry once per process when SENTRY_DSN is set; returns the error reporter. */
export function initSentry(config: Pick<Config, 'sentry' | 'nodeEnv'>): (error: unknown, context?: Record<string, unknown>) => void {
  if (!config.sentry.dsn) return () => {};
  if (!initialised) {
    Sentry.init({
      dsn: config.sentry.dsn,
      environment: config.nodeEnv,
      tracesSampleRate: config.sentry.tracesSampleRate,
      // The API's error handler reports 5xx itself, with the request id; the automatic
      // Fastify capture would send a second, context-less copy.
      integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Fastify'),
    });
    initialised = true;
  }
  return (error, context) => {
    Sentry.captureException(error, context ? { extra: context, tags: { request_id: String(context.requestId ?? '') } } : undefined);
  };
}

export async function flushSentry(timeoutMs = 2000): Promise<void> {
  if (initialised) await Sentry.flush(timeoutMs);
}
