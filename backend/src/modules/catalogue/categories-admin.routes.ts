import { adminCategory, adminCategoryList, categoryInput, categoryOrder, categoryUpdate } from '@khadamat/contracts';
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

  app.get('/categories', { config: { access: ADMIN }, schema: { tags, response: { 200: adminCategoryList } } }, async () => ({
    categories: await listAllCategories({ db }),
  }));

  app.post(
    '/categories',
    { config: { access: ADMIN }, schema: { tags, body: categoryInput, response: { 201: adminCategory } } },
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
      schema: { tags, params: z.object({ categoryId: z.string().max(40) }), body: categoryUpdate, response: { 200: adminCategory } },
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
    { config: { access: ADMIN }, schema: { tags, body: categoryOrder, response: { 200: adminCategoryList } } },
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
