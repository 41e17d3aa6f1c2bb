import { categoryTree, cityList } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendTaggedJson, taggedJson } from '../../platform/http/send-json';
import { memoForVersion, searchVersion } from '../search/search-index.service';
import { listCategoryTree, listCities } from './catalogue.service';

// Every page asks for these: built once per catalogue version in each process (any change
// to categories bumps the version), and served as JSON strings. The response schemas
// document the API, and the tests hold the answers to them.
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const memo = async (name: string, build: () => Promise<unknown>) =>
    memoForVersion(app.db, name, await searchVersion(app.redis), async () => taggedJson(JSON.stringify(await build())));
  // Five minutes fresh in the browser, then a revalidation (304 while the catalogue is unchanged).
  const MAX_AGE_SECONDS = 300;

  app.get(
    '/categories',
    {
      config: { access: 'public' },
      schema: { tags: ['catalogue'], summary: 'The visible category tree', response: { 200: categoryTree } },
    },
    async (request, reply) =>
      sendTaggedJson(
        request,
        reply,
        await memo('category-tree', async () => ({ categories: await listCategoryTree({ db: app.db }) })),
        MAX_AGE_SECONDS,
      ),
  );

  app.get(
    '/cities',
    {
      config: { access: 'public' },
      schema: { tags: ['catalogue'], summary: 'The cities services are offered in', response: { 200: cityList } },
    },
    async (request, reply) =>
      sendTaggedJson(request, reply, await memo('city-list', async () => ({ cities: await listCities({ db: app.db }) })), MAX_AGE_SECONDS),
  );
};
