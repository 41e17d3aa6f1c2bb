import { searchQuery, searchResult, suggestQuery, suggestions } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchServices, suggest } from './search.service';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['search'];
  app.get(
    '/search/services',
    { config: { access: 'public' }, schema: { tags, querystring: searchQuery, response: { 200: searchResult } } },
    async (request) => searchServices({ db: app.db, redis: app.redis, query: request.query }),
  );
  app.get(
    '/search/suggestions',
    { config: { access: 'public' }, schema: { tags, querystring: suggestQuery, response: { 200: suggestions } } },
    async (request) => suggest({ db: app.db, q: request.query.q }),
  );
};
