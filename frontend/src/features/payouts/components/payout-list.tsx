import type { PayoutOverview } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';

import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { PayoutPanel } from './payout-panel';

export function PayoutList({ payouts }: { payouts: PayoutOverview['payouts'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <PayoutPanel heading={t('payouts.list.heading')}>
      {payouts.length === 0 ? (
        <p>{t('payouts.list.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('payouts.list.date')}</th>
              <th scope="col">{t('payouts.list.amount')}</th>
              <th scope="col">{t('payouts.list.netted')}</th>
              <th scope="col">{t('payouts.list.rail')}</th>
              <th scope="col">{t('payouts.list.status')}</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((p) => (
              <tr key={p.id}>
                <td>{formatDateTime(p.createdAt, locale)}</td>
                <td>{formatMoney(p.amountMinor, p.currency, locale)}</td>
                <td>{formatMoney(p.nettedMinor, p.currency, locale)}</td>
                <td>{t(`payouts.rail.${p.rail}`)}</td>
                <td>
                  {t(`payouts.list.statuses.${p.status}`)}
                  {p.failureReason && <> — {t('payouts.list.reason', { reason: p.failureReason })}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PayoutPanel>
  );
}
