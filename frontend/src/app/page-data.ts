import type { Locale, CategoryNode, CategoryTree } from '@khadamat/contracts';
import type { QueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { data, type LoaderFunction, type Params } from 'react-router';
import type { PhotoSource } from '@/components/ui/responsive-photo';
import { ApiClientError } from '@/lib/api-client';
import { formatMoney, priceText } from '@/lib/format-price';
import { APP_NAME, localize, localizedHref } from '@/lib/i18n/i18n';
import { serviceText } from '@/lib/service-text';
import { CARD_PHOTO_SIZES } from '@/features/search/components/service-card';
import { SERVICE_PHOTO_SIZES } from '@/features/services/utils/photo-sizes';
import { categoriesQueryOptions } from '@/features/catalogue/api/get-categories';
import { citiesQueryOptions } from '@/features/search/api/get-cities';
import { searchQueryOptions } from '@/features/search/api/search-services';
import { filtersFrom } from '@/features/search/utils/search-filters';
import { providerQueryOptions } from '@/features/services/api/get-provider';
import { serviceQueryOptions } from '@/features/services/api/get-service';

// The data of the public pages (one loader per page, through the same query options as its
// components) and what search engines read of them (title, description, JSON-LD).

const onServer = typeof document === 'undefined';

/**
 * A page's loader, on the server only: there it fetches the page's data before rendering (the HTML
 * carries it, and a missing or removed resource sets the answer's status: 404, 410). In the
 * browser the pages fetch their own data through the same query options, with their loading and
 * error states, and navigations stay synchronous (signing out leaves a page before the session
 * is forgotten: see leaveThenForgetSession).
 */
export function serverLoader(loader: LoaderFunction): { loader?: LoaderFunction } {
  return onServer ? { loader } : {};
}

/** Fetches a page's data on the server; 404 and 410 become the page's status. */
async function preload(load: () => Promise<unknown>): Promise<null> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ApiClientError && (error.status === 404 || error.status === 410)) {
      throw data({ code: error.code }, { status: error.status });
    }
    // Anything else (a dependency down): the browser loads the page's data again itself.
  }
  return null;
}

/** A category of the tree (top level or sub-category) by its slug. */
export function findCategory(tree: CategoryTree, slug: string): CategoryNode | undefined {
  for (const category of tree.categories) {
    if (category.slug === slug) return category;
    const child = category.children.find((c) => c.slug === slug);
    if (child) return child;
  }
  return undefined;
}

const pageLoaders = {
  home: (queryClient: QueryClient) => () => preload(() => queryClient.ensureQueryData(categoriesQueryOptions())),
  search:
    (queryClient: QueryClient) =>
    ({ request }: { request: Request }) =>
      preload(() =>
        Promise.all([
          queryClient.ensureInfiniteQueryData(searchQueryOptions(filtersFrom(new URL(request.url).searchParams))),
          queryClient.ensureQueryData(citiesQueryOptions()),
        ]),
      ),
  category:
    (queryClient: QueryClient) =>
    ({ request, params }: { request: Request; params: Params }) =>
      preload(async () => {
        const slug = params.slug ?? '';
        const tree = await queryClient.ensureQueryData(categoriesQueryOptions());
        if (!findCategory(tree, slug)) throw new ApiClientError({ status: 404, code: 'NOT_FOUND', message: 'No such category' });
        const filters = { ...filtersFrom(new URL(request.url).searchParams), category: slug };
        await Promise.all([
          queryClient.ensureInfiniteQueryData(searchQueryOptions(filters)),
          queryClient.ensureQueryData(citiesQueryOptions()),
        ]);
      }),
  service:
    (queryClient: QueryClient) =>
    ({ params }: { params: Params }) =>
      preload(() => queryClient.ensureQueryData(serviceQueryOptions(params.slug ?? ''))),
  provider:
    (queryClient: QueryClient) =>
    ({ params }: { params: Params }) =>
      preload(() => queryClient.ensureQueryData(providerQueryOptions(params.id ?? ''))),
  notFound: () => () => {
    throw data({ code: 'NOT_FOUND' }, { status: 404 });
  },
};

/**
 * Each public page's loader. In the browser the pages fetch their own data (serverLoader), so the
 * loaders are for the server only: the browser's bundle has none of them (`import.meta.env.SSR`
 * is decided at build time, and the code it rules out is left out).
 */
