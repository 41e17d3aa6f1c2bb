import { categoryTree, cityList } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendJson } from '../../platform/http/send-json';
import { memoForVersion, searchVersion } from '../search/search-index.service';
import { listCategoryTree, listCities } from './catalogue.service';

// Every page asks for these: built once per catalogue version in each process (any change
// to categories bumps the version), and served as JSON strings. The response schemas
// document the API, and the tests hold the answers to them.
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const memo = async (name: string, build: () => Promise<unknown>) =>
    memoForVersion(app.db, name, await searchVersion(app.redis), async () => JSON.stringify(await build()));

  app.get(
    '/categories',
    {
      config: { access: 'public' },
      schema: { tags: ['catalogue'], summary: 'The visible category tree', response: { 200: categoryTree } },
    },
    async (_request, reply) =>
      sendJson(reply, await memo('category-tree', async () => ({ categories: await listCategoryTree({ db: app.db }) }))),
  );

  app.get(
    '/cities',
    {
      config: { access: 'public' },
      schema: { tags: ['catalogue'], summary: 'The cities services are offered in', response: { 200: cityList } },
    },
    async (_request, reply) => sendJson(reply, await memo('city-list', async () => ({ cities: await listCities({ db: app.db }) }))),
  );
};
