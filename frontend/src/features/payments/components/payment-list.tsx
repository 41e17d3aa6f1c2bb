import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { receiptUrl, useMyPayments } from '../api/get-my-payments';

/** The client's payments with a link to each receipt. */
export function PaymentList() {
  const { t } = useTranslation();
  const locale = useLocale();
  const payments = useMyPayments();
  if (!payments.data) return <LoadState error={payments.error} message={t('payments.mine.error')} retry={() => void payments.refetch()} />;
  const items = payments.data.pages.flatMap((page) => page.payments);
  if (items.length === 0) return <p>{t('payments.mine.empty')}</p>;
  return (
    <>
      <table className="table">
        <caption className="visually-hidden">{t('payments.mine.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('payments.mine.paidAt')}</th>
            <th scope="col">{t('payments.mine.service')}</th>
            <th scope="col">{t('payments.mine.provider')}</th>
            <th scope="col">{t('payments.mine.amount')}</th>
            <th scope="col">{t('payments.mine.refunded')}</th>
            <th scope="col">{t('payments.mine.method')}</th>
            <th scope="col">{t('payments.mine.status')}</th>
            <th scope="col">{t('payments.mine.receipt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((payment) => {
            const date = formatDateTime(payment.paidAt, locale);
            return (
              <tr key={payment.bookingId}>
                <td>{date}</td>
                <td>
                  <Link to={`/bookings/${encodeURIComponent(payment.bookingId)}`}>{payment.serviceTitle}</Link>
                </td>
                <td>{payment.providerName}</td>
                <td>{formatMoney(payment.amountMinor, payment.currency, locale)}</td>
                <td>{payment.refundedMinor > 0 ? formatMoney(payment.refundedMinor, payment.currency, locale) : '—'}</td>
                <td>{t(`payments.mine.methods.${payment.method}`)}</td>
                <td>{t('payments.mine.statuses.' + payment.status, { defaultValue: payment.status })}</td>
                <td>
                  {payment.receiptAvailable ? (
                    <a
                      href={receiptUrl(payment.bookingId, locale)}
                      download
                      aria-label={t('payments.mine.receiptLabel', { date, service: payment.serviceTitle })}
                    >
                      {t('payments.mine.receiptLink')}
                    </a>
                  ) : (
                    t('payments.mine.noReceipt')
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {payments.hasNextPage && (
        <SubmitButton
          type="button"
          variant="secondary"
          pending={payments.isFetchingNextPage}
          pendingLabel={t('payments.mine.loadingMore')}
          onClick={() => void payments.fetchNextPage()}
        >
          {t('payments.mine.more')}
        </SubmitButton>
      )}
    </>
  );
}
