import { adminCategory, adminCategoryList, categoryInput, categoryOrder, categoryUpdate, errorResponses } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, requireAuth } from '../accounts/access';
import { recordAudit } from '../audit/audit.service';
import { catalogueChanged, invalidateSearch } from '../search/search-index.service';
import { createCategory, listAllCategories, reorderCategories, updateCategory } from './catalogue.service';

const ADMIN = { roles: ['admin'] } as const;

/** /api/admin/categories: create, edit, reorder and hide categories (allowlisted admins with a second factor). */
export const categoriesAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin'];
  const db = app.db;

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
    async (request, reply) => {
      const category = await createCategory({ db, fields: request.body });
      // The public category tree is cached under the catalogue version.
      await invalidateSearch(app.redis);
      await recordAudit({
        db,
        action: 'admin.category_created',
        actorId: requireAuth(request).userId,
        subjectId: category.id,
        origin: originOf(request),
      });
      return reply.code(201).send(category);
    },
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
    async (request) => {
      const category = await updateCategory({ db, id: request.params.categoryId, fields: request.body });
      // Names feed the search text; hiding must empty cached results at once.
      await catalogueChanged({
        db,
        redis: app.redis,
        where: { OR: [{ categoryId: category.id }, { category: { parentId: category.id } }] },
      });
      await recordAudit({
        db,
        action: 'admin.category_updated',
        actorId: requireAuth(request).userId,
        subjectId: category.id,
        origin: originOf(request),
        detail: { fields: Object.keys(request.body) },
      });
      return category;
    },
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
    async (request) => {
      const categories = await reorderCategories({ db, ...request.body });
      await invalidateSearch(app.redis);
      await recordAudit({
        db,
        action: 'admin.categories_reordered',
        actorId: requireAuth(request).userId,
        subjectId: request.body.parentId ?? undefined,
        origin: originOf(request),
        detail: { ids: request.body.ids },
      });
      return { categories };
    },
  );
};
