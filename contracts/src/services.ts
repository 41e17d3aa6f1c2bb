import { z } from 'zod';
import { locale, localizedText } from './locale';
import { CURRENCIES, PRICE_MODELS } from './money';

export * from './money';

export const priceModel = z.enum(PRICE_MODELS);
export const serviceStatus = z.enum(['draft', 'published', 'paused']);

const title = z.string().trim().min(3).max(120);
const description = z.string().trim().max(4000);
const translation = z.object({ title, description: description.default('') });
export const currency = z.enum(CURRENCIES);

/** Money is integer minor units (centimes, millimes for TND) plus an ISO currency code. */
export const serviceInput = z
  .object({
    categoryId: z.string().min(1).max(40),
    title,
    description: description.default(''),
    locale: locale.default('fr'),
    translations: z.object({ fr: translation, ar: translation, en: translation }).partial().default({}),
    priceModel,
    priceMinor: z.number().int().min(0).max(100_000_000),
    currency: currency.default('MAD'),
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60),
    cityId: z.string().min(1).max(40),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    radiusKm: z.number().int().min(1).max(200).default(10),
  })
  .refine((s) => s.priceModel === 'quote' || s.priceMinor > 0, {
    message: 'A fixed or hourly price must be above zero',
    path: ['priceMinor'],
  })
  .refine((s) => (s.latitude === undefined) === (s.longitude === undefined), {
    message: 'Give both latitude and longitude',
    path: ['latitude'],
  });
export type ServiceInput = z.infer<typeof serviceInput>;
export const serviceUpdate = z
  .object({
    categoryId: z.string().min(1).max(40),
    title,
    description,
    translations: z.object({ fr: translation, ar: translation, en: translation }).partial(),
    priceModel,
    priceMinor: z.number().int().min(0).max(100_000_000),
    currency,
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60),
    cityId: z.string().min(1).max(40),
    radiusKm: z.number().int().min(1).max(200),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export type ServiceUpdate = z.infer<typeof serviceUpdate>;

/** What a client may trust about a provider: each badge is set by a check the platform made. */
export const providerBadges = z.object({ identityVerified: z.boolean(), phoneVerified: z.boolean(), certificateVerified: z.boolean() });
export type ProviderBadges = z.infer<typeof providerBadges>;

/** `width`/`height`: the original's pixels (its variants keep the aspect ratio), so pages reserve the space. */
export const photo = z.object({
  id: z.string(),
  url: z.string(),
  variants: z.record(z.string(), z.string()),
  width: z.number().int().nullable().optional(),
  height: z.number().int().nullable().optional(),
});

export const serviceView = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  locale,
  translations: z.record(z.string(), z.object({ title: z.string(), description: z.string() })),
  category: z.object({ id: z.string(), slug: z.string(), name: localizedText }),
  priceModel,
  priceMinor: z.number().int(),
  currency: z.string(),
  durationMinutes: z.number().int(),
  city: z.object({ id: z.string(), slug: z.string(), name: localizedText }),
  latitude: z.number(),
  longitude: z.number(),
  radiusKm: z.number().int(),
  status: serviceStatus,
  photos: z.array(photo),
  provider: z.object({
    id: z.string(),
    name: z.string(),
    badges: providerBadges,
    /** The mean of the published clients' reviews (1–5), null before the first. */
    rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
  }),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ServiceView = z.infer<typeof serviceView>;

/**
 * A service as its owner sees it (`/api/me/services…`): `visible` says whether others can see
 * it now: published, by a provider allowed to sell, in a visible category.
 */
export const ownServiceView = serviceView.extend({ visible: z.boolean() });
export type OwnServiceView = z.infer<typeof ownServiceView>;
export const ownServiceList = z.object({ services: z.array(ownServiceView) });

export const providerProfileView = z.object({
  id: z.string(),
  name: z.string(),
  bio: z.string(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  yearsExperience: z.number().int(),
  photoUrl: z.string().nullable(),
  badges: providerBadges,
  cities: z.array(z.object({ slug: z.string(), name: localizedText })),
  services: z.array(serviceView),
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
  memberSince: z.string(),
});

export const addPhotoInput = z.object({ uploadId: z.string().min(1).max(40) });

export const categoryInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(60),
  // null for a top-level category; an id is never empty.
  parentId: z.string().min(1).max(40).nullable().default(null),
  name: localizedText.refine((n) => n.fr.trim() && n.ar.trim() && n.en.trim(), 'Name it in French, Arabic and English'),
  description: localizedText.default({ fr: '', ar: '', en: '' }),
  icon: z.string().max(16).default(''),
  hidden: z.boolean().default(false),
});
export const categoryUpdate = categoryInput.partial().refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export const categoryOrder = z.object({
  parentId: z.string().min(1).max(40).nullable(),
  ids: z.array(z.string().min(1).max(40)).min(1).max(500),
});
export const adminCategory = z.object({
  id: z.string(),
  slug: z.string(),
  parentId: z.string().nullable(),
  name: localizedText,
  description: localizedText,
  icon: z.string(),
  position: z.number().int(),
  hidden: z.boolean(),
});
export const adminCategoryList = z.object({ categories: z.array(adminCategory) });
