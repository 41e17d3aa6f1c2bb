import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error';
import { dependencyFailure, outageGate } from './dependency-errors';

type Reported = (error: unknown, request: FastifyRequest) => void;

/** Fastify's own error codes that are the client's fault, with our stable code for each. */
const FASTIFY_CLIENT_ERRORS: Record<string, [code: string, status: number, message: string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 413, 'Request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['INVALID_CONTENT_LENGTH', 400, 'Content-Length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', 400, 'Body must not be empty when Content-Type is application/json'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_JSON', 400, 'Body is not valid JSON'],
  FST_ERR_VALIDATION: ['VALIDATION_FAILED', 400, 'Request is not valid'],
};

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .code(status)
    .send({ error: { code, message, requestId: String(reply.request.id), ...(details === undefined ? {} : { details }) } });
}

/** One error handler for the whole API; 5xx messages never leave the server. */
export function registerErrorHandlers(app: FastifyInstance, report: Reported): void {
  const firstOfOutage = outageGate();
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const fault = error.statusCode >= 500 && !error.options.shed;
      if (fault) {
        request.log.error({ err: error }, 'service error');
        report(error, request);
      } else if (error.statusCode >= 500) {
        request.log.warn({ code: error.code }, 'request shed');
      }
      if (error.options.headers) reply.headers(error.options.headers);
      return sendError(reply, error.statusCode, error.code, fault ? 'Service unavailable' : error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return sendError(reply, 400, 'VALIDATION_FAILED', 'Request is not valid', details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      report(error, request);
      return sendError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
    }
    const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    if (known) return sendError(reply, known[1], known[0], known[2]);
    if (error.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED', 'Too many requests, try again later');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, 'BAD_REQUEST', error.message);
    }
    // A dependency that is down: a code that says "try again", counted, reported once per outage.
    const failure = dependencyFailure(error);
    if (failure) {
      app.metrics.dependencyErrors.inc({ dependency: failure.dependency });
      request.log.warn({ err: error, dependency: failure.dependency }, `${failure.dependency} unavailable`);
      if (firstOfOutage(failure.dependency)) report(error, request);
      reply.header('retry-after', String(failure.retryAfterSeconds));
      return sendError(reply, failure.status, failure.code, failure.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    report(error, request);
    return sendError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
  });
}