export const loaders: Record<keyof typeof pageLoaders, (queryClient: QueryClient) => LoaderFunction> = import.meta.env.SSR
  ? pageLoaders
  : { home: noLoader, search: noLoader, category: noLoader, service: noLoader, provider: noLoader, notFound: noLoader };

function noLoader(): LoaderFunction {
  return () => null;
}

/** What a page tells search engines and link previews, besides its content. */
export interface PageSeo {
  title: string;
  description: string;
  /** Absolute URL of a picture for link previews. */
  image?: string | undefined;
  /** schema.org objects, each written as one `application/ld+json` script. */
  jsonLd?: Record<string, unknown>[];
  noindex?: boolean;
  /** The page's largest picture, fetched before anything else (`<link rel="preload">` at the top of the head). */
  lcpImage?: { photo: PhotoSource; sizes: string } | undefined;
  /** The query string is part of the page (search filters): kept in its canonical and alternate URLs. */
  keepQuery?: boolean;
}

export interface SeoContext {
  locale: Locale;
  t: TFunction;
  queryClient: QueryClient;
  params: Params;
  url: URL;
  /** The platform's public origin (`https://khadamat.ma`). */
  origin: string;
}

export interface RouteHandle {
  seo?: (ctx: SeoContext) => PageSeo | null;
}

const absolute = (ctx: SeoContext, href: string, locale: Locale = ctx.locale) => `${ctx.origin}${localizedHref(locale, href)}`;

function breadcrumbs(ctx: SeoContext, trail: { name: string; href: string }[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [{ name: ctx.t('seo.homeCrumb'), href: '/' }, ...trail].map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: absolute(ctx, crumb.href),
    })),
  };
}

/** A price as schema.org wants it: a plain decimal number in the currency's unit. */
function decimalPrice(minor: number): string {
  return (minor / 100).toFixed(2);
}

/** The first result's photo: on a phone, the largest thing a result list shows. */
function firstCardPhoto(ctx: SeoContext, filters: ReturnType<typeof filtersFrom>): PageSeo['lcpImage'] {
  // The first result with a photo (cards without one are a thin band), as the page gives priority to.
  const results = ctx.queryClient.getQueryData(searchQueryOptions(filters).queryKey)?.pages[0]?.results ?? [];
  const photo = results.find((service) => service.photos.length > 0)?.photos[0];
  return photo ? { photo, sizes: CARD_PHOTO_SIZES } : undefined;
}

