import { randomBytes } from 'node:crypto';
import type { Locale, OwnServiceView, ProviderBadges, ServiceInput, ServiceUpdate, ServiceView } from '@khadamat/contracts';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError, notFound } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { changeCatalogue, invalidateSearch } from '../search/search-index.service';
import { localizedNames } from './catalogue.service';
import { sellerWhere, visibleServiceWhere } from './visibility';

export const MAX_PHOTOS = 10;

export const serviceInclude = {
  category: true,
  city: true,
  provider: { include: { user: true, rating: true } },
  photos: { include: { upload: true }, orderBy: { position: 'asc' as const } },
} as const;

type ServiceRow = Awaited<ReturnType<typeof findServiceRow>>;

function findServiceRow(db: Db, where: { id: string } | { slug: string }) {
  return db.service.findUnique({ where: where as { id: string }, include: serviceInclude });
}

const fileUrl = (key: string) => `/files/${key}`;

/** A provider's rating as pages and cards show it (reviews/reviews.service.ts keeps the sums). */
export function ratingOf(row: { average: number; count: number } | null): { average: number | null; count: number } {
  return row && row.count > 0 ? { average: row.average, count: row.count } : { average: null, count: 0 };
}

/** The badges shown on a provider's page and search cards: each set by a check that was made. */
export function badgesOf(provider: {
  kycStatus: string;
  identityVerifiedAt: Date | null;
  certificateVerifiedAt: Date | null;
  user: { phoneVerifiedAt: Date | null };
}): ProviderBadges {
  const verified = provider.kycStatus === 'verified';
  return {
    identityVerified: verified && provider.identityVerifiedAt !== null,
    phoneVerified: provider.user.phoneVerifiedAt !== null,
    certificateVerified: verified && provider.certificateVerifiedAt !== null,
  };
}

export function toServiceView(row: NonNullable<ServiceRow>): ServiceView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    locale: row.locale as Locale,
    translations: JSON.parse(row.translations) as ServiceView['translations'],
    category: { id: row.category.id, slug: row.category.slug, name: localizedNames(row.category) },
    priceModel: row.priceModel,
    priceMinor: row.priceMinor,
    currency: row.currency,
    durationMinutes: row.durationMinutes,
    city: { id: row.city.id, slug: row.city.slug, name: localizedNames(row.city) },
    latitude: row.latitude,
    longitude: row.longitude,
    radiusKm: row.radiusKm,
    status: row.status,
    photos: row.photos.map(({ upload }) => ({
      id: upload.id,
      url: fileUrl(upload.storageKey),
      variants: Object.fromEntries(
        Object.entries(JSON.parse(upload.variants) as Record<string, string>).map(([name, key]) => [name, fileUrl(key)]),
      ),
      width: upload.width,
      height: upload.height,
    })),
    provider: { id: row.provider.id, name: row.provider.user.name, badges: badgesOf(row.provider), rating: ratingOf(row.provider.rating) },
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Services as their owner sees them: each says whether others can see it now, by the very
 * rule of the public pages and search (`visibleServiceWhere`).
 */
async function toOwnServiceViews(db: Db, rows: NonNullable<ServiceRow>[]): Promise<OwnServiceView[]> {
  const visible = await db.service.findMany({
    where: { id: { in: rows.map((row) => row.id) }, ...visibleServiceWhere },
    select: { id: true },
  });
  const visibleIds = new Set(visible.map((row) => row.id));
  return rows.map((row) => ({ ...toServiceView(row), visible: visibleIds.has(row.id) }));
}

async function toOwnServiceView(db: Db, row: NonNullable<ServiceRow>): Promise<OwnServiceView> {
  const [view] = await toOwnServiceViews(db, [row]);
  return view!;
}

function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50);
  // Arabic-only titles have no Latin slug: the random suffix alone keeps it unique.
  return `${base || 'service'}-${randomBytes(3).toString('hex')}`;
}

async function providerProfileOf(db: Db, userId: string) {
  const profile = await db.providerProfile.findUnique({ where: { userId } });
  if (!profile) throw new AppError('FORBIDDEN', 403, 'Only providers manage services');
  return profile;
}

/** The caller's own service, or 404 whoever else owns it (existence is not revealed). */
async function ownService(db: Db, userId: string, serviceId: string) {
  const row = await findServiceRow(db, { id: serviceId });
  if (!row || row.provider.userId !== userId) throw notFound('Service');
  return row;
}

