import { searchQuery, searchResult, suggestQuery, suggestions } from '@khadamat/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchServicesJson, suggestJson } from './search.service';

// Both answers are JSON strings (from the cache or freshly built from typed results), sent
// as they are: the response schemas document the API and the tests hold answers to them.
/** Fastify sends a JSON string as it is, without the schema's serializer. */
const sendJson = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json);

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['search'];
  const deps = { db: app.db, dbProvider: app.dbProvider, redis: app.redis };
  app.get(
    '/search/services',
    { config: { access: 'public' }, schema: { tags, querystring: searchQuery, response: { 200: searchResult } } },
    async (request, reply) => sendJson(reply, await searchServicesJson(deps, request.query)),
  );
  app.get(
    '/search/suggestions',
    { config: { access: 'public' }, schema: { tags, querystring: suggestQuery, response: { 200: suggestions } } },
    async (request, reply) => sendJson(reply, await suggestJson(deps, request.query.q)),
  );
};
