import { z } from 'zod';
import { localizedText } from './locale';
import { priceModel, serviceView } from './services';

export const searchSort = z.enum(['relevance', 'price_asc', 'price_desc', 'rating', 'distance', 'newest']);

const number = z.coerce.number();
export const searchQuery = z
  .object({
    q: z.string().trim().max(100).default(''),
    category: z.string().max(60).optional(),
    city: z.string().max(60).optional(),
    lat: number.min(-90).max(90).optional(),
    lng: number.min(-180).max(180).optional(),
    radiusKm: number.min(1).max(500).default(25),
    priceMin: z.coerce.number().int().min(0).optional(),
    priceMax: z.coerce.number().int().min(0).optional(),
    minRating: number.min(1).max(5).optional(),
    priceModel: priceModel.optional(),
    sort: searchSort.default('relevance'),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: 'Give both lat and lng', path: ['lat'] })
  .refine((v) => v.sort !== 'distance' || v.lat !== undefined, { message: 'Sorting by distance needs lat and lng', path: ['sort'] })
  .refine((v) => v.priceMin === undefined || v.priceMax === undefined || v.priceMin <= v.priceMax, {
    message: 'priceMin is above priceMax',
    path: ['priceMin'],
  });
export type SearchQuery = z.infer<typeof searchQuery>;

const facet = z.object({ slug: z.string(), name: localizedText, count: z.number().int() });
/** A search result: the service as a card (descriptions cut to an excerpt, the first photo
 *  only; the service page has the rest) and its distance from the point searched around. */
export const serviceCard = serviceView
  .omit({ status: true, radiusKm: true, createdAt: true })
  .extend({ distanceKm: z.number().nullable() });
export type ServiceCard = z.infer<typeof serviceCard>;

export const searchResult = z.object({
  results: z.array(serviceCard),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  facets: z.object({ categories: z.array(facet), cities: z.array(facet) }),
});
export type SearchResult = z.infer<typeof searchResult>;

export const suggestQuery = z.object({ q: z.string().trim().min(1).max(60) });
export const suggestions = z.object({
  categories: z.array(z.object({ slug: z.string(), name: localizedText })),
  /** `title` in the provider's main language; `titles` in every language the provider gave. */
  services: z.array(z.object({ slug: z.string(), title: z.string(), titles: localizedText.partial() })),
});
export type Suggestions = z.infer<typeof suggestions>;