async function checkPlace(db: DbClient, { categoryId, cityId }: { categoryId?: string; cityId?: string }) {
  if (categoryId && !(await db.category.findFirst({ where: { id: categoryId, hidden: false } }))) {
    throw new AppError('CATEGORY_NOT_FOUND', 400, 'Unknown category');
  }
  const city = cityId ? await db.city.findUnique({ where: { id: cityId } }) : null;
  if (cityId && !city) throw new AppError('CITY_NOT_FOUND', 400, 'Unknown city');
  return city;
}

export async function createService({
  db,
  redis,
  userId,
  input,
  origin,
}: {
  db: Db;
  redis: RedisClient;
  userId: string;
  input: ServiceInput;
  origin: RequestOrigin;
}) {
  const profile = await providerProfileOf(db, userId);
  const city = (await checkPlace(db, input))!;
  // The row, its search text and its audit event commit together.
  const row = await changeCatalogue({
    db,
    redis,
    write: async (tx) => {
      const created = await tx.service.create({
        data: {
          providerId: profile.id,
          categoryId: input.categoryId,
          slug: slugify(input.title),
          title: input.title,
          description: input.description,
          locale: input.locale,
          translations: JSON.stringify(input.translations),
          priceModel: input.priceModel,
          priceMinor: input.priceModel === 'quote' ? 0 : input.priceMinor,
          currency: input.currency,
          durationMinutes: input.durationMinutes,
          cityId: city.id,
          // The service area's centre defaults to the city centre.
          latitude: input.latitude ?? city.latitude,
          longitude: input.longitude ?? city.longitude,
          radiusKm: input.radiusKm,
        },
        include: serviceInclude,
      });
      await recordAudit({ db: tx, action: 'service.created', actorId: userId, subjectId: created.id, origin });
      return created;
    },
    reindex: (created) => ({ id: created.id }),
  });
  return toOwnServiceView(db, row);
}

export async function updateService({
  db,
  redis,
  userId,
  serviceId,
  changes,
  origin,
}: {
  db: Db;
  redis: RedisClient;
  userId: string;
  serviceId: string;
  changes: ServiceUpdate;
  origin: RequestOrigin;
}) {
  const current = await ownService(db, userId, serviceId);
  const city = await checkPlace(db, changes);
  const { translations, ...rest } = changes;
  return updateOwnService({
    db,
    redis,
    serviceId: current.id,
    data: {
      ...rest,
      ...(translations ? { translations: JSON.stringify(translations) } : {}),
      ...(city && city.id !== current.cityId ? { latitude: city.latitude, longitude: city.longitude } : {}),
      ...((changes.priceModel ?? current.priceModel) === 'quote' ? { priceMinor: 0 } : {}),
    },
    audit: { action: 'service.updated', actorId: userId, origin, detail: { fields: Object.keys(changes) } },
  });
}

export async function setServiceStatus({
  db,
  redis,
  userId,
  serviceId,
  status,
  origin,
}: {
  db: Db;
  redis: RedisClient;
  userId: string;
  serviceId: string;
  status: 'published' | 'paused';
  origin: RequestOrigin;
}) {
  const current = await ownService(db, userId, serviceId);
  if (status === 'published' && current.priceModel !== 'quote' && current.priceMinor <= 0) {
    throw new AppError('SERVICE_INCOMPLETE', 400, 'Set a price before publishing');
  }
  return updateOwnService({
    db,
    redis,
    serviceId: current.id,
    data: { status, ...(status === 'published' && !current.publishedAt ? { publishedAt: new Date() } : {}) },
    audit: { action: `service.${status}`, actorId: userId, origin },
  });
}

/** One change to an owned service: the row, its search text and its audit event commit together. */
async function updateOwnService({
  db,
  redis,
  serviceId,
  data,
  audit,
}: {
  db: Db;
  redis: RedisClient;
  serviceId: string;
  data: Parameters<DbClient['service']['update']>[0]['data'];
  audit: Omit<Parameters<typeof recordAudit>[0], 'db' | 'subjectId'>;
}) {
  const row = await changeCatalogue({
    db,
    redis,
    write: async (tx) => {
      const updated = await tx.service.update({ where: { id: serviceId }, data, include: serviceInclude });
      await recordAudit({ db: tx, subjectId: serviceId, ...audit });
      return updated;
    },
    reindex: () => ({ id: serviceId }),
  });
  return toOwnServiceView(db, row);
}

