import { adminCategory, adminCategoryList, categoryInput, categoryOrder, categoryUpdate, errorResponses } from '@khadamat/contracts';
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

  app.get(
    '/categories',
    { config: { access: ADMIN }, schema: { tags, summary: 'Every category, hidden ones included', response: { 200: adminCategoryList } } },
    async () => ({
      categories: await listAllCategories({ db }),
    }),
  );

  app.post(
    '/categories',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Create a category',
        body: categoryInput,
        response: {
          201: adminCategory,
          ...errorResponses({
            400: 'CATEGORY_PARENT_INVALID: the parent is not an existing top-level category',
            409: 'CATEGORY_SLUG_TAKEN',
          }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createCategory({ ...change(request), fields: request.body })),
  );

  app.patch(
    '/categories/:categoryId',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Edit, move or hide a category',
        params: z.object({ categoryId: z.string().max(40) }),
        body: categoryUpdate,
        response: {
          200: adminCategory,
          ...errorResponses({
            400: 'CATEGORY_PARENT_INVALID: not an existing top-level category, or this category has sub-categories',
            404: 'NOT_FOUND: no such category',
            409: 'CATEGORY_SLUG_TAKEN',
          }),
        },
      },
    },
    async (request) => updateCategory({ ...change(request), id: request.params.categoryId, fields: request.body }),
  );

  app.post(
    '/categories/order',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Order the categories of one level',
        body: categoryOrder,
        response: {
          200: adminCategoryList,
          ...errorResponses({ 400: 'CATEGORY_ORDER_INVALID: list every category of this level exactly once' }),
        },
      },
    },
    async (request) => ({ categories: await reorderCategories({ ...change(request), ...request.body }) }),
  );
};