const pageSeo = {
  home: (ctx: SeoContext): PageSeo => ({
    title: ctx.t('home.title'),
    description: ctx.t('seo.home'),
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: APP_NAME,
        url: absolute(ctx, '/'),
        inLanguage: ctx.locale,
        potentialAction: {
          '@type': 'SearchAction',
          target: { '@type': 'EntryPoint', urlTemplate: `${absolute(ctx, '/search')}?q={search_term_string}` },
          'query-input': 'required name=search_term_string',
        },
      },
    ],
  }),
  search: (ctx: SeoContext): PageSeo => {
    const q = ctx.url.searchParams.get('q')?.trim() ?? '';
    return {
      title: q ? ctx.t('search.titleFor', { q }) : ctx.t('search.title'),
      description: q ? ctx.t('seo.searchFor', { q }) : ctx.t('seo.search'),
      jsonLd: [breadcrumbs(ctx, [{ name: ctx.t('search.title'), href: '/search' }])],
      // Result lists for typed words are endless: followed, not indexed (categories are the listing pages).
      noindex: ctx.url.search !== '',
      keepQuery: true,
      lcpImage: firstCardPhoto(ctx, filtersFrom(ctx.url.searchParams)),
    };
  },
  category: (ctx: SeoContext): PageSeo | null => {
    const tree = ctx.queryClient.getQueryData(categoriesQueryOptions().queryKey);
    const category = tree && findCategory(tree, ctx.params.slug ?? '');
    if (!category) return null;
    const name = localize(category.name, ctx.locale);
    const description = localize(category.description, ctx.locale);
    return {
      title: name,
      description: description || ctx.t('seo.category', { name }),
      jsonLd: [breadcrumbs(ctx, [{ name, href: `/categories/${encodeURIComponent(category.slug)}` }])],
      lcpImage: firstCardPhoto(ctx, { ...filtersFrom(ctx.url.searchParams), category: category.slug }),
    };
  },
  service: (ctx: SeoContext): PageSeo | null => {
    const service = ctx.queryClient.getQueryData(serviceQueryOptions(ctx.params.slug ?? '').queryKey);
    if (!service) return null;
    const { title, description } = serviceText(service, ctx.locale);
    const city = localize(service.city.name, ctx.locale);
    const category = localize(service.category.name, ctx.locale);
    const href = `/services/${encodeURIComponent(service.slug)}`;
    const photo = service.photos[0];
    const image = photo ? `${ctx.origin}${photo.variants['800w'] ?? photo.url}` : undefined;
    const price = priceText(service, ctx.locale, ctx.t);
    const offer =
      service.priceModel === 'quote'
        ? undefined
        : {
            '@type': 'Offer',
            url: absolute(ctx, href),
            price: decimalPrice(service.priceMinor),
            priceCurrency: service.currency,
            availability: 'https://schema.org/InStock',
            ...(service.priceModel === 'hourly'
              ? {
                  priceSpecification: {
                    '@type': 'UnitPriceSpecification',
                    price: decimalPrice(service.priceMinor),
                    priceCurrency: service.currency,
                    unitCode: 'HUR',
                    unitText: formatMoney(service.priceMinor, service.currency, ctx.locale),
                  },
                }
              : {}),
          };
    return {
      title,
      lcpImage: photo ? { photo, sizes: SERVICE_PHOTO_SIZES(photo) } : undefined,
      description: ctx.t('seo.service', { title, city, provider: service.provider.name, price }),
      image,
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'Service',
          name: title,
          description: description || undefined,
          url: absolute(ctx, href),
          serviceType: category,
          inLanguage: ctx.locale,
          ...(image ? { image: service.photos.map((p) => `${ctx.origin}${p.variants['800w'] ?? p.url}`) } : {}),
          areaServed: { '@type': 'City', name: city },
          provider: {
            '@type': 'LocalBusiness',
            name: service.provider.name,
            url: absolute(ctx, `/providers/${encodeURIComponent(service.provider.id)}`),
            address: { '@type': 'PostalAddress', addressLocality: city, addressCountry: 'MA' },
          },
          ...(offer ? { offers: offer } : {}),
        },
        breadcrumbs(ctx, [
          { name: category, href: `/categories/${encodeURIComponent(service.category.slug)}` },
          { name: title, href },
        ]),
      ],
    };
  },
  provider: (ctx: SeoContext): PageSeo | null => {
    const provider = ctx.queryClient.getQueryData(providerQueryOptions(ctx.params.id ?? '').queryKey);
    if (!provider) return null;
    const href = `/providers/${encodeURIComponent(provider.id)}`;
    const rating =
      provider.rating.count > 0 && provider.rating.average !== null
        ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: provider.rating.average, reviewCount: provider.rating.count } }
        : {};
    return {
      title: provider.name,
      description: provider.bio
        ? provider.bio.slice(0, 160)
        : ctx.t('seo.provider', { name: provider.name, count: provider.services.length }),
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'LocalBusiness',
          name: provider.name,
          url: absolute(ctx, href),
          ...(provider.bio ? { description: provider.bio } : {}),
          areaServed: provider.cities.map((c) => ({ '@type': 'City', name: localize(c.name, ctx.locale) })),
          ...rating,
          makesOffer: provider.services.map((s) => ({
            '@type': 'Offer',
            url: absolute(ctx, `/services/${encodeURIComponent(s.slug)}`),
            itemOffered: { '@type': 'Service', name: serviceText(s, ctx.locale).title },
            ...(s.priceModel === 'quote' ? {} : { price: decimalPrice(s.priceMinor), priceCurrency: s.currency }),
          })),
        },
        breadcrumbs(ctx, [{ name: provider.name, href }]),
      ],
    };
  },
};

/**
 * What each public page tells search engines, written by the server in the page's head. In the
 * browser `handle.seo` only marks a page as public (components/layouts/page-outlet.tsx): the
 * builders above, with the JSON-LD, are left out of the browser's bundle (see `loaders`).
 */
export const seo: Record<keyof typeof pageSeo, (ctx: SeoContext) => PageSeo | null> = import.meta.env.SSR
  ? pageSeo
  : { home: noSeo, search: noSeo, category: noSeo, service: noSeo, provider: noSeo };

function noSeo(): null {
  return null;
}
