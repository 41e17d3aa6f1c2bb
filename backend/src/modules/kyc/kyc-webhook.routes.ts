import { createHash } from 'node:crypto';
import { errorResponses, kycWebhookAnswer } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error';
import { createSumsubVendor, sumsubWebhookValid, type KycVendor } from '../../platform/kyc/sumsub';
import { applyVendorEvent } from './kyc-vendor.service';

const sumsubEvent = z.object({
  applicantId: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  createdAtMs: z.string().max(40).optional(),
});

/**
 * The KYC vendor's webhook (/api/webhooks/kyc): its own plugin, reading the body as raw
 * bytes, so the signature is checked on exactly what was signed before anything is
 * parsed; outside the per-IP rate limit (the vendor sends from few addresses, in bursts).
 * Registered only with KYC_PROVIDER=sumsub.
 */
export const kycWebhookRoutes: FastifyPluginAsyncZod<{ vendor?: KycVendor }> = async (app, options) => {
  const { config } = app;
  const vendor = options.vendor ?? createSumsubVendor(config.kyc);
  const deps = { db: app.db, redis: app.redis, config };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/kyc',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['kyc'],
        summary: 'Sumsub webhook: X-Payload-Digest (HMAC of the raw body) checked, each event applied once',
        response: {
          200: kycWebhookAnswer,
          ...errorResponses({
            400: 'KYC_WEBHOOK_SIGNATURE_INVALID, KYC_WEBHOOK_MALFORMED: nothing was written',
            409: 'KYC_WEBHOOK_EARLY: the decision came before the check was recorded as started; nothing was written, the retry applies it',
          }),
        },
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const valid = sumsubWebhookValid({
        secret: config.kyc.webhookSecret ?? '',
        rawBody: raw,
        digest: header('x-payload-digest'),
        algorithm: header('x-payload-digest-alg'),
      });
      if (!valid) throw new AppError('KYC_WEBHOOK_SIGNATURE_INVALID', 400, 'The webhook signature does not match its body');
      let event;
      try {
        event = sumsubEvent.parse(JSON.parse(raw.toString('utf8')));
      } catch {
        throw new AppError('KYC_WEBHOOK_MALFORMED', 400, 'The webhook body is not a vendor event');
      }
      // The vendor's own timestamp tells two events of one applicant and type apart; a
      // retried delivery repeats it (and its bytes).
      const key = `sumsub:${event.type}:${event.applicantId}:${event.createdAtMs ?? createHash('sha256').update(raw).digest('hex')}`;
      const { duplicate } = await applyVendorEvent({ ...deps, vendor }, { key, applicantId: event.applicantId, type: event.type });
      return { received: true as const, duplicate };
    },
  );
};
