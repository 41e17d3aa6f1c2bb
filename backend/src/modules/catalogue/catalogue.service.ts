import type { CategoryNode, City } from '@khadamat/contracts';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { changeCatalogue } from '../search/search-index.service';

/** The fr/ar/en name columns of a category or city, as the API's `{ fr, ar, en }`. */
export function localizedNames(row: { nameFr: string; nameAr: string; nameEn: string }) {
  return { fr: row.nameFr, ar: row.nameAr, en: row.nameEn };
}

type CategoryRow = Awaited<ReturnType<Db['category']['findMany']>>[number];

function toNode(row: CategoryRow, children: CategoryNode[]): CategoryNode {
  return {
    id: row.id,
    slug: row.slug,
    name: localizedNames(row),
    description: { fr: row.descriptionFr, ar: row.descriptionAr, en: row.descriptionEn },
    icon: row.icon,
    position: row.position,
    children,
  };
}

/** The visible category tree; a hidden category hides its whole branch. */
export async function listCategoryTree({ db }: { db: Db }): Promise<CategoryNode[]> {
  const rows = await db.category.findMany({ where: { hidden: false }, orderBy: [{ position: 'asc' }, { slug: 'asc' }] });
  const byParent = new Map<string | null, CategoryRow[]>();
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? [];
    list.push(row);
    byParent.set(row.parentId, list);
  }
  const build = (parentId: string | null): CategoryNode[] => (byParent.get(parentId) ?? []).map((row) => toNode(row, build(row.id)));
  return build(null);
}

export async function listCities({ db }: { db: Db }): Promise<City[]> {
  const rows = await db.city.findMany({ orderBy: { nameFr: 'asc' } });
  return rows.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: localizedNames(c),
    latitude: c.latitude,
    longitude: c.longitude,
  }));
}

type AdminCategoryRow = Awaited<ReturnType<Db['category']['findUniqueOrThrow']>>;

function toAdminCategory(row: AdminCategoryRow) {
  return {
    id: row.id,
    slug: row.slug,
    parentId: row.parentId,
    name: localizedNames(row),
    description: { fr: row.descriptionFr, ar: row.descriptionAr, en: row.descriptionEn },
    icon: row.icon,
    position: row.position,
    hidden: row.hidden,
  };
}

interface CategoryFields {
  slug?: string;
  parentId?: string | null;
  name?: { fr: string; ar: string; en: string };
  description?: { fr: string; ar: string; en: string };
  icon?: string;
  hidden?: boolean;
}

function categoryData(fields: CategoryFields) {
  return {
    ...(fields.slug !== undefined ? { slug: fields.slug } : {}),
    ...(fields.parentId !== undefined ? { parentId: fields.parentId } : {}),
    ...(fields.name ? { nameFr: fields.name.fr, nameAr: fields.name.ar, nameEn: fields.name.en } : {}),
    ...(fields.description
      ? { descriptionFr: fields.description.fr, descriptionAr: fields.description.ar, descriptionEn: fields.description.en }
      : {}),
    ...(fields.icon !== undefined ? { icon: fields.icon } : {}),
    ...(fields.hidden !== undefined ? { hidden: fields.hidden } : {}),
  };
}

/** The tree is two levels deep (category › sub-category): a parent must be top-level. */
async function checkParent(db: DbClient, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const parent = await db.category.findUnique({ where: { id: parentId } });
  if (!parent || parent.parentId !== null || parent.id === selfId) {
    throw new AppError('CATEGORY_PARENT_INVALID', 400, 'The parent must be an existing top-level category');
  }
  if (selfId && (await db.category.count({ where: { parentId: selfId } })) > 0) {
    throw new AppError('CATEGORY_PARENT_INVALID', 400, 'A category with sub-categories cannot become a sub-category');
  }
}

async function slugFree(db: DbClient, slug: string | undefined, selfId?: string) {
  if (slug && (await db.category.findFirst({ where: { slug, ...(selfId ? { id: { not: selfId } } : {}) } }))) {
    throw new AppError('CATEGORY_SLUG_TAKEN', 409, 'Another category uses this slug');
  }
}

export async function listAllCategories({ db }: { db: Db }) {
  const rows = await db.category.findMany({ orderBy: [{ parentId: 'asc' }, { position: 'asc' }] });
  return rows.map(toAdminCategory);
}

/** Who changed the catalogue, for its audit event. */
interface CatalogueChange {
  db: Db;
  redis: RedisClient;
  actorId: string;
  origin: RequestOrigin;
}

export async function createCategory({
  fields,
  ...change
}: CatalogueChange & { fields: CategoryFields & { slug: string; name: { fr: string; ar: string; en: string } } }) {
  // The category, its audit event and the catalogue version move together.
  return changeCatalogue({
    ...change,
    write: async (tx) => {
      await slugFree(tx, fields.slug);
      await checkParent(tx, fields.parentId);
      const position = await tx.category.count({ where: { parentId: fields.parentId ?? null } });
      const description = fields.description ?? { fr: '', ar: '', en: '' };
      const row = await tx.category.create({
        data: {
          slug: fields.slug,
          parentId: fields.parentId ?? null,
          nameFr: fields.name.fr,
          nameAr: fields.name.ar,
          nameEn: fields.name.en,
          descriptionFr: description.fr,
          descriptionAr: description.ar,
          descriptionEn: description.en,
          icon: fields.icon ?? '',
          hidden: fields.hidden ?? false,
          position,
        },
      });
      await recordAudit({ db: tx, action: 'admin.category_created', actorId: change.actorId, subjectId: row.id, origin: change.origin });
      return toAdminCategory(row);
    },
  });
}

export async function updateCategory({ id, fields, ...change }: CatalogueChange & { id: string; fields: CategoryFields }) {
  // Names feed the search text of its services (and its children's), and hiding must
  // empty cached results: reindexed in the same transaction, caches told after it.
  return changeCatalogue({
    ...change,
    write: async (tx) => {
      if (!(await tx.category.findUnique({ where: { id } }))) throw new AppError('NOT_FOUND', 404, 'Category not found');
      await slugFree(tx, fields.slug, id);
      await checkParent(tx, fields.parentId, id);
      const row = await tx.category.update({ where: { id }, data: categoryData(fields) });
      await recordAudit({
        db: tx,
        action: 'admin.category_updated',
        actorId: change.actorId,
        subjectId: id,
        origin: change.origin,
        detail: { fields: Object.keys(fields) },
      });
      return toAdminCategory(row);
    },
    reindex: () => ({ OR: [{ categoryId: id }, { category: { parentId: id } }] }),
  });
}

/** Sets the order of the children of `parentId` (null: the top level) to `ids`, which must list them all. */
export async function reorderCategories({ parentId, ids, ...change }: CatalogueChange & { parentId: string | null; ids: string[] }) {
  await changeCatalogue({
    ...change,
    write: async (tx) => {
      const siblings = await tx.category.findMany({ where: { parentId }, select: { id: true } });
      const expected = new Set(siblings.map((s) => s.id));
      if (ids.length !== expected.size || new Set(ids).size !== ids.length || !ids.every((id) => expected.has(id))) {
        throw new AppError('CATEGORY_ORDER_INVALID', 400, 'List every category of this level exactly once');
      }
      for (const [position, id] of ids.entries()) await tx.category.update({ where: { id }, data: { position } });
      await recordAudit({
        db: tx,
        action: 'admin.categories_reordered',
        actorId: change.actorId,
        subjectId: parentId ?? undefined,
        origin: change.origin,
        detail: { ids },
      });
    },
  });
  return listAllCategories({ db: change.db });
}