export async function listOwnServices({ db, userId }: { db: Db; userId: string }) {
  const profile = await providerProfileOf(db, userId);
  const rows = await db.service.findMany({ where: { providerId: profile.id }, include: serviceInclude, orderBy: { createdAt: 'desc' } });
  return toOwnServiceViews(db, rows);
}

/**
 * A visible service. One its provider has withdrawn (paused after publishing, or the account
 * deleted) is gone (410), so search engines drop it; anything else not shown (never published,
 * a provider not yet allowed to sell, a hidden category) is unknown (404).
 */
export async function getPublicService({ db, slug }: { db: Db; slug: string }) {
  const row = await db.service.findFirst({ where: { slug, ...visibleServiceWhere }, include: serviceInclude });
  if (row) return toServiceView(row);
  const removed = await db.service.findFirst({
    where: { slug, publishedAt: { not: null }, OR: [{ status: 'paused' }, { provider: { user: { deletedAt: { not: null } } } }] },
    select: { id: true },
  });
  if (removed) throw new AppError('GONE', 410, 'This service is no longer offered');
  throw notFound('Service');
}

export async function addServicePhoto({
  db,
  redis,
  userId,
  serviceId,
  uploadId,
}: {
  db: Db;
  redis: RedisClient;
  userId: string;
  serviceId: string;
  uploadId: string;
}) {
  const service = await ownService(db, userId, serviceId);
  const upload = await db.upload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.ownerId !== userId || upload.kind !== 'service_photo') {
    throw new AppError('UPLOAD_NOT_FOUND', 400, 'Upload a photo first (kind service_photo)');
  }
  if (service.photos.some((p) => p.uploadId === uploadId)) return toOwnServiceView(db, service);
  if (service.photos.length >= MAX_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', 400, `At most ${MAX_PHOTOS} photos per service`);
  await db.servicePhoto.create({ data: { serviceId, uploadId, position: service.photos.length } });
  // Search answers and the views it keeps show photos: a new catalogue version.
  await invalidateSearch(redis);
  return toOwnServiceView(db, (await findServiceRow(db, { id: serviceId }))!);
}

export async function removeServicePhoto({
  db,
  redis,
  userId,
  serviceId,
  uploadId,
}: {
  db: Db;
  redis: RedisClient;
  userId: string;
  serviceId: string;
  uploadId: string;
}) {
  await ownService(db, userId, serviceId);
  const { count } = await db.servicePhoto.deleteMany({ where: { serviceId, uploadId } });
  if (count === 0) throw notFound('Photo');
  await invalidateSearch(redis);
  return toOwnServiceView(db, (await findServiceRow(db, { id: serviceId }))!);
}

/** A provider's public page: only providers allowed to sell have one. */
export async function getProviderProfile({ db, providerId }: { db: Db; providerId: string }) {
  const profile = await db.providerProfile.findFirst({ where: { id: providerId, ...sellerWhere }, include: { user: true, city: true } });
  if (!profile) throw notFound('Provider');
  const services = await db.service.findMany({
    where: { providerId, ...visibleServiceWhere },
    include: serviceInclude,
    orderBy: { publishedAt: 'desc' },
  });
  const cities = new Map<string, { slug: string; name: { fr: string; ar: string; en: string } }>();
  const extra = profile.extraCities ? await db.city.findMany({ where: { id: { in: profile.extraCities.split(',') } } }) : [];
  const photo = profile.photoUploadId ? await db.upload.findUnique({ where: { id: profile.photoUploadId } }) : null;
  for (const c of [profile.city, ...extra, ...services.map((s) => s.city)]) {
    if (c) cities.set(c.slug, { slug: c.slug, name: localizedNames(c) });
  }
  return {
    id: profile.id,
    name: profile.user.name,
    bio: profile.bio,
    languages: profile.languages.split(',').filter(Boolean),
    skills: profile.skills.split(',').filter(Boolean),
    yearsExperience: profile.yearsExperience,
    photoUrl: photo?.visibility === 'public' ? fileUrl(photo.storageKey) : null,
    badges: badgesOf({ ...profile, user: profile.user }),
    cities: [...cities.values()],
    services: services.map(toServiceView),
    rating: ratingOf(await db.providerRating.findUnique({ where: { providerId } })),
    memberSince: profile.user.createdAt.toISOString(),
  };
}
