import type { FastifyReply } from 'fastify';

/**
 * Sends JSON text (a string, or its UTF-8 bytes) as it is: Fastify skips the route's
 * response serializer for them, so a cached answer costs no serialisation. Routes that use it
 * keep their response schema for the API documentation; their tests hold answers to it.
 */
export function sendJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
