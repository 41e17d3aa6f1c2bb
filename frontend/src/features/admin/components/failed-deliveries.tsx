import { deliveryChannel, deliveryStatus, type DeliveryChannel, type DeliveryStatus } from '@khadamat/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SelectField } from '@/components/ui/select-field';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { useDeliveries, useRetryDelivery } from '../api/deliveries';

/** Mail, SMS and jobs that failed for good (or wait, or went out), with a retry for the failed ones. */
export function FailedDeliveries() {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = useId();
  const [status, setStatus] = useState<DeliveryStatus>('dead');
  const [channel, setChannel] = useState<DeliveryChannel | ''>('');
  const deliveries = useDeliveries({ status, channel });
  const retry = useRetryDelivery();
  const counts = deliveries.data?.pages[0]?.counts;
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} className="panel__heading">
        {t('admin.deliveries.heading')}
      </h2>
      {counts && <p role="status">{t('admin.deliveries.counts', { dead: counts.dead, pending: counts.pending })}</p>}
      <div className="filters">
        <SelectField label={t('admin.deliveries.status')} value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus)}>
          {deliveryStatus.options.map((s) => (
            <option key={s} value={s}>
              {t(`admin.deliveries.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('admin.deliveries.channel')}
          value={channel}
          onChange={(e) => setChannel(e.target.value as DeliveryChannel | '')}
        >
          <option value="">{t('admin.deliveries.allChannels')}</option>
          {deliveryChannel.options.map((c) => (
            <option key={c} value={c}>
              {t(`admin.deliveries.channels.${c}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {retry.isError && <FormAlert error={describeApiError(t, retry.error)} />}
      {deliveries.isPending && (
        <p className="state" role="status">
          <Spinner />
          {t('admin.deliveries.loading')}
        </p>
      )}
      {deliveries.isError && (
        <p className="state state--error" role="alert">
          {t('admin.deliveries.error')}
        </p>
      )}
      {deliveries.data && items.length === 0 && <p>{t('admin.deliveries.empty')}</p>}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.deliveries.createdAt')}</th>
              <th scope="col">{t('admin.deliveries.channel')}</th>
              <th scope="col">{t('admin.deliveries.recipient')}</th>
              <th scope="col">{t('admin.deliveries.template')}</th>
              <th scope="col">{t('admin.deliveries.attempts')}</th>
              <th scope="col">{t('admin.deliveries.lastError')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.deliveries.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.createdAt, locale)}</td>
                <td>{t(`admin.deliveries.channels.${item.channel as DeliveryChannel}`, { defaultValue: item.channel })}</td>
                <td>
                  <bdi dir="ltr">{item.recipient || '—'}</bdi>
                </td>
                <td>
                  <code>{item.template}</code>
                </td>
                <td>{item.attempts}</td>
                <td>{item.lastError ?? '—'}</td>
                <td>
                  {item.status === 'dead' && (
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={retry.isPending && retry.variables === item.id}
                      onClick={() => retry.mutate(item.id)}
                      aria-label={`${t('admin.deliveries.retry')} — ${item.recipient || item.template}`}
                    >
                      {retry.isPending && retry.variables === item.id ? t('admin.deliveries.retrying') : t('admin.deliveries.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deliveries.hasNextPage && (
        <SubmitButton
          type="button"
          pending={deliveries.isFetchingNextPage}
          pendingLabel={t('admin.deliveries.loading')}
          onClick={() => void deliveries.fetchNextPage()}
        >
          {t('admin.deliveries.more')}
        </SubmitButton>
      )}
    </section>
  );
}
