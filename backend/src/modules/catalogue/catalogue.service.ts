import type { CategoryNode, City } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';

type CategoryRow = Awaited<ReturnType<Db['category']['findMany']>>[number];

function toNode(row: CategoryRow, children: CategoryNode[]): CategoryNode {
  return {
    id: row.id,
    slug: row.slug,
    name: { fr: row.nameFr, ar: row.nameAr, en: row.nameEn },
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
    name: { fr: c.nameFr, ar: c.nameAr, en: c.nameEn },
    latitude: c.latitude,
    longitude: c.longitude,
  }));
}
