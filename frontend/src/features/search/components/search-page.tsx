import { PRICE_MODELS } from '@khadamat/contracts/plain';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SelectField } from '@/components/ui/select-field';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { useSearchServices, type SearchFilters } from '../api/search-services';
import { activeFilterCount, filtersFrom, MIN_RATINGS, queryOf, SORTS, withoutFilters } from '../utils/search-filters';
import { DistanceFilter } from './distance-filter';
import { FacetSelect } from './facet-select';
import { PriceFilter } from './price-filter';
import { SearchBox } from './search-box';
import { ServiceCard } from './service-card';

/** The search page; with `category`, a category's page (the category fixed by its URL, named in the heading). */
export function SearchPage({ category }: { category?: { slug: string; name: string; description: string } } = {}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const [params, setSearchParams] = useSearchParams();
  const filters = category ? { ...filtersFrom(params), category: category.slug } : filtersFrom(params);
  // On a category's page the category is in the path, not repeated in the query.
  const setParams = (query: URLSearchParams) => {
    if (category) query.delete('category');
    setSearchParams(query);
  };
  const search = useSearchServices(filters);
  // On a phone the filters fold behind a button; on a wide screen they stand beside the results (CSS).
  const [filtersOpen, setFiltersOpen] = useState(false);
  const active = activeFilterCount(filters);
  const ratingFormat = new Intl.NumberFormat(locale === 'ar' ? 'ar-MA-u-nu-latn' : `${locale}-MA`);
  const heading = category?.name || (filters.q ? t('search.headingFor', { q: filters.q }) : t('search.heading'));
  useDocumentTitle(category ? category.name || undefined : filters.q ? t('search.titleFor', { q: filters.q }) : t('search.title'));

  function update(changes: Partial<SearchFilters>) {
    const next = { ...filters, ...changes };
    if (!next.lat) next.radiusKm = '';
    if (next.sort === 'distance' && !next.lat) next.sort = '';
    setParams(queryOf(next));
  }

  const first = search.data?.pages[0];
  const results = search.data?.pages.flatMap((page) => page.results) ?? [];
  // The first photo of the results is the page's largest picture on a phone (cards without one are
  // a thin band): fetched at once, as the server's preload of it (firstCardPhoto in app/page-data.ts).
  const firstPhoto = results.findIndex((service) => service.photos.length > 0);
  const facets = first?.facets ?? { categories: [], cities: [] };
  const sorts = SORTS.filter((sort) => sort !== 'distance' || filters.lat);

  return (
    <div className="container section search-page">
      <h1 className="section__heading">{heading}</h1>
      {category?.description && <p className="search-page__intro">{category.description}</p>}
      <SearchBox key={filters.q} initialQuery={filters.q} />

      <button
        type="button"
        className="button button--secondary search-filters__toggle"
        aria-expanded={filtersOpen}
        aria-controls={`${id}-filter-panel`}
        onClick={() => setFiltersOpen((open) => !open)}
      >
        {t('search.filters')}
        {active > 0 && (
          <span className="search-filters__count">
            <span aria-hidden="true">{active}</span>
            <span className="visually-hidden">{t('search.activeFilters', { count: active })}</span>
          </span>
        )}
      </button>

      <div className="search-layout">
        <section
          id={`${id}-filter-panel`}
          className={filtersOpen ? 'search-filters search-filters--open' : 'search-filters'}
          aria-labelledby={`${id}-filters`}
        >
          <h2 id={`${id}-filters`} className="search-filters__heading">
            {t('search.filters')}
          </h2>
          {!category && (
            <FacetSelect
              label={t('search.category')}
              anyLabel={t('search.allCategories')}
              facets={facets.categories}
              selected={filters.category}
              onChange={(slug) => update({ category: slug })}
            />
          )}
          <FacetSelect
            label={t('search.city')}
            anyLabel={t('search.allCities')}
            facets={facets.cities}
            selected={filters.city}
            onChange={(city) => update({ city })}
          />
          <DistanceFilter lat={filters.lat} lng={filters.lng} radiusKm={filters.radiusKm} onChange={update} />
          <SelectField label={t('search.priceModel')} value={filters.priceModel} onChange={(e) => update({ priceModel: e.target.value })}>
            <option value="">{t('search.anyPriceModel')}</option>
            {PRICE_MODELS.map((model) => (
              <option key={model} value={model}>
                {t(`priceModels.${model}`)}
              </option>
            ))}
          </SelectField>
          <PriceFilter
            key={`${filters.priceMin}-${filters.priceMax}`}
            priceMin={filters.priceMin}
            priceMax={filters.priceMax}
            onApply={update}
          />
          <SelectField label={t('search.minRating')} value={filters.minRating} onChange={(e) => update({ minRating: e.target.value })}>
            <option value="">{t('search.anyRating')}</option>
            {MIN_RATINGS.map((rating) => (
              <option key={rating} value={rating}>
                {t('search.ratingAtLeast', { rating: ratingFormat.format(Number(rating)) })}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('search.sort')}
            value={filters.sort || 'relevance'}
            onChange={(e) => update({ sort: e.target.value === 'relevance' ? '' : e.target.value })}
          >
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(`search.sorts.${sort}`)}
              </option>
            ))}
          </SelectField>
          {active > 0 && (
            <button type="button" className="button-link search-filters__clear" onClick={() => setParams(queryOf(withoutFilters(filters)))}>
              {t('search.clearFilters')}
            </button>
          )}
        </section>

        <section className="search-results" aria-labelledby={`${id}-results`}>
          <h2 id={`${id}-results`} className="visually-hidden">
            {t('search.results')}
          </h2>
          {search.isPending ? (
            <p className="state" role="status">
              <Spinner />
              {t('search.loading')}
            </p>
          ) : search.isError && !search.data ? (
            <div className="state state--error" role="alert">
              <p className="state__message">{t('search.error')}</p>
              {search.error instanceof ApiClientError && search.error.requestId && (
                <p className="state__detail">
                  {t('common.errorReference')} <bdi>{search.error.requestId}</bdi>
                </p>
              )}
              <button type="button" className="button" onClick={() => void search.refetch()}>
                {t('common.retry')}
              </button>
            </div>
          ) : (
            <>
              <p className="search-results__count" role="status" data-testid="result-count" data-count={first?.total ?? 0}>
                {search.isPlaceholderData ? t('search.loading') : t('search.count', { count: first?.total ?? 0 })}
              </p>
              {results.length === 0 ? (
                <div className="state">
                  <p className="state__message">{t('search.empty')}</p>
                  <p className="state__detail">{t('search.emptyHint')}</p>
                </div>
              ) : (
                <ul className="service-grid" aria-labelledby={`${id}-results`} aria-busy={search.isPlaceholderData}>
                  {results.map((service, index) => (
                    <ServiceCard key={service.id} service={service} priority={index === firstPhoto} />
                  ))}
                </ul>
              )}
              {search.isFetchNextPageError && (
                <p className="state state--error" role="alert">
                  {t('search.error')}
                </p>
              )}
              {search.hasNextPage && (
                <button
                  type="button"
                  className="button button--secondary search-results__more"
                  onClick={() => void search.fetchNextPage()}
                  aria-busy={search.isFetchingNextPage}
                  disabled={search.isFetchingNextPage}
                >
                  {search.isFetchingNextPage && <Spinner />}
                  {search.isFetchingNextPage ? t('search.loadingMore') : t('search.loadMore')}
                </button>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
