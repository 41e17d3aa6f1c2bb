import type { OwnServiceView } from '@khadamat/contracts';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { priceText } from '@/lib/format-price';
import { localize } from '@/lib/i18n/i18n';
import { useMyServices } from '../api/get-my-services';
import { useRemoveServicePhoto } from '../api/remove-service-photo';
import { useSetServiceStatus } from '../api/set-service-status';
import { PhotoUpload } from './photo-upload';
import { ServiceForm } from './service-form';
import { ServiceVisibilityNotice } from './verification-notice';

/** The service's photos, each with a button that removes it; a refusal is shown under the list. */
function MyServicePhotos({ service }: { service: OwnServiceView }) {
  const { t } = useTranslation();
  const remove = useRemoveServicePhoto();
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState(false);
  if (service.photos.length === 0 && !removed) return null;

  return (
    <div className="my-service__photo-block">
      {service.photos.length > 0 && (
        <ul className="my-service__photos" aria-label={t('myServices.photos.list', { title: service.title })}>
          {service.photos.map((photo, index) => {
            const alt = t('service.photoAlt', { title: service.title, n: index + 1 });
            const busy = remove.isPending && remove.variables.uploadId === photo.id;
            return (
              <li key={photo.id} className="my-service__photo">
                <img src={photo.url} alt={alt} width={96} height={72} loading="lazy" decoding="async" />
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={remove.isPending}
                  aria-busy={busy || undefined}
                  onClick={() => {
                    setError(null);
                    setRemoved(false);
                    remove.mutate(
                      { serviceId: service.id, uploadId: photo.id },
                      { onSuccess: () => setRemoved(true), onError: (cause) => setError(describeApiError(t, cause).message) },
                    );
                  }}
                >
                  {busy ? t('myServices.photos.removing') : t('myServices.photos.remove')}
                  <span className="visually-hidden"> {alt}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div role="status" className="photo-upload__status">
        {removed && t('myServices.photos.removed')}
      </div>
      {error && (
        <p className="field__error" role="alert">
          {t('myServices.photos.removeFailed', { reason: error })}
        </p>
      )}
    </div>
  );
}

function MyServiceItem({ service }: { service: OwnServiceView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const status = useSetServiceStatus();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  // Once the form closes, focus goes back to the button that opened it, as soon as it is there again.
  const focusEditButton = useRef(false);
  const editButtonRef = useCallback((button: HTMLButtonElement | null) => {
    if (button && focusEditButton.current) {
      focusEditButton.current = false;
      button.focus();
    }
  }, []);
  const action = service.status === 'published' ? 'pause' : 'publish';

  function closeEditor(wasSaved: boolean) {
    focusEditButton.current = true;
    setEditing(false);
    setSaved(wasSaved);
  }

  if (editing) {
    return (
      <li className="my-service my-service--editing">
        <ServiceForm service={service} onSaved={() => closeEditor(true)} onCancel={() => closeEditor(false)} />
      </li>
    );
  }

  return (
    <li className="my-service">
      <div className="my-service__header">
        <h3 className="my-service__title">{service.title}</h3>
        <span className={`badge badge--${service.status}`}>{t(`myServices.status.${service.status}`)}</span>
      </div>
      <p className="my-service__meta">
        {localize(service.category.name, locale)} · {localize(service.city.name, locale)} · {priceText(service, locale, t)}
      </p>
      <ServiceVisibilityNotice service={service} />
      <div role="status" className="photo-upload__status">
        {saved && t('myServices.form.saved')}
      </div>
      <MyServicePhotos service={service} />
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
        <button
          ref={editButtonRef}
          type="button"
          className="button button--secondary"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          {t('myServices.edit')}
          <span className="visually-hidden"> {service.title}</span>
        </button>
        {service.visible && (
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
