import type { SearchResult } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ResponsivePhoto } from '@/components/ui/responsive-photo';
import { useLocale } from '@/hooks/use-locale';
import { priceText } from '@/lib/format-price';
import { localize } from '@/lib/i18n/i18n';
import { serviceText } from '@/lib/service-text';
import { ProviderBadges } from '@/components/ui/provider-badges';

type Result = SearchResult['results'][number];

/** Full width on a phone (one column), about 20rem in the grid of wider screens. */
export const CARD_PHOTO_SIZES = '(min-width: 40rem) 20rem, 100vw';

/** `priority`: the first card with a photo, likely the page's largest content on a phone (fetched at once). */
export function ServiceCard({ service, priority = false }: { service: Result; priority?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { title } = serviceText(service, locale);
  const photo = service.photos[0];
  const price = priceText(service, locale, t);

  return (
    <li className="service-card">
      {photo ? (
        <ResponsivePhoto
          className="service-card__photo"
          photo={photo}
          alt=""
          sizes={CARD_PHOTO_SIZES}
          width={320}
          height={200}
          priority={priority}
        />
      ) : (
        <div className="service-card__photo service-card__photo--empty" aria-hidden="true" />
      )}
      <div className="service-card__body">
        <h2 className="service-card__title">
          <Link to={`/services/${encodeURIComponent(service.slug)}`}>{title}</Link>
        </h2>
        <p className="service-card__category">{localize(service.category.name, locale)}</p>
        <p className="service-card__meta">
          <span className="service-card__price">{price}</span>
          <span className="service-card__city">{localize(service.city.name, locale)}</span>
        </p>
        <p className="service-card__provider">
          <bdi>{service.provider.name}</bdi>
        </p>
        <ProviderBadges badges={service.provider.badges} compact />
      </div>
    </li>
  );
}
