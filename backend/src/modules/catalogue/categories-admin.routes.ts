import { adminCategory, adminCategoryList, categoryInput, categoryOrder, categoryUpdate } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { originOf, requireAuth } from '../accounts/access';
import { createCategory, listAllCategories, reorderCategories, updateCategory } from './catalogue.service';

const ADMIN = { roles: ['admin'] } as const;

/** /api/admin/categories: create, edit, reorder and hide categories (allowlisted admins with a second factor). */
export const categoriesAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin'];
  const db = app.db;
  const change = (request: FastifyRequest) => ({ db, redis: app.redis, actorId: requireAuth(request).userId, origin: originOf(request) });

  app.get('/categories', { config: { access: ADMIN }, schema: { tags, response: { 200: adminCategoryList } } }, async () => ({
    categories: await listAllCategories({ db }),
  }));

  app.post(
    '/categories',
    { config: { access: ADMIN }, schema: { tags, body: categoryInput, response: { 201: adminCategory } } },
    async (request, reply) => reply.code(201).send(await createCategory({ ...change(request), fields: request.body })),
  );

  app.patch(
    '/categories/:categoryId',
    {
      config: { access: ADMIN },
      schema: { tags, params: z.object({ categoryId: z.string().max(40) }), body: categoryUpdate, response: { 200: adminCategory } },
    },
    async (request) => updateCategory({ ...change(request), id: request.params.categoryId, fields: request.body }),
  );

  app.post(
    '/categories/order',
    { config: { access: ADMIN }, schema: { tags, body: categoryOrder, response: { 200: adminCategoryList } } },
    async (request) => ({ categories: await reorderCategories({ ...change(request), ...request.body }) }),
  );
};
