import { errorResponses, liveEventsQuery } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error';
import { requireAuth } from '../accounts/access';
import { decodeLiveCursor } from './live-cursor';
import { createLiveHub, HEARTBEAT_MS } from './live-hub';

/**
 * The member's live events (server-sent events): their bell and their conversations'
 * messages as they are written, in any process. Registered under /api.
 */
export const liveRoutes: FastifyPluginAsyncZod = async (app) => {
  const hub = createLiveHub({ db: app.db, redis: app.redis, log: app.log, metrics: app.metrics });
  // Before the server waits for its connections: the streams end now (browsers reconnect to
  // another process and resume), so the wait is not held open by them.
  app.addHook('preClose', (done) => {
    hub.drain();
    done();
  });
  app.addHook('onClose', async () => hub.close());
  const webOrigins = new Set([app.config.frontendUrl, app.config.appBaseUrl].map((url) => new URL(url).origin));

  app.get(
    '/me/events',
    {
      config: { access: 'session' },
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s live events (text/event-stream): `notification` and `message`, each with a resumable id',
        description:
          'Server-sent events. `event: notification` carries one item of GET /api/me/notifications; `event: message` carries ' +
          '`{ bookingId, message }`, the message as GET /api/bookings/:id/messages shows it to the caller (masked). Each event ' +
          'has an `id:`: reconnecting with it as `Last-Event-ID` (or `?after=`) gives exactly the events missed, once, in order. ' +
          `A comment line comes every ${HEARTBEAT_MS / 1000} s. The stream ends when the server shuts down: reconnect.`,
        querystring: liveEventsQuery,
        response: {
          200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
          ...errorResponses({
            400: 'CURSOR_INVALID: Last-Event-ID or `after` is not an id of this stream',
            403: 'ORIGIN_REFUSED: opened from a page of another site',
            429: 'TOO_MANY_STREAMS: the member has as many streams open on this server as allowed',
          }),
        },
      },
    },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      // Cookies go with cross-site EventSource requests that ask for them: only our pages may open one.
      const origin = request.headers.origin;
      if (origin && !webOrigins.has(origin)) throw new AppError('ORIGIN_REFUSED', 403, 'Live events are for this site’s pages only');
      const given = request.headers['last-event-id'] ?? request.query.after;
      const cursor = typeof given === 'string' && given !== '' ? decodeLiveCursor(given) : null;
      const stream = await hub.open({ userId, cursor, response: reply.raw });
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          // Proxies that buffer answers (nginx) pass this one through as it is written.
          .header('x-accel-buffering', 'no')
          // A stream is written as it is, never serialized by the response schema (which documents it).
          .send(stream as never)
      );
    },
  );
};
