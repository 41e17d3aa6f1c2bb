import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { LoadState } from '@/components/ui/load-state';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/text-field';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { useDisputes, useResolveDispute } from '../api/disputes';

type DisputedBooking = NonNullable<ReturnType<typeof useDisputes>['data']>['bookings'][number];

/** One disputed booking and the admin's outcome: the part of the price refunded (in the currency's units) and why. */
function ResolveForm({ booking, onDone }: { booking: DisputedBooking; onDone: () => void }) {
  const { t } = useTranslation();
  const resolve = useResolveDispute();
  const [refund, setRefund] = useState('0');
  const [note, setNote] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  // Minor units from what the admin types (two decimals), without floating point.
  const minor = /^\d{1,9}([.,]\d{1,2})?$/.test(refund.trim())
    ? (() => {
        const [whole, cents = ''] = refund.trim().replace(',', '.').split('.');
        return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
      })()
    : null;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (minor === null || minor > booking.priceMinor || !note.trim()) {
      setError({ message: t('disputes.invalid') });
      return;
    }
    try {
      await resolve.mutateAsync({ bookingId: booking.id, version: booking.version, refundMinor: minor, note: note.trim() });
      onDone();
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <FormAlert error={error} />
      <TextField
        label={t('disputes.refund', { currency: booking.currency })}
        hint={t('disputes.refundHint')}
        name="refund"
        inputMode="decimal"
        value={refund}
        onChange={(event) => setRefund(event.target.value)}
      />
      <TextAreaField
        label={t('disputes.note')}
        name="note"
        rows={3}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <SubmitButton pending={resolve.isPending} pendingLabel={t('disputes.resolving')}>
        {t('disputes.resolve')}
      </SubmitButton>
    </form>
  );
}

/** The back office's disputes: bookings waiting for an outcome, and card chargebacks with theirs. */
export function Disputes() {
  const { t } = useTranslation();
  const locale = useLocale();
  const bookingsHeading = useId();
  const chargebacksHeading = useId();
  const disputes = useDisputes();
  const [done, setDone] = useState(false);
  if (!disputes.data) return <LoadState error={disputes.error} message={t('disputes.error')} retry={() => void disputes.refetch()} />;
  const { bookings, chargebacks } = disputes.data;
  return (
    <>
      {done && <Notice>{t('disputes.done')}</Notice>}
      <section aria-labelledby={bookingsHeading} className="panel">
        <h2 id={bookingsHeading} className="panel__heading">
          {t('disputes.bookings')}
        </h2>
        {bookings.length === 0 && <p>{t('disputes.noBookings')}</p>}
        {bookings.map((booking) => (
          <article key={booking.id} className="panel" aria-label={booking.service}>
            <h3>
              <Link to={`/bookings/${encodeURIComponent(booking.id)}`}>
                <bdi>{booking.service}</bdi>
              </Link>
            </h3>
            <p>
              {t('disputes.parties', { client: booking.client, provider: booking.provider })} ·{' '}
              {formatMoney(booking.priceMinor, booking.currency, locale)} ·{' '}
              {t(`disputes.methods.${booking.paymentMethod === 'card' ? 'card' : 'cash'}`)}
            </p>
            {booking.reason && (
              <p>
                {t('disputes.reason')} <bdi>{booking.reason}</bdi>
              </p>
            )}
            <ResolveForm booking={booking} onDone={() => setDone(true)} />
          </article>
        ))}
      </section>
      <section aria-labelledby={chargebacksHeading} className="panel">
        <h2 id={chargebacksHeading} className="panel__heading">
          {t('disputes.chargebacks')}
        </h2>
        {chargebacks.length === 0 ? (
          <p>{t('disputes.noChargebacks')}</p>
        ) : (
          <ul>
            {chargebacks.map((chargeback) => (
              <li key={chargeback.disputeId}>
                <bdi>{formatDateTime(chargeback.at, locale)}</bdi> · {formatMoney(chargeback.amountMinor, chargeback.currency, locale)} ·{' '}
                {t(`disputes.outcomes.${chargeback.outcome}`)}
                {chargeback.bookingId && (
                  <>
                    {' '}
                    · <Link to={`/bookings/${encodeURIComponent(chargeback.bookingId)}`}>{t('disputes.booking')}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
