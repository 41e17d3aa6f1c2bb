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

/** Adds to the reply's `Vary` header (CORS may have set one already). */
export function addVary(reply: FastifyReply, value: string): FastifyReply {
  const vary = reply.getHeader('vary');
  return reply.header('vary', vary ? `${String(vary)}, ${value}` : value);
}

/** Whether the client takes gzip-compressed answers (`Accept-Encoding: gzip`, or `*`, without q=0). */
export function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * JSON that may come gzip-compressed (compressed once and cached, see search's cache): sent
 * with its Content-Encoding, and `Vary: Accept-Encoding` so that shared caches keep both forms.
 */
export function sendEncodedJson(reply: FastifyReply, answer: { body: string | Buffer; gzip: boolean }): FastifyReply {
  addVary(reply, 'Accept-Encoding');
  if (answer.gzip) reply.header('content-encoding', 'gzip');
  return sendJson(reply, answer.body);
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
