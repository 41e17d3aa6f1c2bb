import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../../config/env';

/**
 * One line per answered request, at the level operators choose (REQUEST_LOG_LEVEL), instead of
 * Fastify's two ("incoming request", then "request completed" with the serialised request and
 * reply). Under load those lines were the largest cost of a cheap answer (formatting,
 * redaction and the write to stdout: a quarter of the CPU of GET /api/categories; see decision
 * record 0019). Server errors are logged by the error handler, with their cause, whatever the setting.
 */
export class RequestLogController extends LogController {
  constructor(private readonly level: Config['requestLogLevel']) {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    const level = this.level;
    if (level === 'silent') return;
    // Below the logger's level this is pino's no-op.
    reply.log[level](
      { method: request.method, url: request.url, statusCode: reply.statusCode, ip: request.ip, responseTime: reply.elapsedTime },
      'request completed',
    );
  }
}
