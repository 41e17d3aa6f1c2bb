import { kycStatus, type KycStatus } from '@khadamat/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SelectField } from '@/components/ui/select-field';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime } from '@/lib/format-date';
import { useLocale } from '@/hooks/use-locale';
import { useKycQueue } from '../api/admin-queue';

/** The review queue: files in one state, the oldest submission first. */
export function AdminQueue() {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = useId();
  const [status, setStatus] = useState<KycStatus>('submitted');
  const queue = useKycQueue(status);
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} className="panel__heading">
        {t('kyc.admin.queueHeading')}
      </h2>
      <SelectField label={t('kyc.admin.filter')} value={status} onChange={(e) => setStatus(e.target.value as KycStatus)}>
        {kycStatus.options.map((s) => (
          <option key={s} value={s}>
            {t(`kyc.status.${s}`)}
          </option>
        ))}
      </SelectField>
      {queue.isPending && (
        <p className="state" role="status">
          <Spinner />
          {t('kyc.onboarding.loading')}
        </p>
      )}
      {queue.isError && (
        <p className="state state--error" role="alert">
          {t('kyc.onboarding.error')}
        </p>
      )}
      {queue.data && queue.data.items.length === 0 && <p>{t('kyc.admin.empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('kyc.admin.name')}</th>
              <th scope="col">{t('kyc.admin.submittedAt')}</th>
              <th scope="col">{t('kyc.admin.documents')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('kyc.admin.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queue.data.items.map((item) => (
              <tr key={item.providerId}>
                <td>{item.name}</td>
                <td>{item.submittedAt ? formatDateTime(item.submittedAt, locale) : '—'}</td>
                <td>{item.documentTypes.map((d) => t(`kyc.documentTypes.${d}`)).join(', ') || '—'}</td>
                <td>
                  <Link to={`/admin/kyc/${item.providerId}`} aria-label={`${t('kyc.admin.open')} — ${item.name}`}>
                    {t('kyc.admin.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
