import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { formatWallDateTime, zoneName } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { useBooking } from '../api/get-booking';
import { BookingActions } from './booking-actions';
import { BookingStatusBadge } from './booking-status-badge';

type Party = 'client' | 'provider' | 'system' | 'admin';
const party = (by: string | null): Party => (by === 'provider' || by === 'system' || by === 'admin' ? by : 'client');

/** The booking page: what, when, where, its photos, what happened so far and what the viewer may do now. */
export function BookingDetails({ bookingId }: { bookingId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const { data: booking, error, refetch } = useBooking(bookingId);
  useDocumentTitle(booking ? `${t('bookings.details.title')} · ${booking.service.title}` : t('bookings.details.title'));

  if (!booking) {
    if (!error) {
      return (
        <p className="state" role="status">
          <Spinner />
          {t('common.loading')}
        </p>
      );
    }
    const missing = error instanceof ApiClientError && error.status === 404;
    return (
      <div className={missing ? 'state' : 'state state--error'} role={missing ? undefined : 'alert'}>
        <h1 className="state__message">{t(missing ? 'bookings.errors.notFound' : 'bookings.errors.load')}</h1>
        {missing ? (
          <Link to="/bookings" className="button">
            {t('bookings.details.back')}
          </Link>
        ) : (
          <button type="button" className="button" onClick={() => void refetch()}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }

  const when = (wall: string) => formatWallDateTime(wall, locale);
  return (
    <article className="booking-details">
      <p>
        <Link to="/bookings">{t('bookings.details.back')}</Link>
      </p>
      <h1 className="section__heading">
        <bdi>{booking.service.title}</bdi>
      </h1>
      <dl className="facts">
        <div className="facts__item">
          <dt>{t('bookings.details.status')}</dt>
          <dd>
            <BookingStatusBadge status={booking.status} />
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('bookings.details.when')}</dt>
          <dd>
            <bdi>{when(booking.local.startAt)}</bdi>
            <br />
            <small>{t('bookings.zone', { zone: zoneName(booking.timeZone, booking.local.startAt) })}</small>
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t(booking.viewerRole === 'provider' ? 'bookings.details.client' : 'bookings.details.provider')}</dt>
          <dd>
            <bdi>{booking.viewerRole === 'provider' ? booking.client.name : booking.provider.name}</bdi>
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('bookings.details.address')}</dt>
          <dd>
            <bdi>{booking.address}</bdi>
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('bookings.details.price')}</dt>
          <dd>{formatMoney(booking.priceMinor, booking.currency, locale)}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('bookings.details.payment')}</dt>
          <dd>{t('bookings.form.paymentMethods.cash')}</dd>
        </div>
        {booking.reason && (
          <div className="facts__item">
            <dt>{t('bookings.details.reason')}</dt>
            <dd>
              <bdi>{booking.reason}</bdi>
            </dd>
          </div>
        )}
        {booking.cancellationFeeMinor > 0 && (
          <div className="facts__item">
            <dt>{t('bookings.details.feeCharged')}</dt>
            <dd>{formatMoney(booking.cancellationFeeMinor, booking.currency, locale)}</dd>
          </div>
        )}
        {booking.disputeResolution && (
          <div className="facts__item">
            <dt>{t('bookings.details.resolution')}</dt>
            <dd>
              {t('bookings.details.resolutionRefund', {
                amount: formatMoney(booking.disputeResolution.refundMinor, booking.disputeResolution.currency, locale),
              })}
              <br />
              {t('bookings.details.resolutionNote')} <bdi>{booking.disputeResolution.note}</bdi>
            </dd>
          </div>
        )}
      </dl>
      {booking.notes && (
        <section>
          <h2 className="section__heading">{t('bookings.details.notes')}</h2>
          <p className="prewrap">
            <bdi>{booking.notes}</bdi>
          </p>
        </section>
      )}
      {booking.seriesId && <p>{t('bookings.details.series')}</p>}
      {booking.status === 'requested' && booking.local.expiresAt && (
        <p>{t('bookings.details.expires', { when: when(booking.local.expiresAt) })}</p>
      )}
      {booking.local.proposedStartAt && (
        <div className="alert alert--warning">
          <p className="alert__message">
            {t('bookings.details.proposed', {
              by: t(`bookings.details.by.${party(booking.proposedBy)}`),
              when: when(booking.local.proposedStartAt),
            })}
          </p>
        </div>
      )}
      <BookingActions booking={booking} onStale={() => void refetch()} />
      {booking.photos.length > 0 && (
        <section aria-labelledby={`${id}-photos`}>
          <h2 id={`${id}-photos`} className="section__heading">
            {t('bookings.details.photos')}
          </h2>
          <ul className="job-photos__list">
            {booking.photos.map((photo, index) => (
              <li key={photo.id} className="job-photos__item">
                <a href={photo.url} target="_blank" rel="noreferrer">
                  <img
                    src={photo.url}
                    alt={t('bookings.form.photos.alt', { n: index + 1 })}
                    width={photo.width ?? 160}
                    height={photo.height ?? 120}
                    className="job-photos__image"
                    loading="lazy"
                    decoding="async"
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby={`${id}-timeline`}>
        <h2 id={`${id}-timeline`} className="section__heading">
          {t('bookings.details.timeline')}
        </h2>
        <ol className="booking-timeline">
          {booking.timeline.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="booking-timeline__item">
              <time dateTime={entry.at}>{when(entry.localAt)}</time>{' '}
              {t('bookings.details.timelineEntry', {
                event: t(`bookings.details.events.${entry.event as 'requested'}`, { defaultValue: entry.event }),
                by: t(`bookings.details.by.${party(entry.by)}`),
              })}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <a href={`/api/bookings/${encodeURIComponent(booking.id)}/calendar.ics`} download>
          {t('bookings.details.calendar')}
        </a>
      </p>
    </article>
  );
}
