import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends JSON text (a string, or its UTF-8 bytes) as it is: Fastify skips the route's
 * response serializer for them, so a cached answer costs no serialisation. Routes that use it
 * keep their response schema for the API documentation; their tests hold answers to it.
 */
export function sendJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}

/** JSON text with its entity tag, made once per version of what it says. */
export interface TaggedJson {
  json: string;
  etag: string;
}

export function taggedJson(json: string): TaggedJson {
  return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/**
 * Public reference data that rarely changes (categories, cities): cached by browsers and proxies
 * for `maxAgeSeconds`, then revalidated with its ETag, so a repeat visit costs a 304 and no body.
 */
export function sendTaggedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  { json, etag }: TaggedJson,
  maxAgeSeconds: number,
): FastifyReply {
  reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds}`);
  const given = request.headers['if-none-match'];
  if (given && given.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  return sendJson(reply, json);
}
