import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
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

/**
 * Fastify's `frameworkErrors`: errors found while routing, before any hook or handler. A URL
 * that cannot be decoded (bad percent-encoding) and a path parameter longer than the router
 * takes are the client's fault: 400 in the standard shape, with the security headers and
 * the request id every answer has.
 */
export function frameworkErrorHandler(headers: Record<string, string>): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error, request, reply) => {
    reply.headers(headers).header('x-request-id', request.id);
    if (error.code === 'FST_ERR_BAD_URL') return sendError(reply, 400, 'INVALID_URL', 'The URL is not valid (malformed percent-encoding)');
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return sendError(reply, 400, 'VALIDATION_FAILED', 'Request is not valid', [{ path: '/', message: 'A path parameter is too long' }]);
    }
    request.log.error({ err: error }, 'routing error');
    return sendError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
  };
}

/**
 * Fastify's `clientErrorHandler`: a connection that sent something that is not HTTP (or
 * headers too large, or too slowly). There is no request yet, so the answer is written on the
 * socket, still in the standard shape, with a request id of its own.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nothing left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const requestId = randomUUID();
  this.log.debug({ err: error, requestId }, 'client error');
  const body = JSON.stringify({ error: { code, message, requestId } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
