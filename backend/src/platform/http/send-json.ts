import type { FastifyReply } from 'fastify';

/**
 * Sends a JSON string as it is: Fastify skips the route's response serializer for a string
 * with a JSON content type, so a cached answer costs no serialisation. Routes that use it
 * keep their response schema for the API documentation; their tests hold answers to it.
 */
export function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
