import { categoryTree, cityList } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCategoryTree, listCities } from './catalogue.service';

export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/categories', { config: { access: 'public' }, schema: { tags: ['catalogue'], response: { 200: categoryTree } } }, async () => ({
    categories: await listCategoryTree({ db: app.db }),
  }));

  app.get('/cities', { config: { access: 'public' }, schema: { tags: ['catalogue'], response: { 200: cityList } } }, async () => ({
    cities: await listCities({ db: app.db }),
  }));
};
