import { errorResponses, searchQuery, searchResult, suggestQuery, suggestions } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { acceptsGzip, sendEncodedJson } from '../../platform/http/send-json';
import { searchServicesJson, suggestJson } from './search.service';

// Both answers are JSON strings (from the cache or freshly built from typed results), sent
// as they are, gzip-compressed for clients that take it: the response schemas document the
// API and the tests hold answers to them.
export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['search'];
  const deps = { db: app.db, dbProvider: app.dbProvider, redis: app.redis };
  app.get(
    '/search/services',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search published services: text, filters, sorts, facets, pages',
        querystring: searchQuery,
        response: { 200: searchResult, ...errorResponses({ 400: 'CURSOR_INVALID: the cursor belongs to another search or was altered' }) },
      },
    },
    async (request, reply) => sendEncodedJson(reply, await searchServicesJson(deps, request.query, { gzip: acceptsGzip(request) })),
  );
  app.get(
    '/search/suggestions',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Suggestions while typing', querystring: suggestQuery, response: { 200: suggestions } },
    },
    async (request, reply) => sendEncodedJson(reply, await suggestJson(deps, request.query.q, { gzip: acceptsGzip(request) })),
  );
};
