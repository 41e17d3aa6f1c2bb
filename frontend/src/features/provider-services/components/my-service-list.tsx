import type { ServiceView } from '@khadamat/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { priceText } from '@/lib/format-price';
import { localize } from '@/lib/i18n/i18n';
import { useMyServices } from '../api/get-my-services';
import { useSetServiceStatus } from '../api/set-service-status';
import { PhotoUpload } from './photo-upload';

function MyServiceItem({ service }: { service: ServiceView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const status = useSetServiceStatus();
  const [error, setError] = useState<string | null>(null);
  const action = service.status === 'published' ? 'pause' : 'publish';

  return (
    <li className="my-service">
      <div className="my-service__header">
        <h3 className="my-service__title">{service.title}</h3>
        <span className={`badge badge--${service.status}`}>{t(`myServices.status.${service.status}`)}</span>
      </div>
      <p className="my-service__meta">
        {localize(service.category.name, locale)} · {localize(service.city.name, locale)} · {priceText(service, locale, t)}
      </p>
      {service.photos.length > 0 && (
        <ul className="my-service__photos" aria-label={t('myServices.photos.list', { title: service.title })}>
          {service.photos.map((photo, index) => (
            <li key={photo.id}>
              <img src={photo.url} alt={t('service.photoAlt', { title: service.title, n: index + 1 })} width={96} height={72} />
            </li>
          ))}
        </ul>
      )}
      <PhotoUpload serviceId={service.id} serviceTitle={service.title} />
      <div className="my-service__actions">
        <SubmitButton
          type="button"
          variant={action === 'pause' ? 'secondary' : 'primary'}
          pending={status.isPending}
          pendingLabel={t('myServices.saving')}
          onClick={() => {
            setError(null);
            status.mutate({ id: service.id, action }, { onError: (cause) => setError(describeApiError(t, cause).message) });
          }}
        >
          {t(action === 'pause' ? 'myServices.pause' : 'myServices.publish')}
          <span className="visually-hidden"> {service.title}</span>
        </SubmitButton>
        {service.status === 'published' && (
          <Link to={`/services/${encodeURIComponent(service.slug)}`}>
            {t('myServices.view')}
            <span className="visually-hidden"> {service.title}</span>
          </Link>
        )}
      </div>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function MyServiceList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError, refetch } = useMyServices();

  if (isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('common.loading')}
      </p>
    );
  }
  if (isError) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('myServices.error')}</p>
        <button type="button" className="button" onClick={() => void refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (data.length === 0) return <p className="state">{t('myServices.empty')}</p>;
  return (
    <ul className="my-service-list" aria-labelledby={labelledBy}>
      {data.map((service) => (
        <MyServiceItem key={service.id} service={service} />
      ))}
    </ul>
  );
}
