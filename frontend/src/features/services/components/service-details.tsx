import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ResponsivePhoto } from '@/components/ui/responsive-photo';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { priceText } from '@/lib/format-price';
import { localize } from '@/lib/i18n/i18n';
import { serviceText } from '@/lib/service-text';
import { useService } from '../api/get-service';
import { QueryState } from './query-state';
import { SERVICE_PHOTO_SIZES } from '../utils/photo-sizes';

export function ServiceDetails({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data: service, error, refetch } = useService(slug);
  const text = service ? serviceText(service, locale) : undefined;
  useDocumentTitle(text?.title ?? t('service.title'));

  if (!service || !text) return <QueryState error={error} retry={() => void refetch()} />;

  return (
    <article className="service-details">
      <p className="service-details__category">{localize(service.category.name, locale)}</p>
      <h1 className="service-details__title">{text.title}</h1>
      {service.photos.length > 0 && (
        <ul className="photo-strip" aria-label={t('service.photos')}>
          {service.photos.map((photo, index) => (
            <li key={photo.id}>
              <ResponsivePhoto
                className="photo-strip__image"
                photo={photo}
                alt={t('service.photoAlt', { title: text.title, n: index + 1 })}
                sizes={SERVICE_PHOTO_SIZES(photo)}
                width={photo.width ?? 800}
                height={photo.height ?? 600}
                priority={index === 0}
              />
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <div className="facts__item">
          <dt>{t('service.price')}</dt>
          <dd>{priceText(service, locale, t)}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('service.duration')}</dt>
          <dd>{t('service.durationValue', { minutes: service.durationMinutes })}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('service.city')}</dt>
          <dd>{localize(service.city.name, locale)}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('service.provider')}</dt>
          <dd>
            <Link to={`/providers/${encodeURIComponent(service.provider.id)}`}>
              <bdi>{service.provider.name}</bdi>
            </Link>
          </dd>
        </div>
      </dl>
      {text.description && (
        <section className="service-details__description">
          <h2 className="section__heading">{t('service.description')}</h2>
          <p className="prewrap">{text.description}</p>
        </section>
      )}
    </article>
  );
}
