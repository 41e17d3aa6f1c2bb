import { isPriceModel } from '@khadamat/contracts/plain';
import type { SearchFilters } from '../api/search-services';

/** In the order they appear in the URL. */
export const FILTER_KEYS = [
  'q',
  'category',
  'city',
  'lat',
  'lng',
  'radiusKm',
  'priceModel',
  'priceMin',
  'priceMax',
  'minRating',
  'sort',
] as const satisfies readonly (keyof SearchFilters)[];

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'rating', 'distance', 'newest'] as const;
export const RADII_KM = ['5', '10', '25', '50', '100'] as const;
export const DEFAULT_RADIUS_KM = '25';
export const MIN_RATINGS = ['3', '4', '4.5'] as const;

const EMPTY: SearchFilters = Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])) as unknown as SearchFilters;

function coordinate(value: string, limit: number): string {
  const n = Number(value);
  return value !== '' && Number.isFinite(n) && Math.abs(n) <= limit ? value : '';
}

/**
 * The filters of a search URL, each checked as the API would check it, so that a hand-edited or
 * stale link still searches (what is not understood is left out rather than failing the search).
 */
export function filtersFrom(params: URLSearchParams): SearchFilters {
  const get = (key: keyof SearchFilters) => params.get(key)?.trim() ?? '';
  let lat = coordinate(get('lat'), 90);
  let lng = coordinate(get('lng'), 180);
  if (!lat || !lng) lat = lng = '';
  const radius = get('radiusKm');
  let priceMin = /^\d+$/.test(get('priceMin')) ? get('priceMin') : '';
  let priceMax = /^\d+$/.test(get('priceMax')) ? get('priceMax') : '';
  if (priceMin && priceMax && Number(priceMin) > Number(priceMax)) [priceMin, priceMax] = [priceMax, priceMin];
  const sort = (SORTS as readonly string[]).includes(get('sort')) ? get('sort') : '';
  return {
    q: get('q'),
    category: get('category'),
    city: get('city'),
    lat,
    lng,
    radiusKm: lat && (RADII_KM as readonly string[]).includes(radius) ? radius : '',
    priceModel: isPriceModel(get('priceModel')) ? get('priceModel') : '',
    priceMin,
    priceMax,
    minRating: (MIN_RATINGS as readonly string[]).includes(get('minRating')) ? get('minRating') : '',
    // Sorting by distance needs a point to measure from.
    sort: sort === 'distance' && !lat ? '' : sort,
  };
}

/** The query string of `filters`: empty values left out, so links stay short. */
export function queryOf(filters: SearchFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, filters[key]);
  return query;
}

/** How many filters narrow the results (the text and the sort order do not). */
export function activeFilterCount(filters: SearchFilters): number {
  const { category, city, lat, priceModel: model, priceMin, priceMax, minRating } = filters;
  return [category, city, lat, model, priceMin, priceMax, minRating].filter(Boolean).length;
}

/** The filters without any narrowing: same words, same order. */
export function withoutFilters(filters: SearchFilters): SearchFilters {
  return { ...EMPTY, q: filters.q, sort: filters.sort === 'distance' ? '' : filters.sort };
}

/** Amount typed in MAD ("150", "150,50") to minor units, '' when empty, null when not a valid amount. */
export function madToMinor(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const mad = Number(trimmed.replace(',', '.'));
  return Number.isFinite(mad) && mad >= 0 ? String(Math.round(mad * 100)) : null;
}

export function minorToMad(minor: string): string {
  return minor ? String(Number(minor) / 100) : '';
}
