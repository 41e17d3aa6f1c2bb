import { priceModel } from '@khadamat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { localize } from '@/lib/i18n/i18n';
import { useSearchServices, type SearchFilters } from '../api/search-services';
import { SearchBox } from './search-box';
import { ServiceCard } from './service-card';

const FILTER_KEYS = ['q', 'category', 'city', 'priceModel', 'priceMax', 'sort'] as const;
const SORTS = ['relevance', 'price_asc', 'price_desc', 'rating', 'newest'] as const;

function filtersFrom(params: URLSearchParams): SearchFilters {
  const get = (key: (typeof FILTER_KEYS)[number]) => params.get(key)?.trim() ?? '';
  const priceMax = get('priceMax');
  return {
    q: get('q'),
    category: get('category'),
    city: get('city'),
    priceModel: priceModel.safeParse(get('priceModel')).success ? get('priceModel') : '',
    priceMax: /^\d+$/.test(priceMax) ? priceMax : '',
    sort: (SORTS as readonly string[]).includes(get('sort')) ? get('sort') : '',
  };
}

export function SearchPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const search = useSearchServices(filters);
  const [priceMaxInput, setPriceMaxInput] = useState(filters.priceMax ? String(Number(filters.priceMax) / 100) : '');
  useDocumentTitle(filters.q ? t('search.titleFor', { q: filters.q }) : t('search.title'));

  function update(changes: Partial<SearchFilters>) {
    const next = { ...filters, ...changes };
    const query = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) query.set(key, next[key]);
    setParams(query);
  }

  function onPriceSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mad = Number(priceMaxInput.replace(',', '.'));
    update({ priceMax: priceMaxInput.trim() && Number.isFinite(mad) && mad >= 0 ? String(Math.round(mad * 100)) : '' });
  }

  const first = search.data?.pages[0];
  const results = search.data?.pages.flatMap((page) => page.results) ?? [];
  const facets = first?.facets ?? { categories: [], cities: [] };
  const withSelected = (list: typeof facets.categories, selected: string) =>
    selected && !list.some((f) => f.slug === selected)
      ? [{ slug: selected, name: { fr: selected, ar: selected, en: selected }, count: 0 }, ...list]
      : list;

  return (
    <div className="container section search-page">
      <h1 className="section__heading">{filters.q ? t('search.headingFor', { q: filters.q }) : t('search.heading')}</h1>
      <SearchBox key={filters.q} initialQuery={filters.q} />

      <div className="search-layout">
        <section className="search-filters" aria-labelledby={`${id}-filters`}>
          <h2 id={`${id}-filters`} className="search-filters__heading">
            {t('search.filters')}
          </h2>
          <div className="field">
            <label htmlFor={`${id}-category`} className="field__label">
              {t('search.category')}
            </label>
            <select id={`${id}-category`} className="input" value={filters.category} onChange={(e) => update({ category: e.target.value })}>
              <option value="">{t('search.allCategories')}</option>
              {withSelected(facets.categories, filters.category).map((f) => (
                <option key={f.slug} value={f.slug}>
                  {t('search.facet', { name: localize(f.name, locale), count: f.count })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-city`} className="field__label">
              {t('search.city')}
            </label>
            <select id={`${id}-city`} className="input" value={filters.city} onChange={(e) => update({ city: e.target.value })}>
              <option value="">{t('search.allCities')}</option>
              {withSelected(facets.cities, filters.city).map((f) => (
                <option key={f.slug} value={f.slug}>
                  {t('search.facet', { name: localize(f.name, locale), count: f.count })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-model`} className="field__label">
              {t('search.priceModel')}
            </label>
            <select
              id={`${id}-model`}
              className="input"
              value={filters.priceModel}
              onChange={(e) => update({ priceModel: e.target.value })}
            >
              <option value="">{t('search.anyPriceModel')}</option>
              {priceModel.options.map((model) => (
                <option key={model} value={model}>
                  {t(`priceModels.${model}`)}
                </option>
              ))}
            </select>
          </div>
          <form className="field" onSubmit={onPriceSubmit}>
            <label htmlFor={`${id}-price`} className="field__label">
              {t('search.priceMax')}
            </label>
            <div className="search-filters__inline">
              <input
                id={`${id}-price`}
                className="input"
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                value={priceMaxInput}
                onChange={(e) => setPriceMaxInput(e.target.value)}
              />
              <button type="submit" className="button button--secondary">
                {t('search.apply')}
              </button>
            </div>
          </form>
          <div className="field">
            <label htmlFor={`${id}-sort`} className="field__label">
              {t('search.sort')}
            </label>
            <select
              id={`${id}-sort`}
              className="input"
              value={filters.sort || 'relevance'}
              onChange={(e) => update({ sort: e.target.value === 'relevance' ? '' : e.target.value })}
            >
              {SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`search.sorts.${sort}`)}
                </option>
              ))}
            </select>
          </div>
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
                  {results.map((service) => (
                    <ServiceCard key={service.id} service={service} />
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
