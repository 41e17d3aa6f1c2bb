import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { formatMonthYear } from '@/lib/format-date';
import { priceText } from '@/lib/format-price';
import { LOCALE_NATIVE_NAMES, localize, toLocale } from '@/lib/i18n/i18n';
import { serviceText } from '@/lib/service-text';
import { useProvider } from '../api/get-provider';
import { QueryState } from './query-state';
import { ProviderBadges } from '@/components/ui/provider-badges';

function languageName(code: string): string {
  const known = toLocale(code);
  return known === code ? LOCALE_NATIVE_NAMES[known] : code;
}

export function ProviderProfile({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const servicesHeading = useId();
  const { data: provider, error, refetch } = useProvider(id);
  useDocumentTitle(provider?.name ?? t('provider.title'));

  if (!provider) return <QueryState error={error} retry={() => void refetch()} />;

  return (
    <article className="provider-profile">
      <h1 className="section__heading">
        <bdi>{provider.name}</bdi>
      </h1>
      <p className="provider-profile__since">{t('provider.memberSince', { date: formatMonthYear(provider.memberSince, locale) })}</p>
      <ProviderBadges badges={provider.badges} />
      {provider.bio && <p className="prewrap">{provider.bio}</p>}
      <dl className="facts">
        <div className="facts__item">
          <dt>{t('provider.languages')}</dt>
          <dd>{provider.languages.length > 0 ? provider.languages.map(languageName).join(', ') : '—'}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('provider.cities')}</dt>
          <dd>{provider.cities.length > 0 ? provider.cities.map((c) => localize(c.name, locale)).join(', ') : '—'}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('provider.reviews')}</dt>
          <dd>
            {provider.rating.count === 0 || provider.rating.average === null
              ? t('provider.noReviews')
              : t('provider.rating', { average: provider.rating.average.toFixed(1), count: provider.rating.count })}
          </dd>
        </div>
      </dl>
      <section aria-labelledby={servicesHeading}>
        <h2 id={servicesHeading} className="section__heading">
          {t('provider.services')}
        </h2>
        {provider.services.length === 0 ? (
          <p className="state">{t('provider.noServices')}</p>
        ) : (
          <ul className="provider-services" aria-labelledby={servicesHeading}>
            {provider.services.map((service) => (
              <li key={service.id} className="provider-services__item">
                <Link to={`/services/${encodeURIComponent(service.slug)}`}>{serviceText(service, locale).title}</Link>
                <span className="provider-services__meta">
                  {priceText(service, locale, t)} · {localize(service.city.name, locale)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
